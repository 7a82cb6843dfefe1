import type { QueryClient } from '@tanstack/react-query';
import { io } from 'socket.io-client';
import { authQueries } from '../features/auth/queries.js';
import { configQueries } from '../features/config/queries.js';
import { displayKey } from '../api/displayKey.js';
import { ApiRequestError, notifyUnauthorized } from '../api/http.js';
import { incidentQueries } from '../features/incidents/queries.js';
import { setConnectionStatus } from './connectionStore.js';
import { currentExerciseId } from './exerciseMode.js';
import { loadRoomLists } from './roomCache.js';
import { createRealtimeSession, type RealtimeSession } from './session.js';
import { wireSocket, type MirsadSocket } from './socket.js';

/** Waits between attempts to load the config and picture before the socket opens, in ms. */
const BOOT_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;

/** socket.io's own reconnection backoff, in ms: quick at first, then at most every 10 s. */
const RECONNECT_DELAY_MS = 1_000;
const RECONNECT_DELAY_MAX_MS = 10_000;

/** sessionStorage key remembering which build a reload was for, so a mismatch cannot loop. */
const RELOAD_GUARD_KEY = 'mirsad.reloadedFor';

/**
 * Reloads the page to pick up the server's build, once per build: if the reloaded page still
 * disagrees (a server answering two builds), it keeps running rather than reloading forever.
 */
function reloadForBuild(serverBuildId: string | null): void {
  const target = serverBuildId ?? 'protocol';
  try {
    if (sessionStorage.getItem(RELOAD_GUARD_KEY) === target) {
      console.warn(
        `Mirsad: the server still runs another build (${target}) after a reload; not reloading again`,
      );
      return;
    }
    sessionStorage.setItem(RELOAD_GUARD_KEY, target);
  } catch {
    // No sessionStorage (privacy mode): reload anyway, a loop is less likely than a stale page.
  }
  window.location.reload();
}

/**
 * The one realtime module: loads the config, the picture and the room's lists, then keeps them
 * live from the socket. It owns the socket; components read the cache and the connection store
 * only. It runs while someone is signed in (see `lifecycle.ts`): the socket's handshake carries
 * the session cookie. Returns a function that stops it.
 */
export function startRealtime(queryClient: QueryClient): () => void {
  // Trainers have no live room (the server refuses them one): only an exercise page connects.
  const me = queryClient.getQueryData(authQueries.me().queryKey);
  if (me?.role === 'trainer' && currentExerciseId() === null) return () => undefined;
  let isStopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: MirsadSocket | undefined;
  let session: RealtimeSession | undefined;

  async function boot(attempt: number): Promise<void> {
    try {
      const config = await queryClient.query(configQueries.client());
      const picture = await queryClient.query(incidentQueries.picture());
      // After the picture: the log is replayed from the picture's seq, which brings lists read
      // a moment later up to date, while a list read before it could miss an event for good.
      await loadRoomLists(queryClient);
      if (isStopped) return;
      const started = createRealtimeSession(
        {
          queryClient,
          pageBuildId: config.buildId,
          onStaleClient: reloadForBuild,
          reloadPicture: async () => {
            const reloaded = await queryClient.query({ ...incidentQueries.picture(), staleTime: 0 });
            await loadRoomLists(queryClient, { isFresh: true });
            return reloaded;
          },
          onUnauthorized: notifyUnauthorized,
          connectAgain: () => {
            if (!isStopped) socket?.connect();
          },
        },
        picture,
      );
      session = started;
      socket = io({
        autoConnect: false,
        // A function, so that every reconnection sends the lastSeq of that moment.
        auth: (send) => {
          const token = displayKey();
          // An exercise page follows that exercise's rooms only; the server checks membership.
          const exerciseId = currentExerciseId();
          const auth =
            exerciseId === null ? started.handshakeAuth() : { ...started.handshakeAuth(), exerciseId };
          send(token === null ? auth : { ...auth, token });
        },
        reconnectionDelay: RECONNECT_DELAY_MS,
        reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
        // WebSocket only, no long-polling first: one connection stays on one node for its life,
        // so a balancer in front of several nodes needs no sticky sessions. After a node dies
        // the socket reconnects through the balancer to another, resuming from its lastSeq.
        transports: ['websocket'],
      });
      wireSocket(socket, started, queryClient);
      socket.connect();
    } catch (error) {
      // Signed out under us: the lifecycle stops this module; there is nothing to retry.
      if (isStopped || (error instanceof ApiRequestError && error.status === 401)) return;
      console.warn('Mirsad: could not load the picture; retrying', error);
      setConnectionStatus({ state: 'disconnected', problem: 'unreachable' });
      const delay = BOOT_RETRY_DELAYS_MS[Math.min(attempt, BOOT_RETRY_DELAYS_MS.length - 1)];
      retryTimer = setTimeout(() => void boot(attempt + 1), delay);
    }
  }

  void boot(0);

  return () => {
    isStopped = true;
    clearTimeout(retryTimer);
    socket?.disconnect();
    session?.dispose();
  };
}
