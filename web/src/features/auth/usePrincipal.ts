import type { Principal } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { authQueries } from './queries.js';

/**
 * Stands in for the principal in the moment between a sign-out and the signed-in part of the
 * page unmounting: a component notified before its parent may render once more. It may do
 * nothing (a display without sectors), so nothing can be offered to nobody.
 */
const NOBODY: Principal = {
  kind: 'user',
  id: '',
  displayName: '',
  role: 'display',
  sectors: [],
  source: null,
};

/** The signed-in principal, for components under the signed-in part of the app. */
export function usePrincipal(): Principal {
  const { data } = useQuery(authQueries.me());
  return data ?? NOBODY;
}
