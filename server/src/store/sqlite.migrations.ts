import type Database from 'better-sqlite3';
import { StoreIntegrityError } from './event.store.js';
import { MIGRATIONS_TABLE, migrate, migrationsTable, type Migration } from './migrations.js';
import { openSqlite } from './sqlite.database.js';

/** What a SQLite migration runs on: the file's one connection, inside the migration's transaction. */
export interface SqliteMigrationContext {
  db: Database.Database;
}

/**
 * The meta key older servers check: the number of the newest migration. A server from before
 * migrations opens only version 2 (the baseline), so a file migrated past it is refused there
 * too; each later migration sets it to its own number.
 */
const SCHEMA_VERSION_KEY = 'schema_version';
/** The version a file had when it was written by a server from before migrations. */
const BASELINE_VERSION = 2;

// The tables as they stood at schema version 2, when migrations began. Frozen: a change is a
// new migration below, never an edit here. (`IF NOT EXISTS` because a version-2 file written
// before migrations is adopted with the tables already in place.)
const BASELINE = `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
CREATE TABLE IF NOT EXISTS accounts (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  sectors TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  is_disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_attempts (
  username TEXT NOT NULL REFERENCES accounts (username),
  address TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_success_at TEXT,
  PRIMARY KEY (username, address)
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES accounts (username),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_username ON sessions (username);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  source TEXT NOT NULL,
  sectors TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  detail TEXT,
  ip TEXT
);
CREATE INDEX IF NOT EXISTS audit_actor ON audit (actor, seq);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;

/** SQLite's schema, oldest first; the names match PostgreSQL's where the change is the same. */
export const SQLITE_MIGRATIONS: readonly Migration<SqliteMigrationContext>[] = [
  {
    name: '0002-baseline',
    up: ({ db }) => {
      db.exec(BASELINE);
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
        SCHEMA_VERSION_KEY,
        String(BASELINE_VERSION),
      );
      return Promise.resolve();
    },
  },
  {
    // `GET /api/incidents` pages every list but the active picture, newest first.
    name: '0003-incidents-by-time',
    up: ({ db }) => {
      db.exec(
        'CREATE INDEX IF NOT EXISTS incidents_by_time ON incidents (exercise_key, reported_at DESC, id DESC)',
      );
      return Promise.resolve();
    },
  },
  {
    // AUTOINCREMENT wrote sqlite_sequence on every audit row (one per request) to promise that a
    // deleted row's number is never handed out again. The triggers refuse every delete, so the
    // next number is always the highest plus one either way: the promise cost a write and gave
    // nothing. The table is rebuilt without it, rows and numbers kept. (Numbered after
    // PostgreSQL's 0004, a different change; PostgreSQL's audit numbers come from a sequence.)
    name: '0005-audit-without-autoincrement',
    up: ({ db }) => {
      // Rebuilt from the schema's own text (its columns, index and append-only triggers as they
      // stand), so that only AUTOINCREMENT goes.
      const schema = db
        .prepare<[], { type: string; sql: string }>(
          "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'audit' AND sql IS NOT NULL",
        )
        .all();
      const table = schema.find((entry) => entry.type === 'table')?.sql ?? '';
      if (!/AUTOINCREMENT/i.test(table)) return Promise.resolve();
      db.exec(
        table
          .replace(/^CREATE TABLE "?audit"?/i, 'CREATE TABLE audit_rebuilt')
          .replace(/\s+AUTOINCREMENT/i, ''),
      );
      db.exec('INSERT INTO audit_rebuilt SELECT * FROM audit ORDER BY seq');
      // Dropping a table fires no DELETE trigger; its index and triggers go with it.
      db.exec('DROP TABLE audit');
      db.exec('ALTER TABLE audit_rebuilt RENAME TO audit');
      for (const entry of schema) if (entry.type !== 'table') db.exec(entry.sql);
      return Promise.resolve();
    },
  },
];

const executedOf = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>('SELECT name FROM migrations ORDER BY name')
    .all()
    .map((row) => row.name);

/**
 * A file of schema version 2 written before migrations has the baseline's tables: it is
 * adopted (the baseline recorded as done), not refused. Another version predates the
 * baseline or comes from a server that is not this one's ancestor: refused, naming it.
 */
function adoptUnmigrated(db: Database.Database, file: string): void {
  if (executedOf(db).length > 0) return;
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return;
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(SCHEMA_VERSION_KEY);
  if (!row) return;
  if (Number(row.value) !== BASELINE_VERSION)
    throw new StoreIntegrityError(
      `${file} has schema version ${row.value}, which this server cannot migrate from (it adopts version ${BASELINE_VERSION}); export it with the server that wrote it and import it here`,
    );
  db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(
    SQLITE_MIGRATIONS[0]?.name ?? '',
    new Date().toISOString(),
  );
}

/**
 * Migrates the store file to this server's schema with umzug, in one transaction: a failed
 * migration leaves the file as it was. Refuses a file written by a newer server.
 */
export async function migrateSqlite(db: Database.Database, file: string): Promise<string[]> {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(MIGRATIONS_TABLE);
    adoptUnmigrated(db, file);
    const ran = await migrate(
      file,
      SQLITE_MIGRATIONS,
      // Its statements use each parameter once, in order: `$n` becomes SQLite's `?`.
      migrationsTable(({ db: file }, sql, values) => {
        const statement = file.prepare<string[], { name: string }>(sql.replace(/\$\d+/g, '?'));
        if (statement.reader) return Promise.resolve(statement.all(...values));
        statement.run(...values);
        return Promise.resolve([]);
      }),
      { db },
    );
    db.exec('COMMIT');
    return ran;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Opens the store file of a data folder and migrates it: what every writer of the file opens. */
export async function openMigratedSqlite(dataDir: string): Promise<{ db: Database.Database; file: string }> {
  const { db, file } = openSqlite(dataDir);
  try {
    await migrateSqlite(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file };
}

/**
 * Checks, without writing, that a connection's file has exactly this server's migrations: a
 * newer file is refused, and so is one nobody migrated (a reader opened before the writer).
 */
export function assertSqliteMigrated(db: Database.Database, file: string): void {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
    .get();
  const executed = hasTable ? executedOf(db) : [];
  const known = SQLITE_MIGRATIONS.map((migration) => migration.name);
  const unknown = executed.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new StoreIntegrityError(
      `${file} was written by a newer Mirsad (migration ${unknown.join(', ')}); this server knows only up to ${known.at(-1) ?? 'none'}`,
    );
  const pending = known.filter((name) => !executed.includes(name));
  if (pending.length > 0)
    throw new StoreIntegrityError(
      `${file} is not migrated (${pending.join(', ')} pending): open it with SqliteEventStore.open`,
    );
}
