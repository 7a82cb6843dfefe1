import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  ACTIVE_STATUSES,
  incidentAfter,
  type Incident,
  type MirsadEvent,
  type NewMirsadEvent,
} from '@mirsad/shared';
import { StoreIntegrityError, type EventStore, type IncidentFilter } from './event.store.js';

/** Bumped with each change to the tables below; a newer file is refused, not guessed at. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  exercise_id TEXT,
  incident_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_incident ON events (incident_id, seq);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  sector TEXT NOT NULL,
  status TEXT NOT NULL,
  governorate TEXT,
  exercise_key TEXT NOT NULL,
  source TEXT NOT NULL,
  external_ref TEXT,
  reported_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS incidents_external
  ON incidents (source, external_ref, exercise_key) WHERE external_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS incidents_picture ON incidents (exercise_key, status, reported_at);
`;

/** Runs synchronous SQLite work as a promise, so a thrown error becomes a rejection as callers expect. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

// SQLite's NULL is never equal to itself in a unique index, so live incidents use '' as their key.
const exerciseKey = (exerciseId: string | null): string => exerciseId ?? '';

interface IncidentRow {
  body: string;
}
interface EventRow {
  seq: number;
  body: string;
}

/** The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit survives power loss. */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private head: number;
  private readonly insertEvent: Database.Statement;
  private readonly upsertIncident: Database.Statement;
  private readonly selectEvents: Database.Statement<[number, number, number], EventRow>;
  private readonly selectIncident: Database.Statement<[string], IncidentRow>;
  private readonly selectByRef: Database.Statement<[string, string, string], IncidentRow>;
  private readonly appendTx: (event: MirsadEvent, incident: Incident) => void;

  private constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.checkSchemaVersion();
    this.head = this.readHead();
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (seq, id, type, at, exercise_id, incident_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertIncident = this.db.prepare(`
      INSERT INTO incidents (id, sector, status, governorate, exercise_key, source, external_ref, reported_at, version, last_seq, body)
      VALUES (@id, @sector, @status, @governorate, @exerciseKey, @source, @externalRef, @reportedAt, @version, @lastSeq, @body)
      ON CONFLICT (id) DO UPDATE SET sector = excluded.sector, status = excluded.status,
        governorate = excluded.governorate, version = excluded.version, last_seq = excluded.last_seq,
        body = excluded.body`);
    this.selectEvents = this.db.prepare(
      'SELECT seq, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    );
    this.selectIncident = this.db.prepare('SELECT body FROM incidents WHERE id = ?');
    this.selectByRef = this.db.prepare(
      'SELECT body FROM incidents WHERE source = ? AND external_ref = ? AND exercise_key = ?',
    );
    this.appendTx = this.db.transaction((event: MirsadEvent, incident: Incident) => {
      this.insertEvent.run(
        event.seq,
        event.id,
        event.type,
        event.at,
        event.exerciseId,
        incident.id,
        JSON.stringify(event),
      );
      this.upsertIncident.run({
        id: incident.id,
        sector: incident.sector,
        status: incident.status,
        governorate: incident.governorate,
        exerciseKey: exerciseKey(incident.exerciseId),
        source: incident.source,
        externalRef: incident.externalRef,
        reportedAt: incident.reportedAt,
        version: incident.version,
        lastSeq: event.seq,
        body: JSON.stringify(incident),
      });
    });
  }

  /** Opens (creating when absent) the store file `mirsad.sqlite` in a data folder. */
  static open(dataDir: string): SqliteEventStore {
    fs.mkdirSync(dataDir, { recursive: true });
    return new SqliteEventStore(path.join(dataDir, 'mirsad.sqlite'));
  }

  private checkSchemaVersion(): void {
    const row = this.db
      .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'")
      .get();
    if (!row) {
      this.db
        .prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)")
        .run(String(SCHEMA_VERSION));
      return;
    }
    if (Number(row.value) !== SCHEMA_VERSION) {
      throw new StoreIntegrityError(
        `${this.file} has schema version ${row.value}; this server reads version ${SCHEMA_VERSION}`,
      );
    }
  }

  private readHead(): number {
    const row = this.db
      .prepare<[], { head: number | null; count: number }>(
        'SELECT MAX(seq) AS head, COUNT(*) AS count FROM events',
      )
      .get();
    const head = row?.head ?? 0;
    if (row && row.count !== head) {
      throw new StoreIntegrityError(
        `${this.file}: the log holds ${row.count} events but its newest is ${head}`,
      );
    }
    return head;
  }

  headSeq(): Promise<number> {
    return Promise.resolve(this.head);
  }

  append(newEvent: NewMirsadEvent): Promise<MirsadEvent> {
    return settle(() => {
      const event: MirsadEvent = { ...newEvent, seq: this.head + 1 };
      this.appendTx(event, incidentAfter(event));
      this.head = event.seq;
      return event;
    });
  }

  readEvents(after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<MirsadEvent[]> {
    const rows = this.selectEvents.all(after, upTo, limit);
    return Promise.resolve(rows.map((row) => JSON.parse(row.body) as MirsadEvent));
  }

  getIncident(id: string): Promise<Incident | null> {
    const row = this.selectIncident.get(id);
    return Promise.resolve(row ? (JSON.parse(row.body) as Incident) : null);
  }

  findByExternalRef(
    source: string,
    externalRef: string,
    exerciseId: string | null,
  ): Promise<Incident | null> {
    const row = this.selectByRef.get(source, externalRef, exerciseKey(exerciseId));
    return Promise.resolve(row ? (JSON.parse(row.body) as Incident) : null);
  }

  listIncidents(filter: IncidentFilter): Promise<Incident[]> {
    const where = ['exercise_key = ?'];
    const params: string[] = [exerciseKey(filter.exerciseId)];
    const addIn = (column: string, values: readonly string[] | undefined): void => {
      if (!values) return;
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    addIn('status', filter.status ?? (filter.scope === 'active' ? ACTIVE_STATUSES : undefined));
    addIn('sector', filter.sector);
    addIn('governorate', filter.governorate);
    const rows = this.db
      .prepare<string[], IncidentRow>(
        `SELECT body FROM incidents WHERE ${where.join(' AND ')} ORDER BY reported_at DESC, id`,
      )
      .all(...params);
    return Promise.resolve(rows.map((row) => JSON.parse(row.body) as Incident));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
