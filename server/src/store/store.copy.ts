// Moving house: the embedded SQLite store of one machine copied into the PostgreSQL database
// of several, then checked. What the copy writes goes through the PostgreSQL store's own
// append statement, so the projection is rebuilt by the same code that keeps it afterwards.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import type { MirsadEvent } from '@mirsad/shared';
import { ReplayService } from '../review/replay.service.js';
import { StoreIntegrityError } from './event.store.js';
import { connectPg, migratePg, redactedUrl } from './pg.database.js';
import { APPEND, appendValues, PgEventStore } from './pg.store.js';
import { assertSqliteMigrated } from './sqlite.migrations.js';
import { SqliteEventStore } from './sqlite.store.js';

/** Events, and rows of the other tables, read and written per statement. */
export const COPY_PAGE_ROWS = 500;

/** The tables copied besides the log, with their columns; the projection is rebuilt, not copied. */
const COPIED_TABLES = [
  {
    table: 'accounts',
    columns: [
      'username',
      'display_name',
      'role',
      'sectors',
      'password_hash',
      'failed_logins',
      'locked_until',
      'is_disabled',
      'created_at',
    ],
    order: 'username',
  },
  {
    table: 'login_attempts',
    columns: ['username', 'address', 'attempts', 'locked_until', 'last_success_at'],
    order: 'username, address',
  },
  { table: 'sessions', columns: ['token_hash', 'username', 'created_at', 'expires_at'], order: 'token_hash' },
  {
    table: 'api_keys',
    columns: ['id', 'name', 'secret_hash', 'role', 'source', 'sectors', 'created_at', 'revoked_at'],
    order: 'id',
  },
  {
    table: 'audit',
    columns: ['seq', 'at', 'actor', 'action', 'target', 'outcome', 'detail', 'ip'],
    order: 'seq',
  },
  { table: 'snapshots', columns: ['seq', 'body'], order: 'seq' },
  { table: 'unit_positions', columns: ['unit_id', 'body'], order: 'unit_id' },
  { table: 'position_history', columns: ['unit_id', 'at', 'body'], order: 'unit_id, at' },
  // Past incidents loaded for pattern watch; a store that never started a server with it has none.
  {
    table: 'history',
    columns: ['source', 'external_ref', 'sector', 'category', 'reported_ms', 'lon', 'lat', 'body'],
    order: 'source, external_ref',
  },
] as const;

type CopiedTable = (typeof COPIED_TABLES)[number]['table'];

/** What was copied and what the check found; `problems` is empty when the copy is the same. */
export interface CopyReport {
  events: number;
  rows: Record<CopiedTable, number>;
  incidents: number;
  entities: number;
  problems: string[];
}

/** The copy was refused before writing anything (a non-empty target, a source it cannot read). */
export class StoreCopyError extends Error {
  override readonly name = 'StoreCopyError';
}

type Row = Record<string, unknown>;

/** Booleans are 0/1 in SQLite, true/false in PostgreSQL. */
const toPg = (table: CopiedTable, column: string, value: unknown): unknown =>
  table === 'accounts' && column === 'is_disabled' ? value === 1 : value;

/** Opens the source read-only and checks it is a store this server reads. */
function openSource(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new StoreCopyError(`there is no SQLite store at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasEvents = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
      .get();
    if (!hasEvents) throw new StoreCopyError(`${file} is not a Mirsad store (it has no event log)`);
    assertSqliteMigrated(db, file);
  } catch (error) {
    db.close();
    if (error instanceof StoreIntegrityError && /is not migrated/.test(error.message))
      throw new StoreCopyError(
        `${file} was written before migrations: start this version's server on it once (it adopts the file), stop it, then copy`,
      );
    throw error;
  }
  return db;
}

