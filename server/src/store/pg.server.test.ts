import { describe, expect, it } from 'vitest';
import { IncidentSchema, type MirsadEvent } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { sampleReport, signIn, startTestServer, tempDataDir, waitFor } from '../test-support.js';
import { cleanupAfterEach } from './backends.test-support.js';
import type { TestDatabase } from './pg.test-support.js';

const { later, freshDatabase } = cleanupAfterEach();

async function serverOnPostgres(): Promise<{ server: MirsadServer; database: TestDatabase }> {
  const database = await freshDatabase();
  const server = await startTestServer(tempDataDir(), { databaseUrl: database.url });
  later(() => server.close());
  return { server, database };
}

describe('a server on PostgreSQL', () => {
  it('takes reports and serves the review and the export from worker threads with their own connections', async () => {
    const { server } = await serverOnPostgres();
    expect(server.store.kind).toBe('postgres');
    const people = await signIn(server.url, ['commander', 'traffic']);
    const created = IncidentSchema.parse(
      await people.call('traffic', 'POST', '/api/incidents', sampleReport(1), 201),
    );
    const before = server.reads.activity().completed;
    const { events } = await people.call<{ events: MirsadEvent[] }>(
      'commander',
      'GET',
      '/api/export/events?format=json',
    );
    expect(events.map((event) => event.type)).toContain('incident.reported');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    await people.call('commander', 'GET', '/api/review/summary');
    // A reader reports its job done just after handing over the answer.
    await waitFor(() => {
      const after = server.reads.activity().completed;
      return after.export === (before.export ?? 0) + 1 && after.summary === (before.summary ?? 0) + 1;
    }, 'the readers to finish the export and the summary');
    // The picture and the timeline read through the main thread's pool.
    expect(await server.store.getIncident(created.id)).toEqual(created);
    const { events: timeline } = await people.call<{ events: MirsadEvent[] }>(
      'commander',
      'GET',
      `/api/incidents/${created.id}/events`,
    );
    expect(timeline.map((event) => event.seq)).toEqual([
      events.find((e) => e.type === 'incident.reported')?.seq,
    ]);
  });

  it('keeps its log, accounts and audit across a restart', async () => {
    const database = await freshDatabase();
    const first = await startTestServer(tempDataDir(), { databaseUrl: database.url });
    const people = await signIn(first.url, ['traffic']);
    await people.call('traffic', 'POST', '/api/incidents', sampleReport(2), 201);
    await first.close();
    const second = await startTestServer(tempDataDir(), { databaseUrl: database.url });
    later(() => second.close());
    expect(await second.store.headSeq()).toBe(1);
    // The session made before the restart still holds: it is in the database, not the process.
    const again = await signIn(second.url, ['commander']);
    const audit = await again.call<{ entries: { detail: string | null }[] }>(
      'commander',
      'GET',
      '/api/audit?action=http.post&limit=10',
    );
    expect(audit.entries.map((entry) => entry.detail)).toContain('seq 1');
  });
});

describe('DATABASE_URL', () => {
  it('chooses PostgreSQL when set and SQLite when not', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://mirsad@db:5432/mirsad' }).databaseUrl).toBe(
      'postgres://mirsad@db:5432/mirsad',
    );
  });

  it('refuses an address that is not PostgreSQL, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/mirsad' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not an address' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\//,
    );
  });
});
