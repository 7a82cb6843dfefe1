import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
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
  type LogQuery,
  type MomentsQueryPage,
  type NearbyIncident,
  type StoredEvent,
} from './event.store.js';
import { connectPg, migratePg, pgPool } from './pg.database.js';
import { entitiesAfter, subjectsOf } from './projection.js';

/** The channel told of each committed group's new head, for nodes that tail the log. */
export const PG_LOG_CHANNEL = 'mirsad_log';

/** A connection or a pool: both answer queries. */
export type Queryable = pg.Client | pg.Pool | pg.PoolClient;

/** Opens a group: the transaction and the lock of the log's head, in one round trip. */
const BEGIN_AND_LOCK = 'BEGIN; UPDATE log_head SET seq = seq RETURNING seq';

/** Statement names by SQL text: PostgreSQL parses and plans a named statement once per connection. */
const statementNames = new Map<string, string>();

/** Runs `text` as a prepared statement and returns its rows. */
export async function run<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `mirsad_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return (await db.query<Row>({ name, text, values })).rows;
}

// Live rows use '' as their exercise key, as in SQLite, so one unique index covers both logs.
const exerciseKey = (exerciseId: string | null): string => exerciseId ?? '';
const exerciseIdOf = (key: string): string | null => (key === '' ? null : key);

/** Whether correlation may join an incident: active, and not merged away. */
const isNearCandidate = (incident: Incident): boolean => isActive(incident) && incident.mergedInto === null;

/**
 * One round trip per event: the event, its subjects, the incidents and the entities it leaves
 * behind, written by one statement. Foreign keys are checked at its end, when the event is in.
 */
export const APPEND = `
WITH event AS (
  INSERT INTO events (seq, id, type, at, exercise_id, sectors, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
), subjects AS (
  INSERT INTO event_subjects (subject_id, seq) SELECT DISTINCT s, $1::bigint FROM unnest($8::text[]) AS s
), incidents AS (
  INSERT INTO incidents (id, sector, category, status, governorate, exercise_key, source, external_ref,
    reported_at, lon, lat, involved_sectors, is_near_candidate, version, last_seq, body)
  SELECT i.id, i.sector, i.category, i.status, i.governorate, i.exercise_key, i.source, i.external_ref,
    i.reported_at, i.lon, i.lat, i.involved_sectors, i.is_near, i.version, $1::bigint, i.body
  FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
    $16::text[], $17::text[], $18::float8[], $19::float8[], $20::text[], $21::boolean[], $22::int[], $23::text[])
    AS i (id, sector, category, status, governorate, exercise_key, source, external_ref, reported_at, lon, lat,
      involved_sectors, is_near, version, body)
  ON CONFLICT (id) DO UPDATE SET sector = excluded.sector, category = excluded.category, status = excluded.status,
    governorate = excluded.governorate, lon = excluded.lon, lat = excluded.lat,
    involved_sectors = excluded.involved_sectors, is_near_candidate = excluded.is_near_candidate,
    version = excluded.version, last_seq = excluded.last_seq, body = excluded.body
), entities AS (
  INSERT INTO entities (kind, id, exercise_key, status, last_seq, body)
  SELECT e.kind, e.id, e.exercise_key, e.status, $1::bigint, e.body
  FROM unnest($24::text[], $25::text[], $26::text[], $27::text[], $28::text[]) AS e (kind, id, exercise_key, status, body)
  ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, last_seq = excluded.last_seq, body = excluded.body
)
SELECT 1`;

/**
 * The parameters of APPEND for one event; `body` is its stored text when it comes from
 * another store (a copy keeps the log byte for byte).
 */
export function appendValues(event: MirsadEvent, body = JSON.stringify(event)): unknown[] {
  const incidents = incidentsAfter(event);
  const entities = entitiesAfter(event);
  const column = <T>(pick: (incident: Incident) => T): T[] => incidents.map(pick);
  const positions = incidents.map((incident) => representativePosition(incident.location));
  return [
    event.seq,
    event.id,
    event.type,
    event.at,
    event.exerciseId,
    event.sectors,
    body,
    subjectsOf(event),
    column((i) => i.id),
    column((i) => i.sector),
    column((i) => i.category),
    column((i) => i.status),
    column((i) => i.governorate),
    column((i) => exerciseKey(i.exerciseId)),
    column((i) => i.source),
    column((i) => i.externalRef),
    column((i) => i.reportedAt),
    positions.map(([lon]) => lon),
    positions.map(([, lat]) => lat),
    column((i) => JSON.stringify(i.involvedSectors)),
    column(isNearCandidate),
    column((i) => i.version),
    column((i) => JSON.stringify(i)),
    entities.map((e) => e.kind),
    entities.map((e) => e.id),
    entities.map((e) => exerciseKey(e.exerciseId)),
    entities.map((e) => e.status),
    entities.map((e) => JSON.stringify(e.value)),
  ];
}

interface BodyRow {
  body: string;
}

interface NearRow {
  id: string;
  sector: NearbyIncident['sector'];
  category: NearbyIncident['category'];
  reported_at: string;
  lon: number;
  lat: number;
  involved_sectors: string;
}

const parseBodies = <T>(rows: readonly BodyRow[]): T[] => rows.map((row) => JSON.parse(row.body) as T);

/** The last of each key, in order: one upsert statement may touch a row only once. */
function lastOfEach<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [keyOf(item), item])).values()];
}

/**
 * The store of several machines: the log and its projection in PostgreSQL. Each group commit
 * is one transaction on the writer's own connection that begins by locking the one-row
 * `log_head`: writers of every node queue on that lock, so a group numbers its events from the
 * head the previous commit left, and commit order is sequence order across nodes, with no gap.
 * A reader that tails the log by sequence never skips a number still being committed, because
 * a number is only taken by the transaction that holds the lock. Reads made inside a work go
 * to the writer's connection (they see the group's appends); every other read goes to a pool
 * and sees only what is committed.
 */
export class PgEventStore implements EventStore {
  readonly kind = 'postgres';
  private head = 0;
  private groupHead = 0;
  private workHead = 0;
  /** The head stored in log_head when the group began: unchanged means nothing to write at commit. */
  private lockedHead = 0;
  private isGroupOpen = false;
  /** Whether the running work set a savepoint (not when the group had nothing kept before it). */
  private hasWorkSavepoint = false;
  private readonly work = new AsyncLocalStorage<true>();
  private writerLost: Error | null = null;
  private isClosed = false;

  private constructor(
    /** The database's address, for the review's readers. */
    readonly url: string,
    private writer: pg.Client | null,
    private readonly pool: pg.Pool,
  ) {
    this.watchWriter();
  }

  /** Migrates the database at `url` and opens the store on it: one writer connection and a read pool. */
  static async open(url: string): Promise<PgEventStore> {
    await migratePg(url);
    return new PgEventStore(url, await connectPg(url), pgPool(url, false));
  }

  /** Opens the store for reading only (the review's readers): PostgreSQL refuses its writes. */
  static openReadOnly(url: string, poolSize = 2): PgEventStore {
    return new PgEventStore(url, null, pgPool(url, true, poolSize));
  }

  /** The pool of connections that see only what is committed, for the other stores of the same database. */
  get committedPool(): pg.Pool {
    return this.pool;
  }

  /** The writer's connection, for stores whose writes must join the group (the audit trail). */
  get groupConnection(): pg.Client {
    return this.requireWriter();
  }

  private watchWriter(): void {
    // A lost connection must not crash the process: the open group fails, and the next one reconnects.
    const writer = this.writer;
    writer?.on('error', (error) => {
      this.writerLost = error;
    });
    // A connection that ends in the middle of a query fails that query without an 'error' event.
    writer?.on('end', () => {
      if (this.writer === writer) this.writerLost ??= new Error('the writer connection ended');
    });
  }

  private requireWriter(): pg.Client {
    if (!this.writer) throw new StoreIntegrityError('this PostgreSQL store was opened read-only');
    return this.writer;
  }

  /** Where a read goes: the writer's connection inside a work, else a pooled one. */
  private get reader(): Queryable {
    return this.work.getStore() && this.writer ? this.writer : this.pool;
  }

  runWork<T>(work: () => Promise<T>): Promise<T> {
    return this.work.run(true, work);
  }

  async headSeq(): Promise<number> {
    if (this.isGroupOpen && this.work.getStore()) return this.head;
    const [row] = await run<{ seq: number }>(this.pool, 'SELECT seq FROM log_head');
    return row?.seq ?? 0;
  }

  async beginGroup(): Promise<void> {
    if (this.writerLost) await this.reconnect();
    try {
      await this.lockHead(BEGIN_AND_LOCK);
    } catch (error) {
      await this.requireWriter()
        .query('ROLLBACK')
        .catch(() => undefined);
      throw error;
    }
    this.isGroupOpen = true;
  }

  /**
   * Runs `statements` (BEGIN, or a ROLLBACK then BEGIN, then the lock of log_head) in one round
   * trip: the simple query protocol takes several statements at once, which the prepared
   * statements of the works cannot. The row lock is held until COMMIT: every other node's
   * group waits here for this one.
   */
  private async lockHead(statements: string): Promise<void> {
    const results = (await this.requireWriter().query(statements)) as unknown as pg.QueryResult<{
      seq: number;
    }>[];
    const row = results.at(-1)?.rows[0];
    if (!row) throw new StoreIntegrityError('log_head has no row');
    this.head = row.seq;
    this.groupHead = row.seq;
    this.lockedHead = row.seq;
  }

  private async reconnect(): Promise<void> {
    const lost = this.writer;
    this.writer = await connectPg(this.url);
    this.writerLost = null;
    this.watchWriter();
    await lost?.end().catch(() => undefined);
  }

  async beginWork(): Promise<void> {
    this.workHead = this.head;
    // Nothing kept in the group yet (its first work, or only works that wrote nothing before):
    // a failure of this work is undone by beginning the group again, so no savepoint is needed.
    // That is one round trip less per group, whose works take only milliseconds each.
    this.hasWorkSavepoint = this.head !== this.lockedHead;
    if (this.hasWorkSavepoint) await this.requireWriter().query('SAVEPOINT work');
  }

  async endWork(isKept: boolean): Promise<void> {
    // A kept work's savepoint is left in place, not released: the next work's SAVEPOINT of the
    // same name hides it, ROLLBACK TO goes back only to the newest, and COMMIT ends them all.
    // That is one round trip less per work, which a group of small works feels.
    if (isKept) return;
    try {
      if (this.hasWorkSavepoint) {
        await this.requireWriter().query('ROLLBACK TO SAVEPOINT work');
        this.head = this.workHead;
      } else {
        // Nothing of the group's is lost with it; the next works number from the head as locked again.
        await this.lockHead(`ROLLBACK; ${BEGIN_AND_LOCK}`);
      }
    } catch (error) {
      await this.abandonGroup();
      throw error;
    }
  }

  async commitGroup(): Promise<void> {
    const writer = this.requireWriter();
    try {
      if (this.head !== this.lockedHead) {
        if (!Number.isSafeInteger(this.head))
          throw new StoreIntegrityError(`head ${this.head} is not a sequence`);
        // One round trip: the new head, the wake-up (delivered at COMMIT, and only if it
        // commits: a tailing node wakes and reads by sequence), and the commit. The head is a
        // number this store counted, so it is written into the text safely.
        await writer.query(
          `UPDATE log_head SET seq = ${this.head}; SELECT pg_notify('${PG_LOG_CHANNEL}', '${this.head}'); COMMIT`,
        );
      } else await writer.query('COMMIT');
      this.isGroupOpen = false;
    } catch (error) {
      await this.abandonGroup();
      throw error;
    }
  }

  private async abandonGroup(): Promise<void> {
    this.head = this.groupHead;
    this.isGroupOpen = false;
    await this.writer?.query('ROLLBACK').catch(() => undefined);
  }

  /** Runs `write` in its own group when none is open (a direct append), or inside the open one. */
  private async inGroup<T>(write: () => Promise<T>): Promise<T> {
    if (this.isGroupOpen) {
      const writer = this.requireWriter();
      const head = this.head;
      await writer.query('SAVEPOINT batch');
      try {
        const result = await write();
        await writer.query('RELEASE SAVEPOINT batch');
        return result;
      } catch (error) {
        this.head = head;
        await writer.query('ROLLBACK TO SAVEPOINT batch').catch(() => undefined);
        throw error;
      }
    }
    await this.beginGroup();
    let result: T;
    try {
      result = await write();
    } catch (error) {
      await this.abandonGroup();
      throw error;
    }
    await this.commitGroup();
    return result;
  }

  private async writeEvent(newEvent: NewMirsadEvent): Promise<MirsadEvent> {
    const event: MirsadEvent = { ...newEvent, seq: this.head + 1 };
    await run(this.requireWriter(), APPEND, appendValues(event));
    this.head = event.seq;
    return event;
  }

  append(newEvent: NewMirsadEvent): Promise<MirsadEvent> {
    if (this.isGroupOpen) return this.writeEvent(newEvent);
    return this.inGroup(() => this.writeEvent(newEvent));
  }

  appendBatch(newEvents: readonly NewMirsadEvent[]): Promise<MirsadEvent[]> {
    return this.inGroup(async () => {
      const events: MirsadEvent[] = [];
      for (const event of newEvents) events.push(await this.writeEvent(event));
      return events;
    });
  }

  async seqAt(at: string): Promise<number> {
    const [row] = await run<{ seq: number }>(
      this.reader,
      'SELECT seq FROM events WHERE at <= $1 ORDER BY at DESC, seq DESC LIMIT 1',
      [at],
    );
    return row?.seq ?? 0;
  }

  async firstSeqFrom(at: string): Promise<number | null> {
    const [row] = await run<{ seq: number }>(
      this.reader,
      'SELECT seq FROM events WHERE at >= $1 ORDER BY at, seq LIMIT 1',
      [at],
    );
    return row?.seq ?? null;
  }

  async readLog(query: LogQuery): Promise<MirsadEvent[]> {
    return parseBodies(await this.readLogText(query));
  }

  async readLogText(query: LogQuery): Promise<StoredEvent[]> {
    const values: unknown[] = [query.after, query.upTo ?? Number.MAX_SAFE_INTEGER];
    const where = ['seq > $1', 'seq <= $2', logClause(query.exerciseId, values)];
    if (query.from !== undefined) where.push(`at >= $${values.push(query.from)}`);
    if (query.to !== undefined) where.push(`at <= $${values.push(query.to)}`);
    const limit = `$${values.push(query.limit)}`;
    return run<StoredEvent>(
      this.reader,
      `SELECT seq, body FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${limit}`,
      values,
    );
  }

  async logMoments(exerciseId: string | null, page: MomentsQueryPage): Promise<Moment[]> {
    const isBackwards = page.before !== undefined;
    const values: unknown[] = [page.before ?? page.after ?? 0, page.limit];
    const log = logClause(exerciseId, values);
    const rows = await run<Moment>(
      this.reader,
      isBackwards
        ? `SELECT seq, at, type FROM events WHERE ${log} AND seq < $1 ORDER BY seq DESC LIMIT $2`
        : `SELECT seq, at, type FROM events WHERE ${log} AND seq > $1 ORDER BY seq LIMIT $2`,
      values,
    );
    return isBackwards ? rows.reverse() : rows;
  }

  async latestAbout(subjectId: string, beforeSeq: number): Promise<MirsadEvent | null> {
    const [row] = await run<BodyRow>(
      this.reader,
      'SELECT e.body FROM event_subjects s JOIN events e ON e.seq = s.seq WHERE s.subject_id = $1 AND s.seq < $2 ORDER BY s.seq DESC LIMIT 1',
      [subjectId, beforeSeq],
    );
    return row ? (JSON.parse(row.body) as MirsadEvent) : null;
  }

  async saveSnapshot(seq: number, json: string): Promise<void> {
    // The leader alone writes snapshots; a leader that has just lost its lock and the next one
    // may both reach the same sequence, and their folds of the same log are the same picture.
    await run(this.pool, 'INSERT INTO snapshots (seq, body) VALUES ($1, $2) ON CONFLICT (seq) DO NOTHING', [
      seq,
      json,
    ]);
  }

  async snapshotAtOrBefore(seq: number): Promise<{ seq: number; json: string } | null> {
    const [row] = await run<{ seq: number; body: string }>(
      this.reader,
      'SELECT seq, body FROM snapshots WHERE seq <= $1 ORDER BY seq DESC LIMIT 1',
      [seq],
    );
    return row ? { seq: row.seq, json: row.body } : null;
  }

  async recordPositionHistory(
    positions: readonly { unitId: string; position: UnitPosition }[],
  ): Promise<void> {
    const rows = lastOfEach(positions, ({ unitId, position }) => `${unitId}\n${position.at}`);
    if (rows.length === 0) return;
    await run(
      this.pool,
      `INSERT INTO position_history (unit_id, at, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (unit_id, at) DO UPDATE SET body = excluded.body`,
      [
        rows.map((row) => row.unitId),
        rows.map((row) => row.position.at),
        rows.map((row) => JSON.stringify(row.position)),
      ],
    );
  }

  async positionsAt(at: string): Promise<Map<string, UnitPosition>> {
    // One index seek per unit and per drone (kept as `drone:<id>`, droneHistoryId): the newest
    // sample at or before the moment.
    const rows = await run<{ unit_id: string; body: string | null }>(
      this.reader,
      `SELECT h.unit_id,
              (SELECT body FROM position_history p WHERE p.unit_id = h.unit_id AND p.at <= $1 ORDER BY p.at DESC LIMIT 1) AS body
         FROM (SELECT id AS unit_id FROM entities WHERE kind = 'unit'
               UNION ALL SELECT 'drone:' || id FROM entities WHERE kind = 'sensor' AND body::jsonb ->> 'kind' = 'drone') h`,
      [at],
    );
    return new Map(
      rows.flatMap((row) =>
        row.body === null ? [] : [[row.unit_id, JSON.parse(row.body) as UnitPosition] as const],
      ),
    );
  }

  async readEvents(after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<MirsadEvent[]> {
    return parseBodies(
      await run<BodyRow>(
        this.reader,
        'SELECT body FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
        [after, upTo, limit],
      ),
    );
  }

  async readFeedEvents(after: number, limit: number, upTo: number, feed: FeedFilter): Promise<MirsadEvent[]> {
    const values: unknown[] = [after, upTo, limit];
    const where = ['seq > $1', 'seq <= $2', logClause(feed.exerciseId, values)];
    if (feed.sectors !== null) where.push(`sectors && $${values.push(feed.sectors)}::text[]`);
    return parseBodies(
      await run<BodyRow>(
        this.reader,
        `SELECT body FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $3`,
        values,
      ),
    );
  }

  async eventsAbout(subjectId: string): Promise<MirsadEvent[]> {
    return parseBodies(
      await run<BodyRow>(
        this.reader,
        'SELECT e.body FROM event_subjects s JOIN events e ON e.seq = s.seq WHERE s.subject_id = $1 ORDER BY s.seq',
        [subjectId],
      ),
    );
  }

  async getIncident(id: string): Promise<Incident | null> {
    const [row] = await run<BodyRow>(this.reader, 'SELECT body FROM incidents WHERE id = $1', [id]);
    return row ? (JSON.parse(row.body) as Incident) : null;
  }

  async findByExternalRef(
    source: string,
    externalRef: string,
    exerciseId: string | null,
  ): Promise<Incident | null> {
    const [row] = await run<BodyRow>(
      this.reader,
      'SELECT body FROM incidents WHERE source = $1 AND external_ref = $2 AND exercise_key = $3',
      [source, externalRef, exerciseKey(exerciseId)],
    );
    return row ? (JSON.parse(row.body) as Incident) : null;
  }

  async listIncidents(filter: IncidentFilter): Promise<Incident[]> {
    const values: unknown[] = [exerciseKey(filter.exerciseId)];
    const where = ['exercise_key = $1'];
    const addIn = (column: string, list: readonly string[] | undefined): void => {
      if (list) where.push(`${column} = ANY($${values.push(list)}::text[])`);
    };
    addIn('status', filter.status ?? (filter.scope === 'active' ? ACTIVE_STATUSES : undefined));
    addIn('sector', filter.sector);
    addIn('governorate', filter.governorate);
    if (filter.reportedSince !== undefined)
      where.push(`reported_at >= $${values.push(filter.reportedSince)}`);
    const after = filter.page?.after;
    if (after)
      where.push(`(reported_at, id) < ($${values.push(after.reportedAt)}, $${values.push(after.id)})`);
    // Pages walk `incidents_by_time` (newest first, ties by id); the whole list keeps its order.
    const order = filter.page ? 'reported_at DESC, id DESC' : 'reported_at DESC, id';
    const limit = filter.page ? ` LIMIT $${values.push(filter.page.limit)}` : '';
    return parseBodies(
      await run<BodyRow>(
        this.reader,
        `SELECT body FROM incidents WHERE ${where.join(' AND ')} ORDER BY ${order}${limit}`,
        values,
      ),
    );
  }

  async activeIncidentsNear(
    box: readonly [number, number, number, number],
    since: string,
    exerciseId: string | null,
    kinds: readonly { sector: SectorId; category: string }[],
  ): Promise<NearbyIncident[]> {
    if (kinds.length === 0) return [];
    const [west, south, east, north] = box;
    // The partial GiST index holds only candidates (active, not merged) by their point: a
    // lookup walks the box, never the incidents closed or merged long ago at the same place.
    const rows = await run<NearRow>(
      this.reader,
      `SELECT id, sector, category, reported_at, lon, lat, involved_sectors FROM incidents
        WHERE is_near_candidate AND point(lon, lat) <@ box(point($1, $2), point($3, $4))
          AND exercise_key = $5 AND reported_at >= $6
          AND (sector, category) IN (SELECT * FROM unnest($7::text[], $8::text[]))
        ORDER BY reported_at, id`,
      [
        west,
        south,
        east,
        north,
        exerciseKey(exerciseId),
        since,
        kinds.map((kind) => kind.sector),
        kinds.map((kind) => kind.category),
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      sector: row.sector,
      category: row.category,
      reportedAt: row.reported_at,
      position: [row.lon, row.lat],
      involvedSectors: JSON.parse(row.involved_sectors) as NearbyIncident['involvedSectors'],
    }));
  }

  /**
   * The incidents of one log reported in `(fromIso, toIso]` in some sectors, as the pattern
   * analysis reads them, cancelled reports left out: SQLite's `patternCasesNow`, for the
   * analysis's worker thread on its own read-only pool.
   */
  async patternCases(
    exerciseId: string | null,
    fromIso: string,
    toIso: string,
    sectors: readonly string[],
  ): Promise<IncidentCase[]> {
    if (sectors.length === 0) return [];
    const rows = await run<{
      id: string;
      sector: SectorId;
      category: string;
      reported_at: string;
      lon: number;
      lat: number;
    }>(
      this.reader,
      `SELECT id, sector, category, reported_at, lon, lat FROM incidents
        WHERE exercise_key = $1 AND reported_at > $2 AND reported_at <= $3 AND status != 'cancelled'
          AND sector = ANY($4::text[])`,
      [exerciseKey(exerciseId), fromIso, toIso, sectors],
    );
    return rows.map((row) => ({
      id: row.id,
      sector: row.sector,
      category: row.category,
      reportedAt: row.reported_at,
      lon: row.lon,
      lat: row.lat,
    }));
  }

  async getEntity<T>(kind: EntityKind, id: string): Promise<T | null> {
    const [row] = await run<BodyRow>(this.reader, 'SELECT body FROM entities WHERE kind = $1 AND id = $2', [
      kind,
      id,
    ]);
    return row ? (JSON.parse(row.body) as T) : null;
  }

  async listEntities<T>(
    kind: EntityKind,
    exerciseId: string | null,
    statuses?: readonly string[],
  ): Promise<T[]> {
    const statusClause = statuses ? ' AND status = ANY($3::text[])' : '';
    return parseBodies(
      await run<BodyRow>(
        this.reader,
        `SELECT body FROM entities WHERE kind = $1 AND exercise_key = $2${statusClause} ORDER BY last_seq, id`,
        statuses ? [kind, exerciseKey(exerciseId), statuses] : [kind, exerciseKey(exerciseId)],
      ),
    );
  }

  async logsWithEntities(kind: EntityKind, statuses: readonly string[]): Promise<(string | null)[]> {
    const rows = await run<{ exercise_key: string }>(
      this.reader,
      'SELECT DISTINCT exercise_key FROM entities WHERE kind = $1 AND status = ANY($2::text[]) ORDER BY exercise_key',
      [kind, statuses],
    );
    return rows.map((row) => exerciseIdOf(row.exercise_key));
  }

  async savePositions(positions: readonly { unitId: string; position: UnitPosition }[]): Promise<void> {
    const rows = lastOfEach(positions, ({ unitId }) => unitId);
    if (rows.length === 0) return;
    await run(
      this.pool,
      `INSERT INTO unit_positions (unit_id, body) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (unit_id) DO UPDATE SET body = excluded.body`,
      [rows.map((row) => row.unitId), rows.map((row) => JSON.stringify(row.position))],
    );
  }

  async loadPositions(): Promise<Map<string, UnitPosition>> {
    const rows = await run<{ unit_id: string; body: string }>(
      this.reader,
      'SELECT unit_id, body FROM unit_positions',
    );
    return new Map(rows.map((row) => [row.unit_id, JSON.parse(row.body) as UnitPosition]));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    const writer = this.writer;
    this.writer = null;
    await Promise.all([writer?.end(), this.pool.end()]);
  }
}

/**
 * The clause choosing one log, pushing its parameter: `IS NULL` for the live log, since
 * `IS NOT DISTINCT FROM` would not use the index.
 */
function logClause(exerciseId: string | null, values: unknown[]): string {
  return exerciseId === null ? 'exercise_id IS NULL' : `exercise_id = $${values.push(exerciseId)}`;
}
