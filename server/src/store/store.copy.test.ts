import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import type { MirsadServer } from '../app.js';
import { api, principalFor, sampleReport, signIn, startTestServer, tempDataDir } from '../test-support.js';
import { cleanupAfterEach } from './backends.test-support.js';
import { SQLITE_FILE } from './sqlite.database.js';
import { checkCopy, copySqliteToPg, StoreCopyError } from './store.copy.js';

const { later, freshDatabase } = cleanupAfterEach();

async function track(server: MirsadServer): Promise<MirsadServer> {
  later(() => server.close());
  return Promise.resolve(server);
}

/** A room that ran on SQLite: accounts, reports, a change, a key, and their audit; then stopped. */
async function roomOnSqlite(): Promise<{ file: string; secret: string; incidentIds: string[] }> {
  const dataDir = tempDataDir();
  const server = await startTestServer(dataDir);
  try {
    const people = await signIn(server.url, ['traffic', 'commander']);
    const incidentIds: string[] = [];
    for (let n = 0; n < 5; n++) {
      const created = await people.call<{ id: string }>(
        'traffic',
        'POST',
        '/api/incidents',
        sampleReport(n),
        201,
      );
      incidentIds.push(created.id);
    }
    const { secret } = await server.auth.createApiKey(
      { name: 'Traffic feed', role: 'reporter', source: 'traffic-feed', sectors: ['traffic'] },
      principalFor('admin'),
    );
    await people.call('commander', 'GET', '/api/incidents');
    await server.history.addBatch(
      generateHistory({ seed: 5, end: Date.parse('2026-11-01T00:00:00Z'), count: 1_200 }),
    );
    return { file: path.join(dataDir, SQLITE_FILE), secret, incidentIds };
  } finally {
    await server.close();
  }
}

describe('moving house from SQLite to PostgreSQL', () => {
  it('copies the log, accounts, keys and audit, checks the copy, and the room goes on from there', async () => {
    const { file, secret, incidentIds } = await roomOnSqlite();
    const database = await freshDatabase();
    const said: string[] = [];
    const report = await copySqliteToPg(file, database.url, (line) => said.push(line));
    expect(report.problems).toEqual([]);
    expect(report.events).toBeGreaterThanOrEqual(5);
    expect(report.incidents).toBe(5);
    expect(report.rows.accounts).toBeGreaterThan(0);
    expect(report.rows.api_keys).toBe(1);
    expect(report.rows.audit).toBeGreaterThan(5);
    expect(report.rows.history).toBe(1_200);
    expect(said.join('\n')).toMatch(/copied \d+ events/);

    const server = await track(await startTestServer(tempDataDir(), { databaseUrl: database.url }));
    expect(await server.store.headSeq()).toBe(report.events);
    // The same password signs in: the hashes moved.
    const people = await signIn(server.url, ['commander']);
    const list = await people.call<{ incidents: { id: string }[] }>(
      'commander',
      'GET',
      '/api/incidents?scope=all',
    );
    expect(list.incidents.map((incident) => incident.id).sort()).toEqual([...incidentIds].sort());
    // The past moved too: pattern watch on PostgreSQL reads it.
    expect(await server.history.count()).toBe(1_200);
    // The key still reports, and the log goes on after the copied head.
    const answer = await api(server.url, 'POST', '/api/incidents', sampleReport(99), `Bearer ${secret}`);
    expect(answer.status).toBe(201);
    expect(await server.store.headSeq()).toBe(report.events + 1);
    // New audit entries follow on from the copied ones.
    const audit = await people.call<{ entries: { seq: number }[] }>('commander', 'GET', '/api/audit?limit=1');
    expect(audit.entries[0]?.seq).toBeGreaterThan(report.rows.audit);
  });

  it('refuses a target that is not empty, writing nothing', async () => {
    const { file } = await roomOnSqlite();
    const database = await freshDatabase();
    const first = await copySqliteToPg(file, database.url);
    await expect(copySqliteToPg(file, database.url)).rejects.toThrow(StoreCopyError);
    await expect(copySqliteToPg(file, database.url)).rejects.toThrow(/is not empty \(\d+ events/);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM events');
      expect(Number(rows[0]?.n)).toBe(first.events);
    } finally {
      await client.end();
    }
  });

  it('finds a copy that is not the same and names what differs', async () => {
    const { file, incidentIds } = await roomOnSqlite();
    const database = await freshDatabase();
    await copySqliteToPg(file, database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`UPDATE incidents SET body = replace(body, 'Collision', 'Fire') WHERE id = $1`, [
        incidentIds[0],
      ]);
      await client.query('DELETE FROM api_keys');
    } finally {
      await client.end();
    }
    const source = new Database(file, { readonly: true });
    try {
      const { problems } = await checkCopy(source, file, database.url);
      expect(problems).toEqual([
        `1 incidents differ (first: ${incidentIds[0]})`,
        expect.stringMatching(/^1 rows of api_keys differ/),
      ]);
    } finally {
      source.close();
    }
  });

  it('is a command that says what it checked, and names a bad argument', async () => {
    const { file } = await roomOnSqlite();
    const database = await freshDatabase();
    const command = new URL('../../dist/store/copy.command.js', import.meta.url).pathname;
    const run = promisify(execFile);
    const done = await run(process.execPath, [command, '--from', file, '--to', database.url]);
    expect(done.stdout).toMatch(/Checked: the same \d+ events byte for byte/);
    const refused = await run(process.execPath, [command, '--from', file, '--to', 'mysql://db/x']).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect('code' in refused ? refused.code : 0).toBe(2);
    expect(refused.stderr).toMatch(/--to must be a postgres:\/\//);
  });
});
