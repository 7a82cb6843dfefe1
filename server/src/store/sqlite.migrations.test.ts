import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { reportedEvent, storedIncident, tempDataDir } from '../test-support.js';
import { SQLITE_FILE } from './sqlite.database.js';
import { SQLITE_MIGRATIONS } from './sqlite.migrations.js';
import { SqliteEventStore } from './sqlite.store.js';

const opened: SqliteEventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function open(dir: string): Promise<SqliteEventStore> {
  const store = await SqliteEventStore.open(dir);
  opened.push(store);
  return store;
}

/** Changes a closed store's file directly, as another program (or an older server) would have left it. */
function rewrite(dir: string, sql: string): void {
  const db = new Database(path.join(dir, SQLITE_FILE));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const migrationsOf = (dir: string): string[] => {
  const db = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>('SELECT name FROM migrations ORDER BY name')
      .all()
      .map((row) => row.name);
  } finally {
    db.close();
  }
};

describe('SQLite migrations', () => {
  it('records every migration of a new file', async () => {
    const dir = tempDataDir();
    await (await open(dir)).close();
    expect(migrationsOf(dir)).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.name));
  });

  it('adopts a file of schema version 2 written before migrations, keeping its log', async () => {
    const dir = tempDataDir();
    const store = await open(dir);
    const first = await store.append(reportedEvent(storedIncident(1)));
    await store.close();
    // What a server from before migrations left: the same tables, version 2 in meta, no record of migrations.
    rewrite(dir, 'DROP TABLE migrations');
    const adopted = await open(dir);
    expect(await adopted.readEvents(0, 10)).toEqual([first]);
    expect((await adopted.append(reportedEvent(storedIncident(2)))).seq).toBe(2);
    expect(migrationsOf(dir)).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.name));
  });

  it('refuses a file written by a newer server, naming the migration it does not know', async () => {
    const dir = tempDataDir();
    await (await open(dir)).close();
    rewrite(dir, "INSERT INTO migrations (name, applied_at) VALUES ('9999-from-the-future', 'now')");
    await expect(SqliteEventStore.open(dir)).rejects.toThrow(/newer Mirsad.*9999-from-the-future/);
    // A reader (a worker thread) refuses it too, without writing.
    expect(() => SqliteEventStore.openReadOnly(path.join(dir, SQLITE_FILE))).toThrow(/newer Mirsad/);
  });

  it('refuses a file of a schema version it cannot adopt, saying how to move it', async () => {
    const dir = tempDataDir();
    await (await open(dir)).close();
    rewrite(dir, "DROP TABLE migrations; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    await expect(SqliteEventStore.open(dir)).rejects.toThrow(/schema version 1.*export it/);
  });
});
