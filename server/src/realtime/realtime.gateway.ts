import { createHash } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { fastifyCookie } from '@fastify/cookie';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  CATCH_UP_BATCH_SIZE,
  DRONE_POSITION_THROTTLE_MS,
  HandshakeAuthSchema,
  JOINT_ROOM,
  PROTOCOL_VERSION,
  UNIT_POSITION_THROTTLE_MS,
  feedOf,
  isInFeed,
  roomsOfEvent,
  roomsOfFeed,
  sectorRoom,
  toFieldIssues,
  type AccessRule,
  type ClientToServerEvents,
  type DroneState,
  type InterServerEvents,
  type MirsadEvent,
  type PresenceEntry,
  type SectorId,
  type ServerToClientEvents,
  type SocketData,
  type UnitPosition,
} from '@mirsad/shared';
import type { ExerciseRoster } from '../auth/access.js';
import { resolvePrincipal } from '../auth/auth.hooks.js';
import type { AuditService } from '../auth/audit.service.js';
import { SESSION_COOKIE, type AuthService } from '../auth/auth.service.js';
import {
  clientAddress,
  isAllowedOrigin,
  isFromOurPages,
  originOfRequest,
  type TrustProxy,
} from '../auth/origin.js';
import type { EventStore } from '../store/event.store.js';
import { EventRing } from './event.ring.js';

type MirsadServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type MirsadSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * How long a socket that has seen more of the log than this node has published (it comes from
 * a node that is ahead: another node died, the balancer sent it here) waits for this node to
 * catch up, ms. Past it, the socket is told the head it can have and its client starts over.
 */
const AHEAD_WAIT_MS = 10_000;

/** How often presence is recomputed after a change, ms: a burst of reconnects sends one update. */
const PRESENCE_DEBOUNCE_MS = 300;

/** How often the sessions of open sockets are checked for a quiet end (idle expiry), ms. */
export const SESSION_RECHECK_MS = 60_000;

/**
 * The rule each event a client may send declares, as every REST route does: a new event in
 * `ClientToServerEvents` without a rule here fails to compile. None yet: a client only listens;
 * the connection itself is gated by the shared policy's `feedOf`.
 */
export const SOCKET_EVENT_RULES = {} satisfies Record<keyof ClientToServerEvents, AccessRule>;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** What the gateway needs from the rest of the server. */
export interface GatewayOptions {
  store: EventStore;
  auth: AuthService;
  audit: AuditService;
  headSeq: number;
  /** Who takes part in each exercise, for the policy's exercise rooms. */
  roster: ExerciseRoster;
  buildId: string;
  allowedOrigins: readonly string[];
  /** TRUST_PROXY's proxies: whose forwarded scheme, host and address are believed. */
  trustProxy: TrustProxy;
  /**
   * The adapter shared by the nodes of one room (Redis streams): volatile broadcasts and
   * server-side events reach every node's sockets. Left out: one node, socket.io's in-memory one.
   */
  adapter?: ServerOptions['adapter'];
  /** Told of positions another node accepted (they are broadcast by that node already). */
  onRemotePositions?: (positions: { unitId: string; position: UnitPosition }[]) => void;
  /** Told of drones' telemetry another node accepted (broadcast by that node already). */
  onRemoteDrones?: (states: DroneState[]) => void;
}

/**
 * The room that every socket of one feed joins beside the feed's own rooms (`roomsOfFeed`): a
 * socket joins rooms once, for one feed, so it is in exactly one of these.
 */
const feedRoomOf = (rooms: readonly string[]): string => `feed:${rooms.join(' ')}`;

