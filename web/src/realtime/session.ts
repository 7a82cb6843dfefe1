import {
  PROTOCOL_VERSION,
  incidentsAfter,
  type HandshakeAuth,
  type HandshakeErrorCode,
  type MirsadEvent,
  type PresenceEntry,
  type UnitPosition,
} from '@mirsad/shared';
import { notifyManager, type QueryClient } from '@tanstack/react-query';
import { incidentQueries } from '../features/incidents/queries.js';
import { noteQueries } from '../features/notes/queries.js';
import { createCoalescer, type FrameClock } from './coalescer.js';
import { setConnectionStatus, useConnectionStore } from './connectionStore.js';
import { applyEventsToPicture, type Picture } from './picture.js';
import { heldIncidentIds, writePositions, writePresence, writeRoomEvents } from './roomCache.js';

/**
 * Why the server refused a handshake. `unauthorized` is a socket without a session (the cookie
 * expired or was never set), which sends the person to the login screen.
 */
export type RefusalCode = HandshakeErrorCode;

const REFUSAL_CODES: readonly string[] = [
  'protocol_mismatch',
  'bad_handshake',
  'unauthorized',
  'forbidden',
] satisfies readonly RefusalCode[];

const isRefusalCode = (value: unknown): value is RefusalCode =>
  typeof value === 'string' && REFUSAL_CODES.includes(value);

/**
 * Shortest time between two writes of events into the cache, in milliseconds. Each write is
 * one React commit, made on an animation frame (see `coalescer.ts`), so a wall display
 * re-renders at most ten times a second however fast the log grows.
 */
export const EVENT_FLUSH_INTERVAL_MS = 100;

/** Smallest change of `dataAsOf` worth writing while live, in ms: it is shown to the second. */
const DATA_AS_OF_RESOLUTION_MS = 1_000;

/** Wait before trying a failed reload of the picture again, in milliseconds. */
export const PICTURE_RELOAD_RETRY_MS = 3_000;

/**
 * Backoff after a handshake the server refused without a code (its middleware threw: a store
 * error, overload), in ms: socket.io gives up on a refused handshake, so the session tries
 * again itself, doubling from the first wait up to the last, with jitter so that a room of
 * wall displays refused together does not come back together.
 */
export const REFUSED_RETRY_FIRST_MS = 1_000;
export const REFUSED_RETRY_MAX_MS = 30_000;

/**
 * The wait before connecting again after the `attempt`-th refusal in a row (0 for the first):
 * between half and all of the doubled delay, capped, so never zero and never over the cap.
 */
export function refusedRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_FIRST_MS * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What the realtime session needs from the page around it. */
export interface RealtimeSessionOptions {
  queryClient: QueryClient;
  /** The build this page was served from, as `GET /api/config` said when it loaded. */
  pageBuildId: string;
  /** The server runs another build or protocol than this page: the page must reload. */
  onStaleClient: (serverBuildId: string | null) => void;
  /**
   * Fetches the picture anew and puts it in the cache, for when the server's log turns out not
   * to be the one this page followed; resolves to the picture it stored.
   */
  reloadPicture: () => Promise<Picture>;
  /** The server refused the socket for want of a session: the person must sign in again. */
  onUnauthorized?: () => void;
  /**
   * Opens the socket again after a handshake refused without a code, which socket.io does not
   * retry by itself (`refusedRetryDelayMs` apart). Without it such a refusal is final.
   */
  connectAgain?: () => void;
  /** Numbers in [0, 1) for the retry's jitter; `Math.random` by default. */
  random?: () => number;
  /** Wait before trying a failed reload of the picture again, in ms. */
  reloadRetryMs?: number;
  flushIntervalMs?: number;
  now?: () => number;
  /** The clocks the writes are coalesced on (animation frames); the page's by default. */
  frameClock?: FrameClock;
}

/**
 * The socket-independent half of the realtime module: what to do with each thing the socket
 * reports. `realtime.ts` wires a socket.io client to it; tests drive it directly.
 */
