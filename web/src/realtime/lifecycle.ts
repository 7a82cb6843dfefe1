import type { Principal } from '@mirsad/shared';
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { onUnauthorized } from '../api/http.js';
import { authQueries } from '../features/auth/queries.js';
import { configQueries } from '../features/config/queries.js';
import { resetIncidentView } from '../features/incidents/store.js';
import { setShelterBoardOpen } from '../features/shelters/store.js';
import { setHelpOpen } from '../features/shortcuts/store.js';
import { setConnectionStatus } from './connectionStore.js';

/** What the lifecycle decides for a change of who is signed in. */
export type LifecycleStep = 'start' | 'stop' | 'restart' | 'none';

/**
 * The step to take when the signed-in principal changes from `before` to `after`: start the
 * realtime module on sign-in, stop it on sign-out, and start over when another person signed
 * in (their rooms and picture differ). Undefined is "not known yet" and changes nothing.
 */
export function lifecycleStep(
  before: Principal | null | undefined,
  after: Principal | null | undefined,
): LifecycleStep {
  if (after === undefined) return 'none';
  const wasIn = before !== null && before !== undefined;
  if (after === null) return wasIn ? 'stop' : 'none';
  if (!wasIn) return 'start';
  return before.id === after.id && before.kind === after.kind ? 'none' : 'restart';
}

/** Query keys that outlive a session: who is signed in, and the server's build and settings. */
const KEPT_KEYS: readonly string[] = [authQueries.all()[0], configQueries.all()[0]];

/**
 * Drops what the last person saw: their picture, lists, filters and open panels. After a sign-out the
 * page calls it once the room has unmounted (the login page's effect): a query removed under a
 * still-mounted component would be fetched again, for a 401.
 */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({
    predicate: (query) => !KEPT_KEYS.includes(String(query.queryKey[0])),
  });
  resetIncidentView();
  setShelterBoardOpen(false);
  setHelpOpen(false);
  setConnectionStatus({ state: 'catching-up', problem: null, dataAsOf: null });
}

/**
 * Runs the realtime module while someone is signed in: `start` when they sign in, its stop
 * function when they sign out or the server says the session is gone (a 401 anywhere, or a
 * refused handshake). Returns a function that stops following.
 */
export function followSignIn(queryClient: QueryClient, start: (queryClient: QueryClient) => () => void) {
  let stopRealtime: (() => void) | null = null;
  let current: Principal | null | undefined;

  const stop = (): void => {
    stopRealtime?.();
    stopRealtime = null;
  };

  const observer = new QueryObserver(queryClient, authQueries.me());
  const unsubscribe = observer.subscribe((result) => {
    const step = lifecycleStep(current, result.data);
    if (result.data !== undefined) current = result.data;
    switch (step) {
      case 'start':
        stopRealtime = start(queryClient);
        break;
      case 'stop':
        // The cache is emptied by the login page once the room has gone (see forgetSession).
        stop();
        break;
      case 'restart':
        // Another person: their session must not start on the last one's data.
        stop();
        forgetSession(queryClient);
        stopRealtime = start(queryClient);
        break;
      case 'none':
        break;
    }
  });
  const stopListening = onUnauthorized(() => {
    queryClient.setQueryData(authQueries.me().queryKey, null);
  });

  return () => {
    unsubscribe();
    stopListening();
    stopRealtime?.();
    stopRealtime = null;
  };
}
