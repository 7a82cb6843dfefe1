import type { Incident, IncidentQuery, MirsadEvent, NewMirsadEvent, UnitPosition } from '@mirsad/shared';

/** Which incidents to list: the parsed query plus the exercise they belong to (null = live). */
export interface IncidentFilter extends Omit<IncidentQuery, 'exercise'> {
  exerciseId: string | null;
  /** Only incidents reported at or after this ISO time. */
  reportedSince?: string;
}

/** Which events of the log a reader follows: one log (null = live), and sectors (null = every one). */
export interface FeedFilter {
  exerciseId: string | null;
  sectors: readonly string[] | null;
}

/** The kinds of projected entity besides incidents. */
export type EntityKind = 'unit' | 'shelter' | 'link' | 'support' | 'exercise' | 'overlay';

/**
 * Durable storage of the event log and of the picture projected from it. One interface for
 * every backend (SQLite embedded, PostgreSQL for several machines), so services never see SQL.
 *
 * Contract: `append` commits the event and its effect on the projection (the incidents,
 * units, shelters, links and support requests it leaves behind) in one transaction, gives the
 * event the next gap-free sequence number, and resolves only once the commit is durable.
 * Callers serialise appends; a store need not accept two at once.
 */
export interface EventStore {
  /** Which backend this is, for health and logs. */
  readonly kind: string;
  /** The newest sequence number in the log; 0 when empty. */
  headSeq(): Promise<number>;
  /** Appends one event, updating the projection; resolves to the event with its sequence. */
  append(event: NewMirsadEvent): Promise<MirsadEvent>;
  /** Appends events in order in one transaction: all or none (imports). */
  appendBatch(events: readonly NewMirsadEvent[]): Promise<MirsadEvent[]>;
  /** The newest sequence whose event happened at or before `at` (ISO); 0 when none. */
  seqAt(at: string): Promise<number>;
  /** Stores a snapshot of the live picture folded up to `seq`. */
  saveSnapshot(seq: number, json: string): Promise<void>;
  /** The newest snapshot at or before `seq`, if any. */
  snapshotAtOrBefore(seq: number): Promise<{ seq: number; json: string } | null>;
  /** Keeps a sample of unit positions for replay. */
  recordPositionHistory(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void>;
  /** Each unit's last recorded position at or before `at` (ISO). */
  positionsAt(at: string): Promise<Map<string, UnitPosition>>;
  /** Events with `after < seq <= upTo`, oldest first, at most `limit`. */
  readEvents(after: number, limit: number, upTo?: number): Promise<MirsadEvent[]>;
  /**
   * Events of one feed with `after < seq <= upTo`, oldest first, at most `limit`: of its log,
   * carrying one of its sectors. Filtered in the store so a reader never loads what it may not see.
   */
  readFeedEvents(after: number, limit: number, upTo: number, feed: FeedFilter): Promise<MirsadEvent[]>;
  /** Every event about one subject (an incident, unit or shelter id), oldest first. */
  eventsAbout(subjectId: string): Promise<MirsadEvent[]>;
  /** The current state of one incident. */
  getIncident(id: string): Promise<Incident | null>;
  /** The incident a source reported under its own id, if any. */
  findByExternalRef(source: string, externalRef: string, exerciseId: string | null): Promise<Incident | null>;
  /** The current picture, filtered; newest reports first. */
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  /**
   * Active incidents reported at or after `since` (ISO) whose representative position lies
   * within the box `[west, south, east, north]`, for correlation.
   */
  activeIncidentsNear(
    box: readonly [number, number, number, number],
    since: string,
    exerciseId: string | null,
  ): Promise<Incident[]>;
  /** One projected entity. */
  getEntity<T>(kind: EntityKind, id: string): Promise<T | null>;
  /** Projected entities of a kind, optionally of some statuses. */
  listEntities<T>(kind: EntityKind, exerciseId: string | null, statuses?: readonly string[]): Promise<T[]>;
  /** Keeps the latest known position of each unit (not part of the log: positions are lossy). */
  savePositions(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void>;
  /** The latest saved position of every unit. */
  loadPositions(): Promise<Map<string, UnitPosition>>;
  /** Releases files and connections. */
  close(): Promise<void>;
}

/** The log on disk breaks its own rules (a gap, a duplicate): never repaired silently. */
export class StoreIntegrityError extends Error {
  override readonly name = 'StoreIntegrityError';
}
