import fs from 'node:fs';
import type Database from 'better-sqlite3';
import {
  ACTIVE_STATUSES,
  incidentsAfter,
  isActive,
  representativePosition,
  type Incident,
  type MirsadEvent,
  type Moment,
  type NewMirsadEvent,
  type SectorId,
  type UnitPosition,
} from '@mirsad/shared';
import {
  StoreIntegrityError,
  type EntityKind,
  type EventStore,
  type FeedFilter,
  type IncidentCase,
  type IncidentFilter,
  type NearbyIncident,
  type LogQuery,
  type MomentsQueryPage,
  type StoredEvent,
} from './event.store.js';
import { entitiesAfter, subjectsOf } from './projection.js';
import { WalCheckpointer } from './sqlite.checkpointer.js';
import { assertSqliteMigrated, openMigratedSqlite } from './sqlite.migrations.js';
import { openSqliteReadOnly, settle, statementCache, type PreparedStatement } from './sqlite.database.js';

/**
 * The spatial index correlation reads: one R*Tree entry per active incident (keyed by the
 * incidents row's rowid) over longitude, latitude, the minute it was reported and a code of
 * its sector/category pair, carrying as auxiliary columns what correlation needs. A lookup
 * then touches only the related incidents in its box and window and parses no body, however
 * many other reports crowd the same underpass. Added without a schema version of its own: the statement is
 * idempotent and `backfillNearIndex` fills it from the incidents of an older file. It replaces
 * the B-tree index over (exercise_key, lat, lon), which a bunch of reports at one place made a
 * scan of every report ever made there.
 */
const NEAR_INDEX_SCHEMA = `
DROP INDEX IF EXISTS incidents_near;
CREATE VIRTUAL TABLE IF NOT EXISTS incidents_near_rtree USING rtree(
  id, min_lon, max_lon, min_lat, max_lat, min_minute, max_minute, min_kind, max_kind,
  +incident_id, +exercise_key, +sector, +category, +reported_at, +lon, +lat, +involved_sectors
);
`;

/** The meta key set once the spatial index holds every active incident of the file. */
const NEAR_INDEX_BUILT_KEY = 'near_index_built';

/** The R*Tree's time axis counts minutes from here; its 32-bit floats keep a quarter minute of precision for decades. */
const NEAR_EPOCH_MS = Date.parse('2020-01-01T00:00:00Z');
/** The R*Tree rounds its float bounds outward; a window is widened by this much, minutes, and then checked exactly. */
const NEAR_TIME_SLACK_MIN = 1;

const minuteOf = (iso: string): number => (Date.parse(iso) - NEAR_EPOCH_MS) / 60_000;

/**
 * A sector/category pair as a number for the R*Tree's kind axis: FNV-1a cut to 24 bits, which
 * a 32-bit float holds exactly. Two pairs may share a code; the sector and category columns
 * are then compared exactly.
 */
function kindCode(sector: string, category: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${sector}/${category}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0xffffff;
}

/** The spatial index's row for an incident stored under `rowid`. */
function nearRowOf(rowid: number, incident: Incident): Record<string, string | number> {
  const [lon, lat] = representativePosition(incident.location);
  return {
    rowid,
    lon,
    lat,
    minute: minuteOf(incident.reportedAt),
    kind: kindCode(incident.sector, incident.category),
    id: incident.id,
    exerciseKey: exerciseKey(incident.exerciseId),
    sector: incident.sector,
    category: incident.category,
    reportedAt: incident.reportedAt,
    involvedSectors: JSON.stringify(incident.involvedSectors),
  };
}

/** Whether correlation may join an incident: active, and not merged away. */
const isNearCandidate = (incident: Incident): boolean => isActive(incident) && incident.mergedInto === null;

const UPSERT_NEAR = `
  INSERT OR REPLACE INTO incidents_near_rtree (id, min_lon, max_lon, min_lat, max_lat, min_minute, max_minute,
    min_kind, max_kind, incident_id, exercise_key, sector, category, reported_at, lon, lat, involved_sectors)
  VALUES (@rowid, @lon, @lon, @lat, @lat, @minute, @minute, @kind, @kind,
    @id, @exerciseKey, @sector, @category, @reportedAt, @lon, @lat, @involvedSectors)`;

