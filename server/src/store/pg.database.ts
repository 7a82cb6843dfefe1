import pg from 'pg';
import { MIGRATIONS_TABLE, migrate, migrationsTable, type Migration } from './migrations.js';

/**
 * How the store reads PostgreSQL's values: BIGINT (sequences, counts) as a JS number, not the
 * string `pg` gives by default. Sequence numbers stay far below 2^53.
 */
export const PG_TYPES = new pg.TypeOverrides();
PG_TYPES.setTypeParser(pg.types.builtins.INT8, Number);

/** Reads beside the writer: connections of the main thread's pool, and of each review reader. */
export const PG_READ_POOL_SIZE = 4;

/** Opens one connection (the writer's, or a migration's). */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: PG_TYPES, application_name: 'mirsad' });
  await client.connect();
  return client;
}

/**
 * A pool for reads that must see only committed data. `isReadOnly` makes PostgreSQL itself
 * refuse any write on these connections (the review's worker threads).
 */
export function pgPool(url: string, isReadOnly: boolean, max = PG_READ_POOL_SIZE): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    types: PG_TYPES,
    max,
    application_name: 'mirsad',
    ...(isReadOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server drops (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** What a PostgreSQL migration runs on: the one connection holding the migration lock and transaction. */
export interface PgMigrationContext {
  client: pg.Client;
}

/** The lock every node takes to migrate, so two nodes starting together never migrate twice. */
const MIGRATION_LOCK_KEY = 0x6d697273; // "mirs"

const BASELINE = `
CREATE TABLE log_head (
  one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
  seq BIGINT NOT NULL
);
INSERT INTO log_head (one, seq) VALUES (TRUE, 0);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
  seq BIGINT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  exercise_id TEXT,
  sectors TEXT[] NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX events_at ON events (at, seq);
CREATE INDEX events_log ON events (exercise_id, seq);
CREATE FUNCTION mirsad_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the % is append-only', TG_ARGV[0];
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION mirsad_append_only('event log');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION mirsad_append_only('event log');
CREATE TABLE event_subjects (
  subject_id TEXT NOT NULL,
  seq BIGINT NOT NULL REFERENCES events (seq),
  PRIMARY KEY (subject_id, seq)
);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  sector TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  governorate TEXT,
  exercise_key TEXT NOT NULL,
  source TEXT NOT NULL,
  external_ref TEXT,
  reported_at TEXT NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  involved_sectors TEXT NOT NULL,
  is_near_candidate BOOLEAN NOT NULL,
  version INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX incidents_external
  ON incidents (source, external_ref, exercise_key) WHERE external_ref IS NOT NULL;
CREATE INDEX incidents_picture ON incidents (exercise_key, status, reported_at);
CREATE INDEX incidents_near ON incidents USING gist (point(lon, lat)) WHERE is_near_candidate;
CREATE INDEX incidents_near_kind ON incidents (exercise_key, sector, category, reported_at) WHERE is_near_candidate;
CREATE TABLE entities (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  exercise_key TEXT NOT NULL,
  status TEXT NOT NULL,
  last_seq BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX entities_list ON entities (kind, exercise_key, status, last_seq);
CREATE TABLE unit_positions (unit_id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE position_history (
  unit_id TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (unit_id, at)
);
CREATE TABLE snapshots (seq BIGINT PRIMARY KEY, body TEXT NOT NULL);

CREATE TABLE accounts (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  sectors TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  is_disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL
);
CREATE TABLE login_attempts (
  username TEXT NOT NULL REFERENCES accounts (username),
  address TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_success_at TEXT,
  PRIMARY KEY (username, address)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES accounts (username),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_username ON sessions (username);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  source TEXT NOT NULL,
  sectors TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE audit (
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  detail TEXT,
  ip TEXT
);
CREATE INDEX audit_actor ON audit (actor, seq);
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION mirsad_append_only('audit trail');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION mirsad_append_only('audit trail');
`;

// Past incidents loaded in bulk (`POST /api/history`), as in SQLite's `history` table: unique by
// (source, external_ref), which makes a load idempotent; the analysis reads by time and sector.
const HISTORY = `
CREATE TABLE history (
  source TEXT NOT NULL,
  external_ref TEXT NOT NULL,
  sector TEXT NOT NULL,
  category TEXT NOT NULL,
  reported_ms BIGINT NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (source, external_ref)
);
CREATE INDEX history_time ON history (reported_ms, sector);
`;

/**
 * PostgreSQL's schema, oldest first; a change to it is a new entry here, never an edit of an
 * old one. Names sort in order and match SQLite's where the change is the same.
 */
export const PG_MIGRATIONS: readonly Migration<PgMigrationContext>[] = [
  {
    name: '0002-baseline',
    up: async ({ client }) => {
      await client.query(BASELINE);
    },
  },
  {
    // `GET /api/incidents` pages every list but the active picture, newest first.
    name: '0003-incidents-by-time',
    up: async ({ client }) => {
      await client.query(
        'CREATE INDEX incidents_by_time ON incidents (exercise_key, reported_at DESC, id DESC)',
      );
    },
  },
  {
    name: '0004-history',
    up: async ({ client }) => {
      await client.query(HISTORY);
    },
  },
];

/**
 * Migrates the database at `url` to this server's schema, in one transaction under an
 * advisory lock: nodes starting together migrate once, and a failed migration leaves nothing
 * half-done (PostgreSQL's DDL is transactional). Refuses a database of a newer server.
 */
export async function migratePg(url: string): Promise<string[]> {
  const client = await connectPg(url);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE);
    const ran = await migrate(
      `the PostgreSQL database ${redactedUrl(url)}`,
      PG_MIGRATIONS,
      migrationsTable(
        async ({ client: db }, sql, values) => (await db.query<{ name: string }>(sql, values)).rows,
      ),
      { client },
    );
    await client.query('COMMIT');
    return ran;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** A database address without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable address)';
  }
}
