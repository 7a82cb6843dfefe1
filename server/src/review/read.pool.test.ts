import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RESPONSE_TARGETS,
  NO_MILESTONES,
  type ExportQuery,
  type Incident,
  type MirsadEvent,
  type NewMirsadEvent,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import type { HttpError } from '../errors.js';
import { SQLITE_FILE } from '../store/sqlite.database.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { api, signIn, startTestServer, tempDataDir, waitFor, type SignedIn } from '../test-support.js';
import { EXPORT_CHUNK_CHARS } from './export.service.js';
import { READ_QUEUE_MAX, ReadPool } from './read.pool.js';

/** Events in the store: enough that a whole export is hundreds of chunks. */
const EVENTS = 12_000;
/** Each report's description, characters: makes the export about 40 MB without a bigger log. */
const DESCRIPTION_CHARS = 3_000;
/** The log runs from here, one event a minute (so it spans more than a month). */
const START_MS = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE_MS = 60_000;
const at = (index: number): string => new Date(START_MS + index * MINUTE_MS).toISOString();

let dataDir: string;
let server: MirsadServer;
let people: SignedIn;

function report(index: number): NewMirsadEvent {
  const incident: Incident = {
    id: randomUUID(),
    sector: index % 2 === 0 ? 'traffic' : 'civil-defence',
    category: index % 2 === 0 ? 'collision' : 'flooding',
    severity: 3,
    status: 'reported',
    title: `Report ${index}`,
    description: 'x'.repeat(DESCRIPTION_CHARS),
    location: { type: 'Point', coordinates: [48, 29.3] },
    governorate: 'capital',
    reportedAt: at(index),
    updatedAt: at(index),
    version: 1,
    source: 'test-feed',
    externalRef: null,
    exerciseId: null,
    involvedSectors: [index % 2 === 0 ? 'traffic' : 'civil-defence'],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
  };
  return {
    id: randomUUID(),
    type: 'incident.reported',
    at: at(index),
    actor: 'source:test-feed',
    exerciseId: null,
    sectors: [incident.sector],
    data: { incident },
  };
}

/** A store of EVENTS reports one minute apart, written through the store's own append path before the server opens it. */
beforeAll(async () => {
  dataDir = tempDataDir();
  const store = await SqliteEventStore.open(dataDir);
  await store.appendBatch(Array.from({ length: EVENTS }, (_, index) => report(index)));
  await store.close();
  server = await startTestServer(dataDir);
  people = await signIn(server.url, ['commander', 'admin']);
});

afterAll(async () => {
  await server.close();
});

/** A pool of two readers (one for long reads, one for quick ones) on the test's store. */
function poolOfTwo(queueWaitMs?: number): ReadPool {
  return new ReadPool(
    {
      store: { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE) },
      responseTargets: DEFAULT_RESPONSE_TARGETS,
    },
    2,
    queueWaitMs,
  );
}

const query = (params: Record<string, string>): string => new URLSearchParams(params).toString();

async function exported(params: Record<string, string>): Promise<{ events: MirsadEvent[] }> {
  return people.call('commander', 'GET', `/api/export/events?${query({ format: 'json', ...params })}`);
}

describe('bounded ranges', () => {
  it('refuses a review over more than 31 days with a 400 naming the limit', async () => {
    const answer = await api(
      server.url,
      'GET',
      `/api/review/summary?${query({ from: at(0), to: new Date(START_MS + 32 * 86_400_000).toISOString() })}`,
      undefined,
      people.as('commander'),
    );
    expect(answer.status).toBe(400);
    const body = answer.body as { message: string; issues: { path: string; message: string }[] };
    expect(body.issues[0]?.path).toBe('query.to');
    expect(body.message).toContain('at most 31 days');
  });

  it('refuses a review left open when the log spans more than 31 days, and answers one within them', async () => {
    // The log spans about 8 days: left open, a review takes its first and last event and passes;
    // from 40 days before its last event to the end (left open) it does not.
    const lastMs = START_MS + (EVENTS - 1) * MINUTE_MS;
    expect(lastMs - START_MS).toBeLessThan(31 * 86_400_000);
    await people.call('commander', 'GET', '/api/review/summary');
    const answer = await api(
      server.url,
      'GET',
      `/api/review/summary?${query({ from: new Date(lastMs - 40 * 86_400_000).toISOString() })}`,
      undefined,
      people.as('commander'),
    );
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toContain('at most 31 days; this range is 40 days');
  });

  it('refuses an export over more than 366 days with a 400 naming the limit', async () => {
    const answer = await api(
      server.url,
      'GET',
      `/api/export/events?${query({ from: at(0), to: new Date(START_MS + 367 * 86_400_000).toISOString() })}`,
      undefined,
      people.as('commander'),
    );
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toContain('an export covers at most 366 days');
  });
});