/** Refuses a target that holds anything: a copy never merges two rooms' logs. */
async function assertEmpty(client: pg.Client, url: string): Promise<void> {
  const tables = ['events', 'accounts', 'sessions', 'api_keys', 'audit', 'snapshots'];
  const counts = await client.query<Record<string, number>>(
    `SELECT ${tables.map((table) => `(SELECT COUNT(*) FROM ${table})::int AS ${table}`).join(', ')}`,
  );
  const row = counts.rows[0] ?? {};
  const held = tables.filter((table) => (row[table] ?? 0) > 0);
  if (held.length > 0)
    throw new StoreCopyError(
      `${redactedUrl(url)} is not empty (${held.map((table) => `${row[table]} ${table}`).join(', ')}): the copy goes only into an empty database`,
    );
}

/** Copies the log, one event at a time through the PostgreSQL store's append, checking there is no gap. */
async function copyEvents(source: Database.Database, client: pg.Client): Promise<number> {
  const page = source.prepare<[number, number], { seq: number; body: string }>(
    'SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  let last = 0;
  for (;;) {
    const rows = page.all(last, COPY_PAGE_ROWS);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== last + 1)
        throw new StoreIntegrityError(`the source log jumps from ${last} to ${row.seq}: it is not copied`);
      await client.query(APPEND, appendValues(JSON.parse(row.body) as MirsadEvent, row.body));
      last = row.seq;
    }
  }
  await client.query('UPDATE log_head SET seq = $1', [last]);
  return last;
}

/** Whether the SQLite store has a table (one made lazily, such as `history`, may be missing). */
const hasTable = (source: Database.Database, table: string): boolean =>
  source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