/**
 * The socket.io side of the log. Each connection is authenticated like a request (session
 * cookie, or an API key in `auth.token`), joins only the rooms its account may see, first
 * receives every visible event after the sequence it names, from memory when it is among the
 * newest (`EventRing`) and else from the store, then live events.
 *
 * Exactly once, in order: `published` is the newest sequence broadcast to rooms. A catching-up
 * socket reads the store only up to `published`, and joins its rooms in the same tick in which
 * it has read everything up to `published`; every later event reaches it through its rooms,
 * and every earlier one came from the store.
 *
 * Several nodes: each node publishes every event of the log (its own and the others', from its
 * tailer) to its own sockets only, so durable events never cross the adapter and no client gets
 * one twice. Volatile traffic (positions, presence) and revocations go through the adapter.
 */
export class RealtimeGateway {
  readonly io: MirsadServer;
  private published: number;
  /** The newest sequence handed to `publish`; those after `published` wait in `unsent` for this turn's broadcast. */
  private queued: number;
  private unsent: MirsadEvent[] = [];
  private broadcastTimer: NodeJS.Immediate | null = null;
  private readonly sessionOf = new Map<string, string>();
  /** Revocations so far; a handshake that began before its actor's revocation is closed on arrival. */
  private revocations = 0;
  private readonly revokedAt = new Map<string, number>();
  private readonly handshakeBegan = new Map<string, number>();
  private presenceTimer: NodeJS.Timeout | null = null;
  private hasPresenceChangedHere = false;
  private pendingPositions = new Map<string, { unitId: string; sector: SectorId; position: UnitPosition }>();
  private readonly positionTimer: NodeJS.Timeout;
  private readonly sessionTimer: NodeJS.Timeout;
  private isRecheckingSessions = false;
  private pendingDrones = new Map<string, DroneState>();
  private readonly droneTimer: NodeJS.Timeout;
  private readonly isClustered: boolean;
  /** The newest published events, so that a recent reconnect catches up without the store. */
  private readonly recent = new EventRing();
  /**
   * The room of each feed's sockets, with the feed's rooms: a broadcast sends each feed one frame
   * (see `broadcast`). A socket joins its feed's room with its feed's rooms, in the same tick.
   */
  private readonly feedRooms = new Map<string, ReadonlySet<string>>();
  /** Sockets waiting for this node to publish up to the sequence they have already seen. */
  private readonly publishWaiters = new Set<{ seq: number; resolve: () => void }>();