// Indexes the review's reads need, created at open without a schema bump: an older file gains
// them once, a newer server's file already has them. One log (live or an exercise) is read
// through events_log, whose entries end in seq (the rowid), so a page is one range scan.
const READ_INDEXES = `
CREATE INDEX IF NOT EXISTS events_log ON events (exercise_id);
`;

// SQLite's NULL is never equal to itself in a unique index, so live rows use '' as their key.
const exerciseKey = (exerciseId: string | null): string => exerciseId ?? '';
const exerciseIdOf = (key: string): string | null => (key === '' ? null : key);

interface BodyRow {
  body: string;
}

interface NearRow {
  incident_id: string;
  sector: NearbyIncident['sector'];
  category: NearbyIncident['category'];
  reported_at: string;
  lon: number;
  lat: number;
  involved_sectors: string;
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit survives
 * power loss; a group commit syncs the same log off the event loop (`syncWriteAheadLog`).
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private head: number;
  /** The head when the open group, and the open work inside it, began: where a rollback returns it. */
  private groupHead = 0;
  private workHead = 0;
  /** Set when a committed group could not be made durable: no group is taken after it. */
  private durabilityFailure: StoreIntegrityError | null = null;
  /** The write-ahead log, opened at the first group commit to sync it (a read-only store never does). */
  private wal: fs.promises.FileHandle | null = null;
  /** Started with the first group commit: a store that only reads (a worker's) never writes the log. */
  private checkpointer: WalCheckpointer | null | undefined;
  private readonly appendTx: (event: MirsadEvent) => void;
  private readonly sql: PreparedStatement;

