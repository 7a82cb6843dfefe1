import { z } from 'zod';
import { type MirsadEvent } from './event.js';
import { type PresenceEntry } from './room.js';
import { type UnitPosition } from './unit.js';
import { type DroneState } from './sensor.js';
import { SectorIdSchema, type SectorId } from './sectors.js';

/**
 * The socket protocol's version, checked at the handshake. Bump it, or name a new event,
 * whenever a payload changes in a way an older client would misread.
 */
export const PROTOCOL_VERSION = 2;

/** Most events the server sends in one `log.events` batch while a client catches up. */
export const CATCH_UP_BATCH_SIZE = 500;

/** What a client sends in the socket.io handshake (`auth`). */
export const HandshakeAuthSchema = z
  .object({
    protocolVersion: z.number().int(),
    /** The last sequence the client applied; 0 for none. It receives every later event. */
    lastSeq: z.number().int().min(0),
    /** The sector rooms to join, a subset of the account's; left out, all the account may see. */
    sectors: z.array(SectorIdSchema).min(1).optional(),
    /** Follow this exercise instead of the live picture (its trainer, trainees and commanders only). */
    exerciseId: z.string().min(1).max(64).optional(),
    /** An API key (a wall display's read-only key); browsers signed in with a cookie leave it out. */
    token: z.string().min(1).max(256).optional(),
  })
  .strict();

/** What a client sends in the socket.io handshake. */
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** The room of one sector. */
export function sectorRoom(sector: SectorId): `sector:${SectorId}` {
  return `sector:${sector}`;
}

/** The joint room, which sees every sector's live events. */
export const JOINT_ROOM = 'joint';

/** The error codes a refused handshake carries in `connect_error`'s `data.code`. */
export type HandshakeErrorCode = 'protocol_mismatch' | 'bad_handshake' | 'unauthorized' | 'forbidden';

/** Events the server sends. */
export interface ServerToClientEvents {
  /** Durable events in sequence order, each exactly once per connection. */
  'log.events': (events: MirsadEvent[]) => void;
  /**
   * The client has caught up: every event up to `seq` was sent; live ones follow. A `seq` below
   * the client's own lastSeq means the server's log is not the one the client followed (a
   * restored or new store): the client must drop its picture and load it again.
   */
  'log.live': (info: { seq: number }) => void;
  /** Sent first on every connection: which server build this is, so clients reload after a deploy. */
  'server.hello': (info: { protocolVersion: number; buildId: string }) => void;
  /**
   * Unit positions, volatile and throttled (UNIT_POSITION_THROTTLE_MS): a lost batch is
   * replaced by the next one. `GET /api/units` gives the latest after a reconnect.
   */
  'units.moved': (positions: { unitId: string; position: UnitPosition }[]) => void;
  /**
   * Drone telemetry, volatile and throttled (DRONE_POSITION_THROTTLE_MS), to the rooms of the
   * drone's sector (and the joint room) of its log: the latest state of each drone heard since
   * the last batch. A lost batch is replaced by the next; `GET /api/sensors/drones` gives the
   * latest after a reconnect.
   */
  'drones.moved': (drones: DroneState[]) => void;
  /** Who is in this connection's rooms now; sent whenever it changes. */
  'presence.changed': (people: PresenceEntry[]) => void;
  /**
   * A history load finished: the past incidents pattern watch compares with have changed, so the
   * page reads its analyses (near-repeat zones, hot spots, forecast) again. It carries nothing
   * of the history, so every connection may have it.
   */
  'history.loaded': () => void;
}

/** Least time between two position broadcasts of the same room, ms; positions in between are coalesced. */
export const UNIT_POSITION_THROTTLE_MS = 1_000;

/** Events a client sends. None yet: a client only listens. */
export type ClientToServerEvents = Record<string, never>;

/**
 * Events between the server nodes of one room, over the Redis adapter: what one node learns
 * that the others' sockets and memory must follow. Durable events never travel this way
 * (each node reads them from the log).
 */
export interface InterServerEvents {
  /** An actor was revoked (key revoked, account disabled or changed): every node drops its sockets. */
  'actor.revoked': (actor: string) => void;
  /** A session ended (sign-out): every node drops its sockets; the SHA-256 of the token, never the token. */
  'session.ended': (sessionHash: string) => void;
  /** Someone connected or left on another node: presence is recomputed. */
  'presence.stale': () => void;
  /** Positions accepted on another node, so every node's picture of the fleet is current. */
  'units.positions': (positions: { unitId: string; position: UnitPosition }[]) => void;
  /** Drones' telemetry accepted on the node that runs the ingest, so every node lists them and the leader samples them. */
  'drones.states': (states: DroneState[]) => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  lastSeq: number;
  /** The exercise this connection follows; null for the live picture. */
  exerciseId: string | null;
  /** The sector rooms it joined; null for the joint room. */
  sectors: SectorId[] | null;
  /** `user:<name>` or `key:<id>`: who it is, for presence and audit. */
  actor: string;
  displayName: string;
  role: string;
}
