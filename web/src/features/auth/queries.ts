import { PrincipalSchema, type Principal } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { ApiRequestError, requestJson } from '../../api/http.js';

/**
 * Who is signed in: the Principal, or null when nobody is (`GET /api/auth/me` answered 401).
 * The auth module sets it to null on any unauthorized answer, and to the principal on login.
 */
export const authQueries = {
  all: () => ['auth'] as const,
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: async ({ signal }): Promise<Principal | null> => {
        try {
          // isSignIn: a 401 here is the answer "nobody", not news of a lost session.
          return await requestJson('/api/auth/me', PrincipalSchema, { signal, isSignIn: true });
        } catch (error) {
          if (error instanceof ApiRequestError && error.status === 401) return null;
          throw error;
        }
      },
      // The session is followed by the answers of every other request, not by polling.
      staleTime: Infinity,
      gcTime: Infinity,
      retry: 1,
    }),
};
