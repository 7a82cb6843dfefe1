import type Database from 'better-sqlite3';
import {
  ACTIVE_STATUSES,
  incidentsAfter,
  linkAfter,
  representativePosition,
  shelterAfter,
  supportRequestAfter,
  unitAfter,
  type Incident,
  type MirsadEvent,
  type NewMirsadEvent,
  type UnitPosition,
} from '@mirsad/shared';
import {
  StoreIntegrityError,
  type EntityKind,
  type EventStore,
  type FeedFilter,
  type IncidentFilter,
} from './event.store.js';
import { openSqlite, settle } from './sqlite.database.js';

/** Bumped with each change to the tables below; a file of another version is refused, not guessed at. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  exercise_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE IF NOT EXISTS event_subjects (
  subject_id TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES events (seq),
  PRIMARY KEY (subject_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  sector TEXT NOT NULL,
  status TEXT NOT NULL,
  governorate TEXT,
  exercise_key TEXT NOT NULL,
  source TEXT NOT NULL,
  external_ref TEXT,
  reported_at TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  version INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS incidents_external
  ON incidents (source, external_ref, exercise_key) WHERE external_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS incidents_picture ON incidents (exercise_key, status, reported_at);
CREATE INDEX IF NOT EXISTS incidents_near ON incidents (exercise_key, lat, lon);
CREATE TABLE IF NOT EXISTS entities (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  exercise_key TEXT NOT NULL,
  status TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS entities_list ON entities (kind, exercise_key, status);
CREATE TABLE IF NOT EXISTS unit_positions (unit_id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS position_history (
  unit_id TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (unit_id, at)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
`;

// SQLite's NULL is never equal to itself in a unique index, so live rows use '' as their key.
const exerciseKey = (exerciseId: string | null): string => exerciseId ?? '';

interface BodyRow {
  body: string;
}

/** The projected entities (other than incidents) an event leaves behind. */
function entitiesAfter(
  event: MirsadEvent,
): { kind: EntityKind; id: string; status: string; exerciseId: string | null; value: unknown }[] {
  const out: { kind: EntityKind; id: string; status: string; exerciseId: string | null; value: unknown }[] =
    [];
  const unit = unitAfter(event);
  if (unit)
    out.push({ kind: 'unit', id: unit.id, status: unit.status, exerciseId: unit.exerciseId, value: unit });
  const shelter = shelterAfter(event);
  if (shelter)
    out.push({
      kind: 'shelter',
      id: shelter.id,
      status: shelter.status,
      exerciseId: shelter.exerciseId,
      value: shelter,
    });
  const link = linkAfter(event);
  if (link)
    out.push({ kind: 'link', id: link.id, status: link.status, exerciseId: link.exerciseId, value: link });
  const request = supportRequestAfter(event);
  if (request)
    out.push({
      kind: 'support',
      id: request.id,
      status: request.status,
      exerciseId: request.exerciseId,
      value: request,
    });
  if (event.type === 'exercise.updated') {
    // Exercises are listed outside themselves (the trainer's console), so they are kept with the live rows.
    const exercise = event.data.exercise;
    out.push({
      kind: 'exercise',
      id: exercise.id,
      status: exercise.status,
      exerciseId: null,
      value: exercise,
    });
  }
  if (event.type === 'exercise.overlay') {
    const overlay = event.data.overlay;
    out.push({
      kind: 'overlay',
      id: `${overlay.exerciseId}:${overlay.key}`,
      status: overlay.isActive ? 'active' : 'inactive',
      exerciseId: overlay.exerciseId,
      value: overlay,
    });
  }
  return out;
}

/** The ids an event is about: its incidents, units, shelters, and a note's incident. */
function subjectsOf(event: MirsadEvent): string[] {
  const ids = new Set<string>(incidentsAfter(event).map((incident) => incident.id));
  for (const entity of entitiesAfter(event))
    if (entity.kind === 'unit' || entity.kind === 'shelter') ids.add(entity.id);
  if (event.type === 'note.added') ids.add(event.data.note.incidentId);
  if (event.type === 'exercise.updated') ids.add(event.data.exercise.id);
  if (event.type === 'support.requested' || event.type === 'support.answered')
    ids.add(event.data.request.incidentId);
  if (event.type === 'link.proposed' || event.type === 'link.dismissed')
    for (const id of event.data.link.incidentIds) ids.add(id);
  return [...ids];
}

