import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The name of the store's file inside the data folder. */
export const SQLITE_FILE = 'mirsad.sqlite';

/**
 * Opens the one SQLite file every embedded store shares: WAL so readers never block the
 * writer, synchronous=FULL so a commit survives a power cut, a busy timeout for the odd
 * second process (a backup, the sqlite3 shell).
 */
export function openSqlite(dataDir: string): { db: Database.Database; file: string } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return { db, file };
}

/**
 * Opens an existing store file read-only, for a reader beside the writer (a worker thread):
 * WAL lets it read a consistent snapshot while the writer commits, and SQLite refuses its writes.
 */
export function openSqliteReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Runs synchronous SQLite work as a promise, so a thrown error becomes a rejection as callers expect. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** A statement prepared once on its connection, by its SQL text. */
export type PreparedStatement = <Params extends unknown[] | object = unknown[], Row = unknown>(
  sql: string,
) => Database.Statement<Params, Row>;

/**
 * Prepares each SQL text once per connection and hands back the same statement afterwards:
 * compiling a statement costs more than running a small one, and the write path runs the same
 * few thousands of times a second. Statements are only run (get, all, run), never iterated,
 * so one statement is never in use twice at once.
 */
export function statementCache(db: Database.Database): PreparedStatement {
  const statements = new Map<string, Database.Statement>();
  return <Params extends unknown[] | object = unknown[], Row = unknown>(sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement as Database.Statement<Params, Row>;
  };
}