export interface RealtimeSession {
  /** The handshake to send on every (re)connection: resume after the last event received. */
  handshakeAuth: () => HandshakeAuth;
  onConnect: () => void;
  onHello: (info: { protocolVersion: number; buildId: string }) => void;
  onEvents: (events: readonly MirsadEvent[]) => void;
  /** A volatile batch of unit positions; coalesced with the events into one write per interval. */
  onUnitsMoved: (positions: readonly { unitId: string; position: UnitPosition }[]) => void;
  onPresence: (people: PresenceEntry[]) => void;
  onLive: (info: { seq: number }) => void;
  onDisconnect: (willReconnect: boolean) => void;
  onConnectError: (code: RefusalCode | null, willRetry: boolean) => void;
  /** Writes the events received so far into the cache now. */
  flush: () => void;
  dispose: () => void;
}

/** The refusal code a refused handshake carries in `connect_error`'s `data.code`, if any. */
export function handshakeErrorCode(error: Error): RefusalCode | null {
  const data: unknown = 'data' in error ? error.data : undefined;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  return isRefusalCode(data.code) ? data.code : null;
}

/**
 * Starts a session from a loaded picture. The picture's `seq` is where the log is resumed:
 * the socket connects only once the picture is in the cache, so no event can arrive that the
 * picture does not already account for, and every later one is asked for in the handshake.
 */