async function copyTable(
  source: Database.Database,
  client: pg.Client,
  { table, columns, order }: (typeof COPIED_TABLES)[number],
): Promise<number> {
  if (!hasTable(source, table)) return 0;
  let count = 0;
  let batch: Row[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map(
      (row) => `(${columns.map((column) => `$${values.push(toPg(table, column, row[column]))}`).join(', ')})`,
    );
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    count += batch.length;
    batch = [];
  };
  for (const row of source
    .prepare<[], Row>(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`)
    .iterate()) {
    batch.push(row);
    if (batch.length >= COPY_PAGE_ROWS) await flush();
  }
  await flush();
  return count;
}

/**
 * Copies a SQLite store (log, accounts, login counts, sessions, keys, audit, snapshots,
 * positions, history) into an empty PostgreSQL database in one transaction, then checks the copy.
 * Refuses a non-empty target. Reads the source in one read transaction, so a server still
 * running on it would not tear the copy (stop it anyway: what it writes later is not copied).
 */
export async function copySqliteToPg(
  from: string,
  to: string,
  say: (line: string) => void = () => undefined,
): Promise<CopyReport> {
  const source = openSource(from);
  try {
    await migratePg(to);
    const client = await connectPg(to);
    let events: number;
    const rows = {} as Record<CopiedTable, number>;
    try {
      await client.query('BEGIN');
      await assertEmpty(client, to);
      // Holds every node's writers off until the copy commits.
      await client.query('UPDATE log_head SET seq = seq');
      source.exec('BEGIN');
      events = await copyEvents(source, client);
      say(`copied ${events} events`);
      for (const table of COPIED_TABLES) {
        rows[table.table] = await copyTable(source, client, table);
        say(`copied ${rows[table.table]} rows of ${table.table}`);
      }
      // New audit entries follow on from the copied ones.
      await client.query(
        "SELECT setval(pg_get_serial_sequence('audit', 'seq'), GREATEST((SELECT MAX(seq) FROM audit), 1))",
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (source.inTransaction) source.exec('COMMIT');
      await client.end();
    }
    return { events, rows, ...(await checkCopy(source, from, to)) };
  } finally {
    source.close();
  }
}

/** A value as both drivers give it back: numbers whatever their column type, text as text. */
const comparable = (value: unknown): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** Rows of one query on each side, by key, as text: what differs is named. */
function compareRows(
  what: string,
  left: Map<string, string>,
  right: Map<string, string>,
  problems: string[],
): void {
  const keys = new Set([...left.keys(), ...right.keys()]);
  const differing = [...keys].filter((key) => left.get(key) !== right.get(key));
  if (differing.length > 0)
    problems.push(`${differing.length} ${what} differ (first: ${differing.slice(0, 3).join(', ')})`);
}

/**
 * Checks a copy: the same events byte for byte by sequence, the same projection (incidents
 * and entities), the same picture folded from each store, and the same accounts, keys,
 * sessions, audit trail, positions and history.
 */
export async function checkCopy(
  source: Database.Database,
  from: string,
  to: string,
): Promise<{ incidents: number; entities: number; problems: string[] }> {
  const problems: string[] = [];
  const client = await connectPg(to);
  try {
    // The log, byte for byte.
    const sqlitePage = source.prepare<[number, number], { seq: number; body: string }>(
      'SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    let last = 0;
    for (;;) {
      const left = sqlitePage.all(last, COPY_PAGE_ROWS);
      const right = (
        await client.query<{ seq: string; body: string }>(
          'SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
          [last, COPY_PAGE_ROWS],
        )
      ).rows;
      const length = Math.max(left.length, right.length);
      for (let index = 0; index < length; index++) {
        const a = left[index];
        const b = right[index];
        if (a?.seq !== (b ? Number(b.seq) : undefined) || a?.body !== b?.body) {
          problems.push(`the logs differ at sequence ${a?.seq ?? b?.seq ?? '?'}`);
          break;
        }
      }
      const tail = left.at(-1);
      if (!tail || problems.length > 0) break;
      last = tail.seq;
    }
    // The projection.
    const sqliteMap = (sql: string): Map<string, string> =>
      new Map(
        source
          .prepare<[], { key: string; body: string }>(sql)
          .all()
          .map((row) => [row.key, row.body]),
      );
    const pgMap = async (sql: string): Promise<Map<string, string>> =>
      new Map(
        (await client.query<{ key: string; body: string }>(sql)).rows.map((row) => [row.key, row.body]),
      );
    const incidentsSql = 'SELECT id AS key, body FROM incidents';
    const entitiesSql = "SELECT kind || ':' || id AS key, body FROM entities";
    const incidents = sqliteMap(incidentsSql);
    const entities = sqliteMap(entitiesSql);
    compareRows('incidents', incidents, await pgMap(incidentsSql), problems);
    compareRows('entities', entities, await pgMap(entitiesSql), problems);
    for (const { table, columns, order } of COPIED_TABLES) {
      if (!hasTable(source, table)) continue;
      const sql = `SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`;
      const keyOf = (row: Row): string =>
        order
          .split(', ')
          .map((column) => String(row[column]))
          .join(':');
      const byKey = (list: readonly Row[], isSqlite: boolean): Map<string, string> =>
        new Map(
          list.map((row) => [
            keyOf(row),
            JSON.stringify(
              columns.map((column) => comparable(isSqlite ? toPg(table, column, row[column]) : row[column])),
            ),
          ]),
        );
      compareRows(
        `rows of ${table}`,
        byKey(source.prepare<[], Row>(sql).all(), true),
        byKey((await client.query<Row>(sql)).rows, false),
        problems,
      );
    }
    // The picture each store folds for now.
    const target = PgEventStore.openReadOnly(to, 1);
    const copied = SqliteEventStore.openReadOnly(from);
    try {
      const now = new Date();
      const [left, right] = await Promise.all([
        new ReplayService(copied).pictureAt(now),
        new ReplayService(target).pictureAt(now),
      ]);
      if (JSON.stringify(left) !== JSON.stringify(right))
        problems.push('the pictures folded from each store differ');
    } finally {
      await Promise.all([target.close(), copied.close()]);
    }
    return { incidents: incidents.size, entities: entities.size, problems };
  } finally {
    await client.end();
  }
}