  constructor(
    httpServer: HttpServer,
    private readonly options: GatewayOptions,
  ) {
    this.published = options.headSeq;
    this.queued = options.headSeq;
    this.isClustered = options.adapter !== undefined;
    this.io = new Server(httpServer, {
      ...(options.adapter ? { adapter: options.adapter } : {}),
      serveClient: false,
      // A wall display must notice a dead link within seconds, not the default 45 s.
      pingInterval: 5_000,
      pingTimeout: 5_000,
      maxHttpBufferSize: 64 * 1024,
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
        const ownOrigin = originOfRequest(request, options.trustProxy);
        const hasSession = fastifyCookie.parse(request.headers.cookie ?? '')[SESSION_COOKIE] !== undefined;
        // A cookie rides along on any page's request, so a socket on one must come from our
        // pages (Origin, or Sec-Fetch-Site on a same-origin poll). A key is no ambient
        // credential: machines send no Origin, but a browser page elsewhere must be allowed.
        const isAllowed = hasSession
          ? isFromOurPages(request.headers, ownOrigin, options.allowedOrigins)
          : origin === undefined || isAllowedOrigin(origin, ownOrigin, options.allowedOrigins);
        if (!isAllowed)
          void this.refused(
            'anonymous',
            `origin ${origin ?? 'missing'}${hasSession ? ' with a session cookie' : ''}`,
            clientAddress(request, options.trustProxy),
          );
        callback(isAllowed ? null : 'origin not allowed', isAllowed);
      },
    });
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        () => {
          next();
        },
        (error: unknown) => {
          this.handshakeBegan.delete(socket.id);
          next(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    options.auth.onRevoked((actor) => {
      this.revoke(actor);
    });
    if (this.isClustered) {
      this.io.on('actor.revoked', (actor) => {
        this.revokeHere(actor);
      });
      this.io.on('session.ended', (sessionHash) => {
        this.endSessionHere(sessionHash);
      });
      this.io.on('presence.stale', () => {
        this.schedulePresence(false);
      });
      this.io.on('units.positions', (positions) => {
        options.onRemotePositions?.(positions);
      });
      this.io.on('drones.states', (states) => {
        options.onRemoteDrones?.(states);
      });
    }
    this.io.on('connection', (socket) => {
      const began = this.handshakeBegan.get(socket.id) ?? 0;
      this.handshakeBegan.delete(socket.id);
      if ((this.revokedAt.get(socket.data.actor) ?? -1) >= began) {
        // Revoked while its handshake was reading the account: what let it in is gone.
        socket.disconnect(true);
        return;
      }
      socket.emit('server.hello', { protocolVersion: PROTOCOL_VERSION, buildId: options.buildId });
      socket.on('disconnect', () => {
        this.schedulePresence();
      });
      this.catchUp(socket).catch((error: unknown) => {
        socket.disconnect(true);
        console.error('catch-up failed', error);
      });
    });
    this.positionTimer = setInterval(() => {
      this.flushPositions();
    }, UNIT_POSITION_THROTTLE_MS);
    this.positionTimer.unref();
    this.droneTimer = setInterval(() => {
      this.flushDrones();
    }, DRONE_POSITION_THROTTLE_MS);
    this.droneTimer.unref();
    this.sessionTimer = setInterval(() => {
      void this.recheckSessions();
    }, SESSION_RECHECK_MS);
    this.sessionTimer.unref();
  }

  /**
   * Closes the sockets whose session has ended without anyone saying so: it expired after
   * SESSION_IDLE_MS without a request, or its row is gone. Revocations and sign-outs close their
   * sockets at once (`revoke`, `endSession`); this catches the quiet end, within SESSION_RECHECK_MS.
   */
  async recheckSessions(): Promise<void> {
    if (this.isRecheckingSessions) return;
    this.isRecheckingSessions = true;
    try {
      const live = await this.options.auth.liveSessions(this.sessionOf.values());
      for (const [socketId, sessionHash] of this.sessionOf) {
        if (live.has(sessionHash)) continue;
        this.io.sockets.sockets.get(socketId)?.disconnect(true);
        this.sessionOf.delete(socketId);
      }
    } catch (error) {
      console.error('the sessions of open sockets could not be checked', error);
    } finally {
      this.isRecheckingSessions = false;
    }
  }

  private refused(actor: string, detail: string, ip: string | null): Promise<unknown> {
    return this.options.audit
      .record({ actor, action: 'socket.connect', target: null, outcome: 'refused', detail, ip })
      .catch(() => undefined);
  }

  private async authenticate(socket: MirsadSocket): Promise<void> {
    const fail = (code: string, message: string): Error =>
      Object.assign(new Error(message), { data: { code } });
    this.handshakeBegan.set(socket.id, this.revocations + 1);
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      const problems = toFieldIssues(parsed.error, 'auth').map((issue) => `${issue.path}: ${issue.message}`);
      throw fail('bad_handshake', `bad handshake: ${problems.join('; ')}`);
    }
    const auth = parsed.data;
    if (auth.protocolVersion !== PROTOCOL_VERSION) {
      throw fail(
        'protocol_mismatch',
        `protocol ${auth.protocolVersion} is not spoken here; the server speaks ${PROTOCOL_VERSION}: reload the page`,
      );
    }
    const { principal, sessionToken } = await resolvePrincipal(this.options.auth, {
      cookies: fastifyCookie.parse(socket.handshake.headers.cookie ?? ''),
      authorization: auth.token ? `Bearer ${auth.token}` : undefined,
    });
    const ip = clientAddress(socket.request, this.options.trustProxy);
    if (!principal) {
      await this.refused('anonymous', 'no session', ip);
      throw fail('unauthorized', 'sign in first');
    }
    const actor = `${principal.kind}:${principal.id}`;
    // The rooms come from the shared policy's feed, as `GET /api/events` does: they cannot disagree.
    const feed = feedOf(
      principal,
      auth.exerciseId ?? null,
      this.options.roster.of(auth.exerciseId ?? null),
      auth.sectors,
    );
    if ('refused' in feed) {
      await this.refused(actor, feed.refused, ip);
      throw fail('forbidden', feed.refused);
    }
    socket.data.lastSeq = auth.lastSeq;
    socket.data.exerciseId = feed.exerciseId;
    socket.data.sectors = feed.sectors === null ? null : [...feed.sectors];
    socket.data.actor = actor;
    socket.data.displayName = principal.displayName;
    socket.data.role = principal.role;
    if (sessionToken) this.sessionOf.set(socket.id, sha256(sessionToken));
  }

