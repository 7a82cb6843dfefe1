import type {
  Incident,
  IncidentQuery,
  MirsadEvent,
  NewMirsadEvent,
  SectorId,
  Moment,
  UnitPosition,
} from '@mirsad/shared';

/** Which incidents to list: the parsed query plus the exercise they belong to (null = live). */
export interface IncidentFilter extends Omit<IncidentQuery, 'exercise' | 'limit' | 'cursor'> {
  exerciseId: string | null;
  /** Only incidents reported at or after this ISO time. */
  reportedSince?: string;
  /** One page of the list (newest first) instead of all of it. */
  page?: IncidentPage;
}

/** A page of incidents, newest first: at most `limit`, after the incident `after` (the last of the page before). */
export interface IncidentPage {
  limit: number;
  after?: { reportedAt: string; id: string };
}

/** What correlation reads of an active incident near a new report: only these fields, no body to parse. */
export interface NearbyIncident {
  id: string;
  sector: SectorId;
  category: Incident['category'];
  reportedAt: string;
  /** Its representative position, [longitude, latitude]. */
  position: [number, number];
  involvedSectors: SectorId[];
}

/**
 * Where a worker thread opens its own connection to the store: the SQLite file, or the
 * PostgreSQL database (the review's readers, the pattern analysis, a history load).
 */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** An incident as the pattern analysis reads it (where, when, what), read by its worker thread. */
export interface IncidentCase {
  id: string;
  sector: SectorId;
  category: string;
  reportedAt: string;
  lon: number;
  lat: number;
}

/** A page of one log (the live one when `exerciseId` is null, else an exercise's), read through its index. */
export interface LogQuery {
  exerciseId: string | null;
  /** Events with `after < seq <= upTo`. */
  after: number;
  upTo?: number;
  /** Only events that happened within `[from, to]` (ISO). */
  from?: string;
  to?: string;
  limit: number;
}

/** An event as stored: its sequence and its JSON text, byte for byte as written. */
export interface StoredEvent {
  seq: number;
  body: string;
}

/** Which moments of a log to page: after a sequence (oldest first) or the last ones before it. */
export interface MomentsQueryPage {
  after?: number | undefined;
  before?: number | undefined;
  limit: number;
}

/** Which events of the log a reader follows: one log (null = live), and sectors (null = every one). */
export interface FeedFilter {
  exerciseId: string | null;
  sectors: readonly string[] | null;
}

/** The kinds of projected entity besides incidents. */
export type EntityKind =
  | 'unit'
  | 'shelter'
  | 'link'
  | 'support'
  | 'exercise'
  | 'overlay'
  | 'sensor'
  | 'pattern'
  | 'patrol'
  | 'warning';

/**
 * Durable storage of the event log and of the picture projected from it. One interface for
 * every backend (SQLite embedded, PostgreSQL for several machines), so services never see SQL.
 *
 * Contract: `append` commits the event and its effect on the projection (the incidents,
 * units, shelters, links and support requests it leaves behind) in one transaction, gives the
 * event the next gap-free sequence number, and resolves only once the commit is durable.
 * Callers serialise appends; a store need not accept two at once.
 *
 * Group commit: between `beginGroup` and `commitGroup`, appends (and reads, which see them)
 * share one transaction that becomes durable at `commitGroup`, one fsync for them all. Each
 * caller's work inside it runs between `beginWork` and `endWork`, so a work that fails undoes
 * only its own appends and the head returns to where that work began.
 */
export interface EventStore {
  /** Which backend this is, for health and logs. */
  readonly kind: string;
  /** The newest sequence number in the log; 0 when empty. */
  headSeq(): Promise<number>;
  /** Appends one event, updating the projection; resolves to the event with its sequence. */
  append(event: NewMirsadEvent): Promise<MirsadEvent>;
  /** Opens a group transaction; appends until `commitGroup` are durable together. */
  beginGroup(): Promise<void>;
  /** Marks the start of one work inside the group. */
  beginWork(): Promise<void>;
  /** Ends the current work: keeps its appends, or undoes them (`isKept` false). */
  endWork(isKept: boolean): Promise<void>;
  /** Commits the group durably; on failure undoes all of it, head included, and rejects. */
  commitGroup(): Promise<void>;
  /**
   * Runs one work of the open group. A store whose group holds a connection of its own
   * (PostgreSQL) sends the work's reads there, so they see the group's appends, while reads
   * of other requests meanwhile see only what is committed. Left out, the work just runs.
   */
  runWork?<T>(work: () => Promise<T>): Promise<T>;
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
  /** The first sequence whose event happened at or after `at` (ISO), found through the time index; null when none. */
  firstSeqFrom(at: string): Promise<number | null>;
  /** A page of one log's events, oldest first, filtered in the query (never by scanning the others). */
  readLog(query: LogQuery): Promise<MirsadEvent[]>;
  /**
   * The same page as `readLog`, each event as the text it was stored as (`JSON.stringify` of
   * the event when it was appended), so an export can write it without parsing it again.
   */
  readLogText(query: LogQuery): Promise<StoredEvent[]>;
  /** The sequence, time and type of a page of one log's events, oldest first, without reading their bodies. */
  logMoments(exerciseId: string | null, page: MomentsQueryPage): Promise<Moment[]>;
  /** The newest event about a subject before a sequence, if any: what was last known of it then. */
  latestAbout(subjectId: string, beforeSeq: number): Promise<MirsadEvent | null>;
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
   * Active incidents of the given sector/category pairs reported at or after `since` (ISO)
   * whose representative position lies within the box `[west, south, east, north]`, oldest
   * first, for correlation. Served from a spatial index, so its cost follows the matching
   * incidents in the box, neither the size of the store nor a crowd of unrelated reports there.
   */
  activeIncidentsNear(
    box: readonly [number, number, number, number],
    since: string,
    exerciseId: string | null,
    kinds: readonly { sector: SectorId; category: string }[],
  ): Promise<NearbyIncident[]>;
  /** One projected entity. */
  getEntity<T>(kind: EntityKind, id: string): Promise<T | null>;
  /** Projected entities of a kind, optionally of some statuses. */
  listEntities<T>(kind: EntityKind, exerciseId: string | null, statuses?: readonly string[]): Promise<T[]>;
  /**
   * The logs (null for the live one, else an exercise's id) holding entities of a kind in one of
   * the statuses, in one read over all of them: what a log's own `listEntities` would find non-empty.
   */
  logsWithEntities(kind: EntityKind, statuses: readonly string[]): Promise<(string | null)[]>;
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