export function createRealtimeSession(options: RealtimeSessionOptions, picture: Picture): RealtimeSession {
  const { queryClient, pageBuildId, onStaleClient, reloadPicture } = options;
  const flushIntervalMs = options.flushIntervalMs ?? EVENT_FLUSH_INTERVAL_MS;
  const reloadRetryMs = options.reloadRetryMs ?? PICTURE_RELOAD_RETRY_MS;
  const now = options.now ?? Date.now;
  const pictureKey = incidentQueries.picture().queryKey;

  /** Sequence of the last event received (applied or waiting in `pending`). */
  let lastSeq = picture.seq;
  let pending: MirsadEvent[] = [];
  /** Unit positions received since the last write, newest per unit. */
  let pendingPositions = new Map<string, UnitPosition>();
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  const coalescer = createCoalescer(flush, flushIntervalMs, options.frameClock);
  /** While the picture is being loaded anew, events wait: they belong on the new picture. */
  let isReloading = false;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let isDisposed = false;
  /** Whether the socket is connected and has caught up (`log.live` since the last connect). */
  let isLinkLive = false;
  /** Code-less refusals since the link was last live, and the timer of the next attempt. */
  let refusedInARow = 0;
  let connectAgainTimer: ReturnType<typeof setTimeout> | undefined;

  setConnectionStatus({ dataAsOf: now() });

  const isLive = (): boolean => useConnectionStore.getState().state === 'live';

  function flush(): void {
    coalescer.ranNow();
    if ((pending.length === 0 && pendingPositions.size === 0) || isReloading) return;
    const batch = pending;
    const positions = pendingPositions;
    pending = [];
    pendingPositions = new Map();
    lastFlushAt = now();
    // One notification for every cache write of this flush: one React commit, not one per list.
    notifyManager.batch(() => {
      writeBatch(batch, positions);
    });
    // "As of" is shown to the second: writing it on every flush would re-render for nothing.
    const { dataAsOf } = useConnectionStore.getState();
    if (isLive() && lastFlushAt - (dataAsOf ?? 0) >= DATA_AS_OF_RESOLUTION_MS)
      setConnectionStatus({ dataAsOf: lastFlushAt });
  }

  function writeBatch(batch: readonly MirsadEvent[], positions: ReadonlyMap<string, UnitPosition>): void {
    if (batch.length > 0) {
      queryClient.setQueryData(pictureKey, (current) =>
        current ? applyEventsToPicture(current, batch) : current,
      );
      // A detail open on an incident outside the active picture follows its events too
      // (only the details held are looked at: see `heldIncidentIds`).
      const details = heldIncidentIds(queryClient, [...incidentQueries.all(), 'detail']);
      for (const event of batch) {
        for (const incident of incidentsAfter(event)) {
          if (!details.has(incident.id)) continue;
          const detailKey = incidentQueries.detail(incident.id).queryKey;
          const held = queryClient.getQueryData(detailKey);
          if (held && held.version < incident.version) queryClient.setQueryData(detailKey, incident);
        }
      }
      writeRoomEvents(queryClient, batch);
    }
    // After the events: a unit event in this batch must not carry an older position over these.
    if (positions.size > 0) writePositions(queryClient, positions);
  }

  function scheduleFlush(): void {
    if (!isReloading) coalescer.schedule();
  }

  /**
   * The server's log is behind what this page applied: it is another log (a restored or new
   * store), so the picture is dropped and loaded again, and the log followed from there.
   */
  function startOver(serverSeq: number): void {
    const isAlreadyReloading = isReloading;
    isReloading = true;
    coalescer.cancel();
    pending = [];
    pendingPositions = new Map();
    lastSeq = serverSeq;
    setConnectionStatus({ state: 'catching-up', problem: null });
    // Details held from the other log may name incidents this one never had.
    void queryClient.invalidateQueries({ queryKey: [...incidentQueries.all(), 'detail'] });
    void queryClient.invalidateQueries({ queryKey: noteQueries.all() });
    if (!isAlreadyReloading) attemptReload();
  }

  function attemptReload(): void {
    reloadPicture().then(
      (picture) => {
        if (isDisposed) return;
        isReloading = false;
        lastSeq = Math.max(lastSeq, picture.seq);
        if (isLinkLive) setConnectionStatus({ state: 'live', problem: null, dataAsOf: now() });
        // Events that arrived during the reload and are newer than the new picture go on top.
        scheduleFlush();
      },
      (error: unknown) => {
        if (isDisposed) return;
        console.warn('Mirsad: could not reload the picture; retrying', error);
        setConnectionStatus({ problem: 'unreachable' });
        reloadTimer = setTimeout(attemptReload, reloadRetryMs);
      },
    );
  }

  return {
    handshakeAuth: () => ({ protocolVersion: PROTOCOL_VERSION, lastSeq }),
    onConnect: () => {
      isLinkLive = false;
      clearTimeout(connectAgainTimer);
      setConnectionStatus({ state: 'catching-up', problem: null });
    },
    onHello: (info) => {
      if (info.buildId !== pageBuildId || info.protocolVersion !== PROTOCOL_VERSION)
        onStaleClient(info.buildId);
    },
    onEvents: (events) => {
      for (const event of events) {
        if (event.seq <= lastSeq) continue;
        pending.push(event);
        lastSeq = event.seq;
      }
      if (pending.length > 0) scheduleFlush();
    },
    onUnitsMoved: (positions) => {
      for (const { unitId, position } of positions) {
        const held = pendingPositions.get(unitId);
        if (!held || Date.parse(position.at) >= Date.parse(held.at)) pendingPositions.set(unitId, position);
      }
      if (pendingPositions.size > 0) scheduleFlush();
    },
    onPresence: (people) => {
      writePresence(queryClient, people);
    },
    onLive: (info) => {
      isLinkLive = true;
      refusedInARow = 0;
      if (info.seq < lastSeq) {
        startOver(info.seq);
        return;
      }
      // Events of rooms this client is not in were skipped up to here: nothing older is missing.
      lastSeq = info.seq;
      // Still loading a new picture: it will say live when the picture is in.
      if (isReloading) return;
      setConnectionStatus({ state: 'live', problem: null, dataAsOf: now() });
    },
    onDisconnect: (willReconnect) => {
      isLinkLive = false;
      const { dataAsOf } = useConnectionStore.getState();
      setConnectionStatus({
        state: willReconnect ? 'reconnecting' : 'disconnected',
        dataAsOf: isLive() ? now() : dataAsOf,
      });
    },
    onConnectError: (code, willRetry) => {
      // Refused without a code: a passing failure of the server, not a verdict on this page.
      const { connectAgain } = options;
      const willConnectAgain = code === null && !willRetry && connectAgain !== undefined && !isDisposed;
      if (willConnectAgain) {
        clearTimeout(connectAgainTimer);
        connectAgainTimer = setTimeout(connectAgain, refusedRetryDelayMs(refusedInARow, options.random));
        refusedInARow++;
      }
      setConnectionStatus({
        state: willRetry || willConnectAgain ? 'reconnecting' : 'disconnected',
        problem: code ?? 'unreachable',
      });
      if (code === 'protocol_mismatch') onStaleClient(null);
      if (code === 'unauthorized') options.onUnauthorized?.();
    },
    flush,
    dispose: () => {
      isDisposed = true;
      coalescer.cancel();
      clearTimeout(reloadTimer);
      clearTimeout(connectAgainTimer);
    },
  };
}