  /** Broadcasts a committed event. Must be called in sequence order, once per event. */
  publish(event: MirsadEvent): void {
    if (event.seq !== this.queued + 1) {
      throw new Error(`published ${event.seq} after ${this.queued}: events must be published in order`);
    }
    this.queued = event.seq;
    this.unsent.push(event);
    this.broadcastTimer ??= setImmediate(() => {
      this.broadcast();
    });
  }

  /**
   * Sends the events published since the last turn: to the sockets of each feed, one
   * `log.events` frame with those of the events that the feed may see, in log order. A group
   * commit, or the events that piled up behind a stall, then cost each socket one frame (and one
   * write) and each feed one encoding, however the events' rooms alternate: a storm's report
   * and the link it proposes to another sector's report have different rooms, and a frame per
   * run of equal rooms was a frame per event. `published` moves only here, so a catching-up
   * socket never misses or repeats what is still waiting.
   *
   * A feed whose room has no socket of this node is not encoded at all: socket.io encodes a
   * broadcast (JSON and WebSocket frame) before it looks for sockets, which cost a report about
   * 3 % of its CPU under `bench:write`, where no screen is open.
   */
  private broadcast(): void {
    this.broadcastTimer = null;
    const events = this.unsent;
    this.unsent = [];
    const last = events.at(-1);
    if (!last) return;
    const joined = this.io.of('/').adapter.rooms;
    // Worked out only when some feed has sockets: a room without screens spends nothing here.
    let roomsOf: string[][] | null = null;
    for (const [feedRoom, rooms] of this.feedRooms) {
      // The room is gone once its last socket has left; a socket of the same feed sets it again.
      if ((joined.get(feedRoom)?.size ?? 0) === 0) {
        this.feedRooms.delete(feedRoom);
        continue;
      }
      roomsOf ??= events.map((event) => roomsOfEvent(event));
      const frame = events.filter((_, i) => roomsOf?.[i]?.some((room) => rooms.has(room)));
      // Local: every node publishes the whole log to its own sockets (see the class comment).
      if (frame.length > 0) this.io.local.to(feedRoom).emit('log.events', frame);
    }
    for (const event of events) this.recent.push(event);
    this.published = last.seq;
    for (const waiter of this.publishWaiters) {
      if (waiter.seq > last.seq) continue;
      this.publishWaiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Queues a unit's position; positions go out at most once per UNIT_POSITION_THROTTLE_MS, latest only. */
  queuePosition(unitId: string, sector: SectorId, position: UnitPosition): void {
    this.pendingPositions.set(unitId, { unitId, sector, position });
  }

  private flushPositions(): void {
    if (this.pendingPositions.size === 0) return;
    const pending = [...this.pendingPositions.values()];
    this.pendingPositions = new Map();
    // Through the adapter, these broadcasts reach every node's sockets; the other nodes' memory follows too.
    if (this.isClustered)
      this.io.serverSideEmit(
        'units.positions',
        pending.map(({ unitId, position }) => ({ unitId, position })),
      );
    this.io.to(JOINT_ROOM).volatile.emit(
      'units.moved',
      pending.map(({ unitId, position }) => ({ unitId, position })),
    );
    const bySector = new Map<SectorId, { unitId: string; position: UnitPosition }[]>();
    for (const { unitId, sector, position } of pending) {
      bySector.set(sector, [...(bySector.get(sector) ?? []), { unitId, position }]);
    }
    for (const [sector, positions] of bySector)
      this.io.to(sectorRoom(sector)).volatile.emit('units.moved', positions);
  }

  /** Queues a drone's state; drones go out at most once per DRONE_POSITION_THROTTLE_MS, latest only. */
  queueDrone(state: DroneState): void {
    this.pendingDrones.set(state.droneId, state);
  }

  private flushDrones(): void {
    if (this.pendingDrones.size === 0) return;
    const pending = [...this.pendingDrones.values()];
    this.pendingDrones = new Map();
    // Through the adapter, the broadcasts below reach every node's sockets; the other nodes' memory follows too.
    if (this.isClustered) this.io.serverSideEmit('drones.states', pending);
    // The rooms of the drone's log and sector, as an event of that sector reaches them.
    const byRoom = new Map<string, DroneState[]>();
    for (const state of pending) {
      for (const room of roomsOfEvent({ exerciseId: state.exerciseId, sectors: [state.sector] })) {
        const batch = byRoom.get(room);
        if (batch) batch.push(state);
        else byRoom.set(room, [state]);
      }
    }
    for (const [room, states] of byRoom) this.io.to(room).volatile.emit('drones.moved', states);
  }

  /**
   * Tells this node's sockets that a history load finished (see `history.loaded`). Each node
   * tells only its own sockets: every node hears of a load from the store, the loading one too.
   */
  historyLoaded(): void {
    this.io.local.emit('history.loaded');
  }

  /**
   * Disconnects at once every open socket of an actor whose key was revoked, or whose account
   * was disabled or changed (password, role, sectors): it received its old rooms' events only
   * because of what it was. The client reconnects, and its handshake is judged anew.
   */
  revoke(actor: string): void {
    this.revokeHere(actor);
    if (this.isClustered) this.io.serverSideEmit('actor.revoked', actor);
  }

  private revokeHere(actor: string): void {
    this.revocations += 1;
    this.revokedAt.set(actor, this.revocations);
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.actor !== actor) continue;
      socket.disconnect(true);
      this.sessionOf.delete(socket.id);
    }
    this.schedulePresence();
  }