describe('streamed exports', () => {
  it('starts at the first event of `from` and ends at the last of `to`, exactly the events between', async () => {
    const { events } = await exported({ from: at(5_000), to: at(5_099) });
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 5_001 + i));
    const csv = await fetch(
      new URL(`/api/export/events?${query({ format: 'csv', from: at(100), to: at(101) })}`, server.url),
      { headers: { cookie: people.as('commander') } },
    );
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows.map((row) => row.split(',')[0])).toEqual(['seq', '101', '102']);
  });

  it('streams while it reads: a paused download holds one reader a few chunks ahead, never the whole file in memory', async () => {
    const response = await fetch(new URL('/api/export/events?format=json', server.url), {
      headers: { cookie: people.as('commander') },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const first: unknown = (await reader.read()).value;
    if (!(first instanceof Uint8Array)) throw new Error('the export sent no bytes');
    expect(new TextDecoder().decode(first).startsWith('{"format":"mirsad-events"')).toBe(true);

    // The reader stops handing over chunks once the socket's buffers are full.
    const chunksNow = (): number =>
      server.reads.activity().running.find((job) => job.kind === 'export')?.chunks ?? -1;
    let last = -1;
    let steady = 0;
    await waitFor(() => {
      const now = chunksNow();
      steady = now === last ? steady + 1 : 0;
      last = now;
      return steady >= 10;
    }, 'the paused export to stop reading');
    const fileChunks = (EVENTS * DESCRIPTION_CHARS) / EXPORT_CHUNK_CHARS;
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(fileChunks / 2);
    // Meanwhile the room is answered.
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);

    await reader.cancel();
    await waitFor(
      () => server.reads.activity().running.length === 0,
      'the cancelled export to free its reader',
    );
  });

  it('exports the whole log when asked, every event once and in order', async () => {
    const { events } = await exported({});
    expect(events).toHaveLength(EVENTS);
    expect(events.every((event, index) => event.seq === index + 1)).toBe(true);
  });
});

