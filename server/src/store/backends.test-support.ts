// The two backends the store and event-log suites run against, each in a fresh place of its
// own: a SQLite file in a temp folder, or a PostgreSQL database created for the test and
// dropped after. Both are real; nothing here is mocked.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPgStores, openSqliteStores, type Stores } from '../app.js';
import { tempDataDir } from '../test-support.js';
import { afterEach } from 'vitest';
import { createTestDatabase, type TestDatabase } from './pg.test-support.js';
import { SQLITE_FILE } from './sqlite.database.js';

/** One fresh store location of a backend. */
export interface TestPlace {
  /** Opens the stores there (again after a close: a restart). */
  open(): Promise<Stores>;
  /** Runs SQL on a connection of its own, which sees only what is committed. */
  query<Row>(sql: string): Promise<Row[]>;
  /** For the SQLite backend, the data folder (a test server's DATA_DIR). */
  dataDir: string;
  /** For the PostgreSQL backend, the database's address. */
  databaseUrl: string | null;
  /** Removes the place (drops the database). */
  remove(): Promise<void>;
}

/** A backend the suites run against. */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty place of this backend. */
  place(): Promise<TestPlace>;
}

/** The embedded backend, a SQLite file in a temp folder. */
export const SQLITE_BACKEND: TestBackend = {
  name: 'sqlite',
  place: () => {
    const dataDir = tempDataDir();
    return Promise.resolve({
      dataDir,
      databaseUrl: null,
      open: () => openSqliteStores(dataDir),
      query: <Row>(sql: string) => {
        const db = new Database(path.join(dataDir, SQLITE_FILE));
        try {
          const statement = db.prepare<[], Row>(sql);
          if (statement.reader) return Promise.resolve(statement.all());
          statement.run();
          return Promise.resolve([]);
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        } finally {
          db.close();
        }
      },
      remove: () => Promise.resolve(),
    });
  },
};

const postgres: TestBackend = {
  name: 'postgres',
  place: async () => {
    const database = await createTestDatabase();
    return {
      dataDir: tempDataDir(),
      databaseUrl: database.url,
      open: () => openPgStores(database.url),
      query: async <Row>(sql: string) => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query(sql)).rows as Row[];
        } finally {
          await client.end();
        }
      },
      remove: () => database.drop(),
    };
  },
};

/** Both backends, for `describe.each`. */
export const BACKENDS: readonly TestBackend[] = [SQLITE_BACKEND, postgres];

/** Counts a store's group commits (each one fsync) by wrapping its own method. */
export function countGroups(stores: Stores): { readonly groups: number } {
  const counter = { groups: 0 };
  const store = stores.events;
  const commitGroup = store.commitGroup.bind(store);
  store.commitGroup = () => {
    counter.groups++;
    return commitGroup();
  };
  return counter;
}

/**
 * What a test file cleans up after each test, last made first closed: `later` takes a
 * cleanup, `freshDatabase` makes an empty PostgreSQL database that is dropped after.
 */
export function cleanupAfterEach(): {
  later: (cleanup: () => Promise<void>) => void;
  freshDatabase: () => Promise<TestDatabase>;
} {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    later: (cleanup) => {
      cleanups.push(cleanup);
    },
    freshDatabase: async () => {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      return database;
    },
  };
}
