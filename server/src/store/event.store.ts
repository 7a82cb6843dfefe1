import type { Incident, IncidentQuery, MirsadEvent, NewMirsadEvent } from '@mirsad/shared';

/** Which incidents to list: the parsed query plus the exercise they belong to (null = live). */
export interface IncidentFilter extends IncidentQuery {
  exerciseId: string | null;
}

/**
 * Durable storage of the event log and of the picture projected from it. One interface for
 * every backend (SQLite embedded, PostgreSQL for several machines), so services never see SQL.
 *
 * Contract: `append` commits the event and the projection change in one transaction, gives
 * the event the next gap-free sequence number, and resolves only once the commit is durable.
 * Callers serialise appends; a store need not accept two at once.
 */
export interface EventStore {
  /** Which backend this is, for health and logs. */
  readonly kind: string;
  /** The newest sequence number in the log; 0 when empty. */
  headSeq(): Promise<number>;
  /** Appends one event, updating the projection; resolves to the event with its sequence. */
  append(event: NewMirsadEvent): Promise<MirsadEvent>;
  /** Events with `after < seq <= upTo`, oldest first, at most `limit`. */
  readEvents(after: number, limit: number, upTo?: number): Promise<MirsadEvent[]>;
  /** The current state of one incident. */
  getIncident(id: string): Promise<Incident | null>;
  /** The incident a source reported under its own id, if any. */
  findByExternalRef(source: string, externalRef: string, exerciseId: string | null): Promise<Incident | null>;
  /** The current picture, filtered; newest reports first. */
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  /** Releases files and connections. */
  close(): Promise<void>;
}

/** The log on disk breaks its own rules (a gap, a duplicate): never repaired silently. */
export class StoreIntegrityError extends Error {
  override readonly name = 'StoreIntegrityError';
}
