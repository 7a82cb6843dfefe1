import { PrincipalSchema, type LoginRequest } from '@mirsad/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NO_CONTENT, fieldOf, requestJson } from '../../api/http.js';
import { authQueries } from './queries.js';

/** Signs in (`POST /api/auth/login`); the server sets the session cookie, and realtime starts. */
export function useLoginMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      requestJson('/api/auth/login', fieldOf('principal', PrincipalSchema), {
        method: 'POST',
        body: credentials,
        isSignIn: true,
      }),
    onSuccess: (principal) => {
      queryClient.setQueryData(authQueries.me().queryKey, principal);
    },
  });
}

/** Signs out (`POST /api/auth/logout`): the session ends and the screen goes back to login. */
export function useLogoutMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestJson('/api/auth/logout', NO_CONTENT, { method: 'POST' }),
    // Signed out on this screen even when the server could not be told: the person asked to leave.
    onSettled: () => {
      queryClient.setQueryData(authQueries.me().queryKey, null);
    },
  });
}