describe('the read pool', () => {
  it('folds summaries and pictures and reads imports in worker threads, not on the event loop', async () => {
    const before = server.reads.activity().completed;
    await people.call('commander', 'GET', `/api/review/summary?${query({ from: at(0), to: at(600) })}`);
    await people.call('commander', 'GET', `/api/picture?${query({ at: at(300) })}`);
    const empty = await startTestServer();
    try {
      const admin = await signIn(empty.url, ['admin']);
      const { events } = await exported({ from: at(0), to: at(999) });
      await admin.call('admin', 'POST', '/api/import', { format: 'mirsad-events', version: 1, events }, 201);
      expect(await empty.store.readEvents(0, 2_000)).toEqual(events);
      expect(empty.reads.activity().completed.import).toBe(1);
    } finally {
      await empty.close();
    }
    const after = server.reads.activity().completed;
    expect((after.summary ?? 0) - (before.summary ?? 0)).toBe(1);
    expect((after.picture ?? 0) - (before.picture ?? 0)).toBe(1);
  });

  it(`refuses with a 503 once ${READ_QUEUE_MAX} long reads wait, and a cancelled read never starts`, async () => {
    const pool = poolOfTwo();
    try {
      const job = {
        kind: 'export',
        query: { format: 'csv' } satisfies ExportQuery,
        exportedAt: at(0),
      } as const;
      const running = pool.open(job);
      expect(await running.next()).toContain('seq,at,type');
      const waiting = Array.from({ length: READ_QUEUE_MAX }, () => pool.open(job));
      expect(pool.activity()).toMatchObject({ running: [{ kind: 'export' }], queued: READ_QUEUE_MAX });
      let refusal: HttpError | null = null;
      try {
        pool.open(job);
      } catch (error) {
        refusal = error as HttpError;
      }
      expect(refusal?.statusCode).toBe(503);
      expect(refusal?.message).toContain(`already running ${READ_QUEUE_MAX} long reads`);
      for (const stream of waiting) stream.cancel();
      expect(pool.activity().queued).toBe(0);
      running.cancel();
      await waitFor(() => pool.activity().running.length === 0, 'the running export to stop');
      expect(pool.activity().completed.export).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('keeps a queued read waiting while the read ahead of it makes progress, and refuses it once that stops', async () => {
    /** How long the queue waits without progress in this test, ms. */
    const waitMs = 1_500;
    const pool = poolOfTwo(waitMs);
    try {
      // The JSON export holds every report's description: hundreds of chunks.
      const running = pool.open({ kind: 'export', query: { format: 'json' }, exportedAt: at(0) });
      expect(await running.next()).toContain('"events":[');
      const queued = pool.open({ kind: 'export', query: { format: 'csv' }, exportedAt: at(0) });
      const answer = queued.next().then(
        () => null,
        (error: unknown) => error as HttpError,
      );
      // The export ahead hands over a chunk every 100 ms, for three times the queue's wait.
      const startedAt = performance.now();
      while (performance.now() - startedAt < 3 * waitMs) {
        expect(await running.next()).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(pool.activity().queued).toBe(1);
      // The export ahead stops being read: no progress, so the queued read is refused.
      const refusal = await answer;
      expect(refusal?.statusCode).toBe(503);
      expect(refusal?.message).toContain('no reader made progress');
      running.cancel();
    } finally {
      await pool.close();
    }
  });

  it("answers an exercise's summary while a month's export holds the long reader and a month's summary waits behind it", async () => {
    const pool = poolOfTwo();
    try {
      const running = pool.open({ kind: 'export', query: { format: 'csv' }, exportedAt: at(0) });
      expect(await running.next()).toContain('seq,at,type');
      const month = pool.json({ kind: 'summary', from: at(0), to: at(1_440), filter: {} });
      // Awaited below; a failed expectation before then must not leave it rejected unhandled at close.
      month.catch(() => undefined);
      expect(pool.activity().queued).toBe(1);
      // Not read on: the export holds its reader until cancelled, so only the quick lane can answer.
      const exercise = await pool.json({
        kind: 'summary',
        from: at(0),
        to: at(1_440),
        filter: { exercise: 'ex-test0001' },
      });
      expect(JSON.parse(exercise)).toMatchObject({ exerciseId: 'ex-test0001', figures: { reported: 0 } });
      await waitFor(() => pool.activity().running.length === 1, 'the quick reader to finish');
      expect(pool.activity()).toMatchObject({ running: [{ kind: 'export' }], queued: 1 });
      running.cancel();
      expect(JSON.parse(await month)).toMatchObject({ figures: { reported: 1_441 } });
    } finally {
      await pool.close();
    }
  });

  it('answers identical summaries asked together with one computation, and an ask that goes away does not stop the others', async () => {
    const pool = poolOfTwo();
    try {
      // An export holds the one reader for long reads, so the summaries below wait together in the queue.
      const running = pool.open({ kind: 'export', query: { format: 'csv' }, exportedAt: at(0) });
      expect(await running.next()).toContain('seq,at,type');
      const day = { kind: 'summary', from: at(0), to: at(1_440), filter: {} } as const;
      const traffic = { ...day, filter: { sector: ['traffic' as const] } };
      const leaving = new AbortController();
      const asks = [pool.json(day), pool.json(day), pool.json(traffic), pool.json(day, leaving.signal)];
      leaving.abort();
      await expect(asks[3]).rejects.toMatchObject({ statusCode: 503 });
      expect(pool.activity().queued).toBe(2);
      running.cancel();
      const [first, second, ofTraffic] = await Promise.all(asks.slice(0, 3));
      expect(second).toBe(first);
      expect(ofTraffic).not.toBe(first);
      expect(JSON.parse(first ?? '')).toMatchObject({ figures: { reported: 1_441 } });
      await waitFor(() => pool.activity().running.length === 0, 'the readers to finish');
      expect(pool.activity()).toMatchObject({ completed: { summary: 2 }, shared: { summary: 2 } });
      // Once answered, the same ask is computed again: nothing is cached.
      expect(await pool.json(day)).toBe(first);
      await waitFor(() => pool.activity().running.length === 0, 'the reader to finish');
      expect(pool.activity().completed.summary).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