/** The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit survives power loss. */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private head: number;
  private readonly appendTx: (event: MirsadEvent) => void;

  constructor(
    /** The open database; shared with the other embedded stores, closed by `close()`. */
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.checkSchemaVersion();
    this.db.exec(SCHEMA);
    this.head = this.readHead();
    const insertEvent = this.db.prepare(
      'INSERT INTO events (seq, id, type, at, exercise_id, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertSubject = this.db.prepare(
      'INSERT OR IGNORE INTO event_subjects (subject_id, seq) VALUES (?, ?)',
    );
    const upsertIncident = this.db.prepare(`
      INSERT INTO incidents (id, sector, status, governorate, exercise_key, source, external_ref, reported_at, lon, lat, version, last_seq, body)
      VALUES (@id, @sector, @status, @governorate, @exerciseKey, @source, @externalRef, @reportedAt, @lon, @lat, @version, @lastSeq, @body)
      ON CONFLICT (id) DO UPDATE SET sector = excluded.sector, status = excluded.status,
        governorate = excluded.governorate, lon = excluded.lon, lat = excluded.lat, version = excluded.version,
        last_seq = excluded.last_seq, body = excluded.body`);
    const upsertEntity = this.db.prepare(`
      INSERT INTO entities (kind, id, exercise_key, status, last_seq, body) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, last_seq = excluded.last_seq, body = excluded.body`);
    this.appendTx = this.db.transaction((event: MirsadEvent) => {
      insertEvent.run(event.seq, event.id, event.type, event.at, event.exerciseId, JSON.stringify(event));
      for (const subject of subjectsOf(event)) insertSubject.run(subject, event.seq);
      for (const incident of incidentsAfter(event)) {
        upsertIncident.run({
          id: incident.id,
          sector: incident.sector,
          status: incident.status,
          governorate: incident.governorate,
          exerciseKey: exerciseKey(incident.exerciseId),
          source: incident.source,
          externalRef: incident.externalRef,
          reportedAt: incident.reportedAt,
          lon: representativePosition(incident.location)[0],
          lat: representativePosition(incident.location)[1],
          version: incident.version,
          lastSeq: event.seq,
          body: JSON.stringify(incident),
        });
      }
      for (const entity of entitiesAfter(event)) {
        upsertEntity.run(
          entity.kind,
          entity.id,
          exerciseKey(entity.exerciseId),
          entity.status,
          event.seq,
          JSON.stringify(entity.value),
        );
      }
    });
  }

  /** Opens (creating when absent) the store file in a data folder. */
  static open(dataDir: string): SqliteEventStore {
    const { db, file } = openSqlite(dataDir);
    return new SqliteEventStore(db, file);
  }

  private checkSchemaVersion(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
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
        `${this.file} has schema version ${row.value}; this server reads version ${SCHEMA_VERSION} (move the old file aside or export and re-import it)`,
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
      this.appendTx(event);
      this.head = event.seq;
      return event;
    });
  }

  appendBatch(newEvents: readonly NewMirsadEvent[]): Promise<MirsadEvent[]> {
    return settle(() => {
      const events: MirsadEvent[] = newEvents.map((event, index) => ({
        ...event,
        seq: this.head + 1 + index,
      }));
      this.db.transaction(() => {
        for (const event of events) this.appendTx(event);
      })();
      this.head += events.length;
      return events;
    });
  }

  seqAt(at: string): Promise<number> {
    return settle(
      () =>
        this.db
          .prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE at <= ?')
          .get(at)?.seq ?? 0,
    );
  }

  saveSnapshot(seq: number, json: string): Promise<void> {
    return settle(() => {
      this.db.prepare('INSERT OR REPLACE INTO snapshots (seq, body) VALUES (?, ?)').run(seq, json);
    });
  }

  snapshotAtOrBefore(seq: number): Promise<{ seq: number; json: string } | null> {
    return settle(() => {
      const row = this.db
        .prepare<[number], { seq: number; body: string }>(
          'SELECT seq, body FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
        )
        .get(seq);
      return row ? { seq: row.seq, json: row.body } : null;
    });
  }

  recordPositionHistory(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void> {
    return settle(() => {
      const insert = this.db.prepare(
        'INSERT OR REPLACE INTO position_history (unit_id, at, body) VALUES (?, ?, ?)',
      );
      this.db.transaction(() => {
        for (const { unitId, position } of positions)
          insert.run(unitId, position.at, JSON.stringify(position));
      })();
    });
  }

  positionsAt(at: string): Promise<Map<string, UnitPosition>> {
    return settle(() => {
      // One index seek per unit: the newest sample at or before the moment.
      const rows = this.db
        .prepare<[string], { unit_id: string; body: string | null }>(
          `SELECT h.unit_id, (SELECT body FROM position_history p WHERE p.unit_id = h.unit_id AND p.at <= ? ORDER BY p.at DESC LIMIT 1) AS body
             FROM (SELECT id AS unit_id FROM entities WHERE kind = 'unit') h`,
        )
        .all(at);
      return new Map(
        rows.flatMap((row) =>
          row.body === null ? [] : [[row.unit_id, JSON.parse(row.body) as UnitPosition] as const],
        ),
      );
    });
  }

  readEvents(after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<MirsadEvent[]> {
    return settle(() =>
      this.db
        .prepare<[number, number, number], BodyRow>(
          'SELECT body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
        )
        .all(after, upTo, limit)
        .map((row) => JSON.parse(row.body) as MirsadEvent),
    );
  }

  readFeedEvents(after: number, limit: number, upTo: number, feed: FeedFilter): Promise<MirsadEvent[]> {
    return settle(() =>
      this.db
        .prepare<
          [{ after: number; upTo: number; exerciseId: string | null; sectors: string | null; limit: number }],
          BodyRow
        >(
          `SELECT body FROM events WHERE seq > @after AND seq <= @upTo AND exercise_id IS @exerciseId
             AND (@sectors IS NULL OR EXISTS (SELECT 1 FROM json_each(body, '$.sectors') s
                                              WHERE s.value IN (SELECT value FROM json_each(@sectors))))
           ORDER BY seq LIMIT @limit`,
        )
        .all({
          after,
          upTo,
          exerciseId: feed.exerciseId,
          sectors: feed.sectors === null ? null : JSON.stringify(feed.sectors),
          limit,
        })
        .map((row) => JSON.parse(row.body) as MirsadEvent),
    );
  }

  eventsAbout(subjectId: string): Promise<MirsadEvent[]> {
    return settle(() =>
      this.db
        .prepare<[string], BodyRow>(
          'SELECT e.body FROM event_subjects s JOIN events e ON e.seq = s.seq WHERE s.subject_id = ? ORDER BY s.seq',
        )
        .all(subjectId)
        .map((row) => JSON.parse(row.body) as MirsadEvent),
    );
  }

  getIncident(id: string): Promise<Incident | null> {
    return settle(() => {
      const row = this.db.prepare<[string], BodyRow>('SELECT body FROM incidents WHERE id = ?').get(id);
      return row ? (JSON.parse(row.body) as Incident) : null;
    });
  }

  findByExternalRef(
    source: string,
    externalRef: string,
    exerciseId: string | null,
  ): Promise<Incident | null> {
    return settle(() => {
      const row = this.db
        .prepare<[string, string, string], BodyRow>(
          'SELECT body FROM incidents WHERE source = ? AND external_ref = ? AND exercise_key = ?',
        )
        .get(source, externalRef, exerciseKey(exerciseId));
      return row ? (JSON.parse(row.body) as Incident) : null;
    });
  }

  listIncidents(filter: IncidentFilter): Promise<Incident[]> {
    return settle(() => {
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
      if (filter.reportedSince !== undefined) {
        where.push('reported_at >= ?');
        params.push(filter.reportedSince);
      }
      return this.db
        .prepare<string[], BodyRow>(
          `SELECT body FROM incidents WHERE ${where.join(' AND ')} ORDER BY reported_at DESC, id`,
        )
        .all(...params)
        .map((row) => JSON.parse(row.body) as Incident);
    });
  }

  activeIncidentsNear(
    box: readonly [number, number, number, number],
    since: string,
    exerciseId: string | null,
  ): Promise<Incident[]> {
    return settle(() => {
      const [west, south, east, north] = box;
      const statuses = ACTIVE_STATUSES.map(() => '?').join(', ');
      return this.db
        .prepare<(string | number)[], BodyRow>(
          `SELECT body FROM incidents WHERE exercise_key = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
             AND reported_at >= ? AND status IN (${statuses})`,
        )
        .all(exerciseKey(exerciseId), south, north, west, east, since, ...ACTIVE_STATUSES)
        .map((row) => JSON.parse(row.body) as Incident);
    });
  }

  getEntity<T>(kind: EntityKind, id: string): Promise<T | null> {
    return settle(() => {
      const row = this.db
        .prepare<[string, string], BodyRow>('SELECT body FROM entities WHERE kind = ? AND id = ?')
        .get(kind, id);
      return row ? (JSON.parse(row.body) as T) : null;
    });
  }

  listEntities<T>(kind: EntityKind, exerciseId: string | null, statuses?: readonly string[]): Promise<T[]> {
    return settle(() => {
      const statusClause = statuses ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
      return this.db
        .prepare<string[], BodyRow>(
          `SELECT body FROM entities WHERE kind = ? AND exercise_key = ?${statusClause} ORDER BY last_seq`,
        )
        .all(kind, exerciseKey(exerciseId), ...(statuses ?? []))
        .map((row) => JSON.parse(row.body) as T);
    });
  }

  savePositions(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void> {
    return settle(() => {
      const upsert = this.db.prepare(
        'INSERT INTO unit_positions (unit_id, body) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET body = excluded.body',
      );
      this.db.transaction(() => {
        for (const { unitId, position } of positions) upsert.run(unitId, JSON.stringify(position));
      })();
    });
  }

  loadPositions(): Promise<Map<string, UnitPosition>> {
    return settle(() => {
      const rows = this.db
        .prepare<[], { unit_id: string; body: string }>('SELECT unit_id, body FROM unit_positions')
        .all();
      return new Map(rows.map((row) => [row.unit_id, JSON.parse(row.body) as UnitPosition]));
    });
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