  /** Disconnects every socket of a session that has just ended. */
  endSession(sessionToken: string): void {
    const hash = sha256(sessionToken);
    this.endSessionHere(hash);
    if (this.isClustered) this.io.serverSideEmit('session.ended', hash);
  }

  private endSessionHere(hash: string): void {
    for (const [socketId, sessionHash] of this.sessionOf) {
      if (sessionHash !== hash) continue;
      this.io.sockets.sockets.get(socketId)?.disconnect(true);
      this.sessionOf.delete(socketId);
    }
  }

  /** Recomputes presence soon; `isFromHere`: a change on this node, which the other nodes must hear of. */
  private schedulePresence(isFromHere = true): void {
    if (isFromHere) this.hasPresenceChangedHere = true;
    if (this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      // Once per debounce window, however many sockets came and went.
      if (this.hasPresenceChangedHere && this.isClustered) this.io.serverSideEmit('presence.stale');
      this.hasPresenceChangedHere = false;
      this.sendPresence().catch((error: unknown) => {
        console.error('presence failed', error);
      });
    }, PRESENCE_DEBOUNCE_MS);
    this.presenceTimer.unref();
  }

  /**
   * Sends each socket of this node who else is in the rooms it sees, on every node:
   * commanders see everyone, officers their sectors' people.
   */
  private async sendPresence(): Promise<void> {
    const viewers = [...this.io.sockets.sockets.values()].filter((socket) => socket.rooms.size > 1);
    for (const id of this.sessionOf.keys()) if (!this.io.sockets.sockets.has(id)) this.sessionOf.delete(id);
    if (viewers.length === 0) return;
    // Every node's sockets (the adapter asks the others); on one node, this node's.
    const sockets = this.isClustered
      ? (await this.io.fetchSockets()).filter((socket) => socket.rooms.size > 1)
      : viewers;
    for (const viewer of viewers) {
      if (!viewer.connected) continue;
      const people = new Map<string, PresenceEntry>();
      for (const other of sockets) {
        const viewerSectors = viewer.data.sectors;
        const otherSectors = other.data.sectors;
        const isShared =
          viewer.data.exerciseId === other.data.exerciseId &&
          (viewerSectors === null ||
            otherSectors === null ||
            otherSectors.some((sector) => viewerSectors.includes(sector)));
        if (!isShared) continue;
        const entry = people.get(other.data.actor);
        if (entry) entry.connections += 1;
        else {
          people.set(other.data.actor, {
            actor: other.data.actor,
            displayName: other.data.displayName,
            role: other.data.role,
            sectors: otherSectors ?? [],
            connections: 1,
          });
        }
      }
      viewer.emit('presence.changed', [...people.values()]);
    }
  }

  /** Resolves once this node has published `seq`, or after `timeoutMs`. */
  private publishedUpTo(seq: number, timeoutMs: number): Promise<void> {
    if (this.published >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.publishWaiters.delete(waiter);
        resolve();
      }, timeoutMs);
      timer.unref();
      this.publishWaiters.add(waiter);
    });
  }

  private async catchUp(socket: MirsadSocket): Promise<void> {
    let cursor = socket.data.lastSeq;
    // A client from a node that was ahead of this one: its events up to `cursor` must not come again.
    if (cursor > this.published) await this.publishedUpTo(cursor, AHEAD_WAIT_MS);
    const feed = { exerciseId: socket.data.exerciseId, sectors: socket.data.sectors };
    while (socket.connected) {
      const target = this.published;
      if (cursor >= target) {
        // The in-memory adapter joins synchronously, within this tick; the promise matters
        // only for adapters that join remotely.
        const rooms = roomsOfFeed(feed);
        const feedRoom = feedRoomOf(rooms);
        // A feed of no rooms sees nothing, and its socket stays in no room (presence counts on it).
        if (rooms.length > 0) this.feedRooms.set(feedRoom, new Set(rooms));
        const joined = socket.join(rooms.length > 0 ? [...rooms, feedRoom] : []);
        socket.emit('log.live', { seq: target });
        await joined;
        this.schedulePresence();
        return;
      }
      // Recent events from memory: a storm of reconnects costs no store reads. Older ones
      // from the store, up to where memory takes over.
      const page =
        this.recent.after(cursor, CATCH_UP_BATCH_SIZE, target) ??
        (await this.options.store.readEvents(
          cursor,
          CATCH_UP_BATCH_SIZE,
          Math.min(target, this.recent.oldestKept() - 1),
        ));
      const last = page.at(-1);
      if (!last) throw new Error(`the log has no events after ${cursor} up to ${target}`);
      const visible = page.filter((event) => isInFeed(event, feed));
      if (visible.length > 0) socket.emit('log.events', visible);
      cursor = last.seq;
      // Let live traffic and other sockets through between pages of a long catch-up.
      await yieldToLoop();
    }
  }

  /** Disconnects every client and stops accepting new ones. */
  close(): Promise<void> {
    clearInterval(this.positionTimer);
    clearInterval(this.sessionTimer);
    clearInterval(this.droneTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    if (this.broadcastTimer) clearImmediate(this.broadcastTimer);
    return new Promise((resolve) => {
      void this.io.close(() => {
        resolve();
      });
    });
  }
}
