import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { reportedEvent, storedIncident, tempDataDir } from '../test-support.js';
import { SqliteAuditStore } from './sqlite.accounts.js';
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

/** What the audit table costs and promises: whether it is AUTOINCREMENT, and its sqlite_sequence row's count. */
function auditNumbering(store: SqliteEventStore): { isAutoincrement: boolean; sequenceRows: number } {
  const { sql } = store.db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'")
    .get() ?? { sql: '' };
  const hasSequence = store.db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
    .get();
  const sequenceRows = hasSequence
    ? (store.db
        .prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_sequence WHERE name = 'audit'")
        .get()?.n ?? 0)
    : 0;
  return { isAutoincrement: /AUTOINCREMENT/i.test(sql), sequenceRows };
}

const auditEntry = (action: string) =>
  ({
    at: '2026-12-01T00:00:00.000Z',
    actor: 'user:admin',
    action,
    target: null,
    outcome: 'ok',
    detail: null,
    ip: null,
  }) as const;

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

  it('numbers the audit trail without AUTOINCREMENT: no sqlite_sequence write per row', async () => {
    const store = await open(tempDataDir());
    const audit = new SqliteAuditStore(store.db);
    expect((await audit.append(auditEntry('auth.login'))).seq).toBe(1);
    expect((await audit.append(auditEntry('auth.logout'))).seq).toBe(2);
    expect(auditNumbering(store)).toEqual({ isAutoincrement: false, sequenceRows: 0 });
  });

  it("rebuilds an older file's AUTOINCREMENT audit trail with its rows and numbers, still append-only", async () => {
    const dir = tempDataDir();
    await (await open(dir)).close();
    // As the previous server left it: the table with AUTOINCREMENT, rows 1 and 3 (2 rolled back
    // or never written), and its sequence at 3.
    rewrite(
      dir,
      `DROP TABLE audit;
       CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
         action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL, detail TEXT, ip TEXT);
       CREATE INDEX audit_actor ON audit (actor, seq);
       CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
       CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
       INSERT INTO audit (seq, at, actor, action, outcome) VALUES
         (1, '2026-11-30T00:00:00.000Z', 'user:admin', 'auth.login', 'ok'),
         (3, '2026-11-30T00:01:00.000Z', 'anonymous', 'auth.login', 'refused');
       DELETE FROM migrations WHERE name = '0005-audit-without-autoincrement';`,
    );
    const store = await open(dir);
    const audit = new SqliteAuditStore(store.db);
    expect(auditNumbering(store)).toEqual({ isAutoincrement: false, sequenceRows: 0 });
    expect(
      (await audit.query({ limit: 10 })).map((entry) => [entry.seq, entry.actor, entry.outcome]),
    ).toEqual([
      [3, 'anonymous', 'refused'],
      [1, 'user:admin', 'ok'],
    ]);
    expect((await audit.append(auditEntry('auth.logout'))).seq).toBe(4);
    expect(
      store.db
        .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'audit' AND type != 'table' ORDER BY name")
        .all(),
    ).toEqual([{ name: 'audit_actor' }, { name: 'audit_no_delete' }, { name: 'audit_no_update' }]);
    expect(() => store.db.exec('DELETE FROM audit')).toThrow(/append-only/);
    expect(() => store.db.exec("UPDATE audit SET actor = 'someone else'")).toThrow(/append-only/);
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