  constructor(
    /** The open database; shared with the other embedded stores, closed by `close()`. */
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.sql = statementCache(db);
    assertSqliteMigrated(db, file);
    this.db.exec(NEAR_INDEX_SCHEMA);
    this.backfillNearIndex();
    this.db.exec(READ_INDEXES);
    this.head = this.readHead();
    const insertEvent = this.db.prepare(
      'INSERT INTO events (seq, id, type, at, exercise_id, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertSubject = this.db.prepare(
      'INSERT OR IGNORE INTO event_subjects (subject_id, seq) VALUES (?, ?)',
    );
    const upsertIncident = this.sql<Record<string, unknown>, { rowid: number }>(`
      INSERT INTO incidents (id, sector, status, governorate, exercise_key, source, external_ref, reported_at, lon, lat, version, last_seq, body)
      VALUES (@id, @sector, @status, @governorate, @exerciseKey, @source, @externalRef, @reportedAt, @lon, @lat, @version, @lastSeq, @body)
      ON CONFLICT (id) DO UPDATE SET sector = excluded.sector, status = excluded.status,
        governorate = excluded.governorate, lon = excluded.lon, lat = excluded.lat, version = excluded.version,
        last_seq = excluded.last_seq, body = excluded.body
      RETURNING rowid`);
    const upsertNear = this.sql(UPSERT_NEAR);
    const deleteNear = this.db.prepare('DELETE FROM incidents_near_rtree WHERE id = ?');
    const upsertEntity = this.db.prepare(`
      INSERT INTO entities (kind, id, exercise_key, status, last_seq, body) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, last_seq = excluded.last_seq, body = excluded.body`);
    this.appendTx = this.db.transaction((event: MirsadEvent) => {
      insertEvent.run(event.seq, event.id, event.type, event.at, event.exerciseId, JSON.stringify(event));
      for (const subject of subjectsOf(event)) insertSubject.run(subject, event.seq);
      for (const incident of incidentsAfter(event)) {
        const [lon, lat] = representativePosition(incident.location);
        const row = upsertIncident.get({
          id: incident.id,
          sector: incident.sector,
          status: incident.status,
          governorate: incident.governorate,
          exerciseKey: exerciseKey(incident.exerciseId),
          source: incident.source,
          externalRef: incident.externalRef,
          reportedAt: incident.reportedAt,
          lon,
          lat,
          version: incident.version,
          lastSeq: event.seq,
          body: JSON.stringify(incident),
        });
        if (!row) throw new StoreIntegrityError(`incident ${incident.id} was not written`);
        if (isNearCandidate(incident)) upsertNear.run(nearRowOf(row.rowid, incident));
        else deleteNear.run(row.rowid);
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

  /** Opens (creating when absent) the store file in a data folder, migrating it to this server's schema. */
  static async open(dataDir: string): Promise<SqliteEventStore> {
    const { db, file } = await openMigratedSqlite(dataDir);
    return new SqliteEventStore(db, file);
  }

  /** Fills the spatial index from the active incidents of a file written before it existed; once per file. */
  private backfillNearIndex(): void {
    const isBuilt = this.sql<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(
      NEAR_INDEX_BUILT_KEY,
    );
    // A worker's read-only connection finds it built by the writer that opened the file first.
    if (isBuilt || this.db.readonly) return;
    const active = this.db
      .prepare<string[], { row_id: number; body: string }>(
        `SELECT rowid AS row_id, body FROM incidents WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(', ')})`,
      )
      .all(...ACTIVE_STATUSES);
    const upsertNear = this.sql(UPSERT_NEAR);
    this.db.transaction(() => {
      this.db.exec('DELETE FROM incidents_near_rtree');
      for (const row of active) {
        const incident = JSON.parse(row.body) as Incident;
        if (isNearCandidate(incident)) upsertNear.run(nearRowOf(row.row_id, incident));
      }
      this.sql('INSERT INTO meta (key, value) VALUES (?, ?)').run(NEAR_INDEX_BUILT_KEY, '1');
    })();
  }

  /**
   * Opens an existing store file for reading only, as the review's worker threads do: SQLite
   * refuses any write on this connection, and WAL lets it read beside the one writer.
   */
  static openReadOnly(file: string): SqliteEventStore {
    return new SqliteEventStore(openSqliteReadOnly(file), file);
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

  beginGroup(): Promise<void> {
    return settle(() => {
      if (this.durabilityFailure) throw this.durabilityFailure;
      if (this.checkpointer === undefined) this.checkpointer = WalCheckpointer.start(this.db, this.file);
      // SQLite fixes the safety level outside a transaction only. At NORMAL the COMMIT writes
      // the write-ahead log without syncing it; commitGroup syncs it off the event loop.
      this.sql('PRAGMA synchronous = NORMAL').run();
      try {
        this.sql('BEGIN IMMEDIATE').run();
      } catch (error) {
        this.sql('PRAGMA synchronous = FULL').run();
        throw error;
      }
      this.groupHead = this.head;
    });
  }

  beginWork(): Promise<void> {
    return settle(() => {
      this.sql('SAVEPOINT work').run();
      this.workHead = this.head;
    });
  }

  endWork(isKept: boolean): Promise<void> {
    return settle(() => {
      try {
        // SQLite rolls back the whole transaction by itself after some errors (a full disk, an
        // I/O error): then the group is lost and every work in it fails.
        if (!this.db.inTransaction)
          throw new StoreIntegrityError('the group transaction was rolled back by SQLite');
        if (!isKept) {
          this.sql('ROLLBACK TO work').run();
          this.head = this.workHead;
        }
        this.sql('RELEASE work').run();
      } catch (error) {
        if (this.db.inTransaction) this.sql('ROLLBACK').run();
        this.head = this.groupHead;
        throw error;
      }
    });
  }

  async commitGroup(): Promise<void> {
    await settle(() => {
      try {
        if (!this.db.inTransaction)
          throw new StoreIntegrityError('the group transaction was rolled back by SQLite');
        this.sql('COMMIT').run();
      } catch (error) {
        if (this.db.inTransaction) this.sql('ROLLBACK').run();
        this.head = this.groupHead;
        throw error;
      } finally {
        // Every other write on this connection (sessions, refusals' audit rows, positions) keeps
        // SQLite's own sync at its commit.
        this.sql('PRAGMA synchronous = FULL').run();
      }
    });
    await this.syncWriteAheadLog();
  }

  /**
   * Makes the group just committed durable: the fsync that synchronous=FULL would have run
   * inside COMMIT, holding the event loop for the disk's flush (most of a group's time on this
   * machine), runs in libuv's thread pool instead, and requests go on being parsed and queued
   * for the next group meanwhile. In WAL mode a commit is durable once the log file is synced:
   * the database file is written only at checkpoints, which sync on their own.
   *
   * The trade-off: from COMMIT to the end of the sync, a read of another request can see the
   * group's changes, which a power cut (not a killed process: the data is in the kernel's page
   * cache) could still take back. The group's own callers and listeners hear of it only after.
   * A failed sync cannot be undone, as the rows are committed; the store then refuses every
   * later group, as PostgreSQL stops on a failed fsync, until a restart reads back what the disk
   * holds.
   */
  private async syncWriteAheadLog(): Promise<void> {
    try {
      // SQLite keeps the file (the same inode) while this connection is open; it removes it when
      // the last connection closes, and close() lets go of the handle first.
      this.wal ??= await fs.promises.open(`${this.file}-wal`, 'r');
      await this.wal.datasync();
    } catch (error) {
      this.durabilityFailure = new StoreIntegrityError(
        `${this.file}: the write-ahead log could not be synced (${String(error)}); restart the server`,
      );
      throw this.durabilityFailure;
    }
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
    // One seek down the `at` index. MAX(seq) … WHERE at <= ? reads like the same question, but
    // SQLite answers it by walking the table back from the newest event.
    return settle(
      () =>
        this.sql<[string], { seq: number }>(
          'SELECT seq FROM events WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT 1',
        ).get(at)?.seq ?? 0,
    );
  }

  firstSeqFrom(at: string): Promise<number | null> {
    return settle(
      () =>
        this.sql<[string], { seq: number }>(
          'SELECT seq FROM events WHERE at >= ? ORDER BY at, seq LIMIT 1',
        ).get(at)?.seq ?? null,
    );
  }

  readLog(query: LogQuery): Promise<MirsadEvent[]> {
    return this.readLogText(query).then((rows) => rows.map((row) => JSON.parse(row.body) as MirsadEvent));
  }

  readLogText(query: LogQuery): Promise<StoredEvent[]> {
    return settle(() => {
      const where = ['exercise_id IS ?', 'seq > ?', 'seq <= ?'];
      const params: (string | number | null)[] = [
        query.exerciseId,
        query.after,
        query.upTo ?? Number.MAX_SAFE_INTEGER,
      ];
      if (query.from !== undefined) {
        where.push('at >= ?');
        params.push(query.from);
      }
      if (query.to !== undefined) {
        where.push('at <= ?');
        params.push(query.to);
      }
      return this.sql<(string | number | null)[], StoredEvent>(
        `SELECT seq, body FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      ).all(...params, query.limit);
    });
  }

  logMoments(exerciseId: string | null, page: MomentsQueryPage): Promise<Moment[]> {
    return settle(() => {
      const isBackwards = page.before !== undefined;
      const rows = this.sql<[string | null, number, number], Moment>(
        isBackwards
          ? 'SELECT seq, at, type FROM events WHERE exercise_id IS ? AND seq < ? ORDER BY seq DESC LIMIT ?'
          : 'SELECT seq, at, type FROM events WHERE exercise_id IS ? AND seq > ? ORDER BY seq LIMIT ?',
      ).all(exerciseId, page.before ?? page.after ?? 0, page.limit);
      return isBackwards ? rows.reverse() : rows;
    });
  }

  latestAbout(subjectId: string, beforeSeq: number): Promise<MirsadEvent | null> {
    return settle(() => {
      const row = this.sql<[string, number], BodyRow>(
        'SELECT e.body FROM event_subjects s JOIN events e ON e.seq = s.seq WHERE s.subject_id = ? AND s.seq < ? ORDER BY s.seq DESC LIMIT 1',
      ).get(subjectId, beforeSeq);
      return row ? (JSON.parse(row.body) as MirsadEvent) : null;
    });
  }

  saveSnapshot(seq: number, json: string): Promise<void> {
    return settle(() => {
      this.sql('INSERT OR REPLACE INTO snapshots (seq, body) VALUES (?, ?)').run(seq, json);
    });
  }

  snapshotAtOrBefore(seq: number): Promise<{ seq: number; json: string } | null> {
    return settle(() => {
      const row = this.sql<[number], { seq: number; body: string }>(
        'SELECT seq, body FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
      ).get(seq);
      return row ? { seq: row.seq, json: row.body } : null;
    });
  }

  recordPositionHistory(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void> {
    return settle(() => {
      const insert = this.sql('INSERT OR REPLACE INTO position_history (unit_id, at, body) VALUES (?, ?, ?)');
      this.db.transaction(() => {
        for (const { unitId, position } of positions)
          insert.run(unitId, position.at, JSON.stringify(position));
      })();
    });
  }

  positionsAt(at: string): Promise<Map<string, UnitPosition>> {
    return settle(() => {
      // One index seek per unit and per drone (kept as `drone:<id>`, droneHistoryId): the newest
      // sample at or before the moment.
      const rows = this.sql<[string], { unit_id: string; body: string | null }>(
        `SELECT h.unit_id, (SELECT body FROM position_history p WHERE p.unit_id = h.unit_id AND p.at <= ? ORDER BY p.at DESC LIMIT 1) AS body
             FROM (SELECT id AS unit_id FROM entities WHERE kind = 'unit'
                   UNION ALL SELECT 'drone:' || id FROM entities WHERE kind = 'sensor' AND json_extract(body, '$.kind') = 'drone') h`,
      ).all(at);
      return new Map(
        rows.flatMap((row) =>
          row.body === null ? [] : [[row.unit_id, JSON.parse(row.body) as UnitPosition] as const],
        ),
      );
    });
  }

  readEvents(after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<MirsadEvent[]> {
    return settle(() =>
      this.sql<[number, number, number], BodyRow>(
        'SELECT body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      )
        .all(after, upTo, limit)
        .map((row) => JSON.parse(row.body) as MirsadEvent),
    );
  }

  readFeedEvents(after: number, limit: number, upTo: number, feed: FeedFilter): Promise<MirsadEvent[]> {
    return settle(() =>
      this.sql<
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
      this.sql<[string], BodyRow>(
        'SELECT e.body FROM event_subjects s JOIN events e ON e.seq = s.seq WHERE s.subject_id = ? ORDER BY s.seq',
      )
        .all(subjectId)
        .map((row) => JSON.parse(row.body) as MirsadEvent),
    );
  }

  getIncident(id: string): Promise<Incident | null> {
    return settle(() => {
      const row = this.sql<[string], BodyRow>('SELECT body FROM incidents WHERE id = ?').get(id);
      return row ? (JSON.parse(row.body) as Incident) : null;
    });
  }

  findByExternalRef(
    source: string,
    externalRef: string,
    exerciseId: string | null,
  ): Promise<Incident | null> {
    return settle(() => {
      const row = this.sql<[string, string, string], BodyRow>(
        'SELECT body FROM incidents WHERE source = ? AND external_ref = ? AND exercise_key = ?',
      ).get(source, externalRef, exerciseKey(exerciseId));
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
      const after = filter.page?.after;
      if (after) {
        where.push('(reported_at < ? OR (reported_at = ? AND id < ?))');
        params.push(after.reportedAt, after.reportedAt, after.id);
      }
      // Pages walk `incidents_by_time` (newest first, ties by id); the whole list keeps its order.
      const order = filter.page ? 'reported_at DESC, id DESC' : 'reported_at DESC, id';
      const limit = filter.page ? ` LIMIT ${filter.page.limit}` : '';
      return this.sql<string[], BodyRow>(
        `SELECT body FROM incidents WHERE ${where.join(' AND ')} ORDER BY ${order}${limit}`,
      )
        .all(...params)
        .map((row) => JSON.parse(row.body) as Incident);
    });
  }

  activeIncidentsNear(
    box: readonly [number, number, number, number],
    since: string,
    exerciseId: string | null,
    kinds: readonly { sector: SectorId; category: string }[],
  ): Promise<NearbyIncident[]> {
    return settle(() => {
      const [west, south, east, north] = box;
      const query = this.sql<(string | number)[], NearRow>(
        `SELECT incident_id, sector, category, reported_at, lon, lat, involved_sectors FROM incidents_near_rtree
           WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ? AND max_minute >= ?
             AND min_kind <= ? AND max_kind >= ?
             AND exercise_key = ? AND sector = ? AND category = ? AND reported_at >= ?
             AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?`,
      );
      const sinceMinute = minuteOf(since) - NEAR_TIME_SLACK_MIN;
      const rows = kinds.flatMap(({ sector, category }) => {
        const kind = kindCode(sector, category);
        return query.all(
          east,
          west,
          north,
          south,
          sinceMinute,
          kind,
          kind,
          exerciseKey(exerciseId),
          sector,
          category,
          since,
          west,
          east,
          south,
          north,
        );
      });
      return rows
        .map((row): NearbyIncident => ({
          id: row.incident_id,
          sector: row.sector,
          category: row.category,
          reportedAt: row.reported_at,
          position: [row.lon, row.lat],
          involvedSectors: JSON.parse(row.involved_sectors) as NearbyIncident['involvedSectors'],
        }))
        .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.id.localeCompare(b.id));
    });
  }

  getEntity<T>(kind: EntityKind, id: string): Promise<T | null> {
    return settle(() => {
      const row = this.sql<[string, string], BodyRow>(
        'SELECT body FROM entities WHERE kind = ? AND id = ?',
      ).get(kind, id);
      return row ? (JSON.parse(row.body) as T) : null;
    });
  }

  listEntities<T>(kind: EntityKind, exerciseId: string | null, statuses?: readonly string[]): Promise<T[]> {
    return settle(() => {
      const statusClause = statuses ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
      return this.sql<string[], BodyRow>(
        `SELECT body FROM entities WHERE kind = ? AND exercise_key = ?${statusClause} ORDER BY last_seq`,
      )
        .all(kind, exerciseKey(exerciseId), ...(statuses ?? []))
        .map((row) => JSON.parse(row.body) as T);
    });
  }

  logsWithEntities(kind: EntityKind, statuses: readonly string[]): Promise<(string | null)[]> {
    return settle(() =>
      this.sql<string[], { exercise_key: string }>(
        `SELECT DISTINCT exercise_key FROM entities WHERE kind = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY exercise_key`,
      )
        .all(kind, ...statuses)
        .map((row) => exerciseIdOf(row.exercise_key)),
    );
  }

  savePositions(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void> {
    return settle(() => {
      const upsert = this.sql(
        'INSERT INTO unit_positions (unit_id, body) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET body = excluded.body',
      );
      this.db.transaction(() => {
        for (const { unitId, position } of positions) upsert.run(unitId, JSON.stringify(position));
      })();
    });
  }

  loadPositions(): Promise<Map<string, UnitPosition>> {
    return settle(() => {
      const rows = this.sql<[], { unit_id: string; body: string }>(
        'SELECT unit_id, body FROM unit_positions',
      ).all();
      return new Map(rows.map((row) => [row.unit_id, JSON.parse(row.body) as UnitPosition]));
    });
  }

  /**
   * The incidents of one log reported in `(fromIso, toIso]` in some sectors, as the pattern
   * analysis reads them (where, when, what), cancelled and merged-away reports left out. For
   * the analysis's worker thread, on its own read-only connection.
   */
  patternCasesNow(
    exerciseId: string | null,
    fromIso: string,
    toIso: string,
    sectors: readonly string[],
  ): IncidentCase[] {
    if (sectors.length === 0) return [];
    return this.sql<
      unknown[],
      { id: string; sector: SectorId; category: string; reported_at: string; lon: number; lat: number }
    >(
      `SELECT id, sector, json_extract(body, '$.category') AS category, reported_at, lon, lat FROM incidents
       WHERE exercise_key = ? AND reported_at > ? AND reported_at <= ? AND status != 'cancelled'
         AND sector IN (${sectors.map(() => '?').join(', ')})`,
    )
      .all(exerciseKey(exerciseId), fromIso, toIso, ...sectors)
      .map((row) => ({
        id: row.id,
        sector: row.sector,
        category: row.category,
        reportedAt: row.reported_at,
        lon: row.lon,
        lat: row.lat,
      }));
  }

  async close(): Promise<void> {
    const { wal, checkpointer } = this;
    this.wal = null;
    this.checkpointer = undefined;
    await wal?.close();
    await checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
