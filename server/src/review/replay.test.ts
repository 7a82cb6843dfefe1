import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyPictureState,
  foldPicture,
  serialisePictureState,
  type Incident,
  type MirsadEvent,
  type Picture,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { SqliteAccountStore, SqliteAuditStore } from '../store/sqlite.accounts.js';
import { openMigratedSqlite } from '../store/sqlite.migrations.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import {
  api,
  login,
  principalFor,
  reportedEvent,
  sampleReport,
  startTestServer,
  storedIncident,
  tempDataDir,
} from '../test-support.js';
import {
  ReplayService,
  SNAPSHOT_INCIDENTS_PER_EVENT,
  SNAPSHOT_INTERVAL_EVENTS,
  SNAPSHOT_SLICE_INCIDENTS,
  serialiseInSlices,
} from './replay.service.js';

let clock = new Date('2026-11-28T23:00:00.000Z');
let server: MirsadServer;
let commander: string;
const COMMANDER = principalFor('commander');

/** Moves the test clock to a Kuwait time on 29 November 2026 (UTC+3). */
const at = (hhmm: string): Date => new Date(`2026-11-29T${hhmm}:00.000+03:00`);

beforeAll(async () => {
  server = await startTestServer(undefined, {}, { now: () => clock });
  commander = await login(server.url, 'commander');
});

afterAll(async () => {
  await server.close();
});

async function picture(moment: Date): Promise<Picture> {
  const { status, body } = await api(
    server.url,
    'GET',
    `/api/picture?at=${encodeURIComponent(moment.toISOString())}`,
    undefined,
    commander,
  );
  expect(status).toBe(200);
  return body as Picture;
}

const statusesOf = (p: Picture): Record<string, string> =>
  Object.fromEntries(p.incidents.map((i) => [i.title, i.status]));

/** The test server's store with its snapshots recorded instead of saved. */
function recordingSnapshots(): { store: MirsadServer['store']; saved: { seq: number; json: string }[] } {
  const saved: { seq: number; json: string }[] = [];
  const store = Object.create(server.store, {
    saveSnapshot: {
      value: (seq: number, json: string): Promise<void> => {
        saved.push({ seq, json });
        return Promise.resolve();
      },
    },
  }) as MirsadServer['store'];
  return { store, saved };
}

/** Reported events of `count` new incidents, numbered from seq 1. */
const reportedLog = (count: number): MirsadEvent[] =>
  Array.from({ length: count }, (_, n) => ({ ...reportedEvent(storedIncident(n)), seq: n + 1 }));

describe('the picture at a moment', () => {
  it('gives exactly the incidents and statuses that stood at each moment of a known history', async () => {
    const step = async (hhmm: string, work: () => Promise<unknown>): Promise<void> => {
      clock = at(hhmm);
      await work();
    };
    let flood: Incident | undefined;
    let crash: Incident | undefined;
    await step('03:00', async () => {
      flood = (
        await server.incidents.report(
          sampleReport(1, {
            title: 'Flood',
            sector: 'civil-defence',
            category: 'flooding',
            externalRef: null,
          }),
          COMMANDER,
        )
      ).incident;
    });
    await step('03:05', async () => {
      crash = (
        await server.incidents.report(sampleReport(2, { title: 'Crash', externalRef: null }), COMMANDER)
      ).incident;
    });
    if (!flood || !crash) throw new Error('no incidents');
    const floodId = flood.id;
    const crashId = crash.id;
    await step('03:10', () =>
      server.incidents.update(floodId, { version: 1, status: 'acknowledged' }, COMMANDER),
    );
    await step('03:20', () =>
      server.incidents.update(floodId, { version: 2, status: 'dispatched' }, COMMANDER),
    );
    await step('03:30', () =>
      server.incidents.update(crashId, { version: 1, status: 'cancelled', reason: 'false alarm' }, COMMANDER),
    );
    await step('03:40', () =>
      server.incidents.update(floodId, { version: 3, status: 'on_scene' }, COMMANDER),
    );

    expect(statusesOf(await picture(at('02:59')))).toEqual({});
    expect(statusesOf(await picture(at('03:00')))).toEqual({ Flood: 'reported' });
    expect(statusesOf(await picture(at('03:07')))).toEqual({ Flood: 'reported', Crash: 'reported' });
    expect(statusesOf(await picture(at('03:10')))).toEqual({ Flood: 'acknowledged', Crash: 'reported' });
    expect(statusesOf(await picture(at('03:29')))).toEqual({ Flood: 'dispatched', Crash: 'reported' });
    expect(statusesOf(await picture(at('03:35')))).toEqual({ Flood: 'dispatched' });
    expect(statusesOf(await picture(at('04:00')))).toEqual({ Flood: 'on_scene' });
  });

  it('answers the same from snapshots as from folding the whole log', async () => {
    for (let n = 0; n < 40; n++) {
      clock = new Date(at('05:00').getTime() + n * 60_000);
      const { incident } = await server.incidents.report(
        sampleReport(100 + n, { externalRef: null }),
        COMMANDER,
      );
      if (n % 3 === 0)
        await server.incidents.update(incident.id, { version: 1, status: 'acknowledged' }, COMMANDER);
      if (n % 5 === 0)
        await server.incidents.update(
          incident.id,
          { version: n % 3 === 0 ? 2 : 1, status: 'cancelled' },
          COMMANDER,
        );
    }
    // A second replay over the same store with a snapshot every 7 events.
    const snapshotting = new ReplayService(server.store, 7);
    const head = await server.store.headSeq();
    const events: MirsadEvent[] = await server.store.readEvents(0, head);
    // Build the snapshots the way the live server does, by following the log.
    const state = emptyPictureState();
    for (const event of events) {
      foldPicture(state, event);
      (snapshotting as unknown as { follow(e: MirsadEvent): void }).follow(event);
    }
    await snapshotting.drain();
    expect(await server.store.snapshotAtOrBefore(head)).not.toBeNull();
    for (const minute of [3, 17, 29, 39]) {
      const moment = new Date(at('05:00').getTime() + minute * 60_000 + 30_000);
      const fromSnapshots = await snapshotting.pictureAt(moment);
      const seq = await server.store.seqAt(moment.toISOString());
      const scratch = emptyPictureState();
      for (const event of events.filter((e) => e.seq <= seq)) foldPicture(scratch, event);
      expect(fromSnapshots.incidents.map((i) => `${i.id}:${i.version}`).sort()).toEqual(
        [...scratch.incidents.values()].map((i) => `${i.id}:${i.version}`).sort(),
      );
    }
    expect(state.incidents.size).toBeGreaterThan(0);
  });

  it('writes snapshots only while this node leads', async () => {
    let isLeading = false;
    const { store, saved } = recordingSnapshots();
    const follower = new ReplayService(store, 2, () => isLeading);
    const follow = (follower as unknown as { follow(e: MirsadEvent): void }).follow.bind(follower);
    const events = await server.store.readEvents(0, 8);
    for (const event of events.slice(0, 4)) follow(event);
    await follower.drain();
    expect(saved).toEqual([]);
    isLeading = true;
    for (const event of events.slice(4, 8)) follow(event);
    await follower.drain();
    expect(saved.map((s) => s.seq)).toEqual([events[5]?.seq, events[7]?.seq]);
  });

  it('writes the live server’s snapshots inside a group commit, not in commits of their own whose fsync would hold the event loop', async () => {
    const dataDir = tempDataDir();
    const { db, file } = await openMigratedSqlite(dataDir);
    /** Whether a transaction was open each time a snapshot was saved. */
    const wasInGroup: boolean[] = [];
    class RecordingStore extends SqliteEventStore {
      override saveSnapshot(seq: number, json: string): Promise<void> {
        wasInGroup.push(this.db.inTransaction);
        return super.saveSnapshot(seq, json);
      }
    }
    const events = new RecordingStore(db, file);
    const live = await startTestServer(
      dataDir,
      {},
      {
        stores: { events, accounts: new SqliteAccountStore(db), audit: new SqliteAuditStore(db) },
      },
    );
    try {
      const batch = Array.from({ length: SNAPSHOT_INTERVAL_EVENTS }, (_, n) =>
        reportedEvent(storedIncident(n)),
      );
      await live.log.serialised(() => live.log.commitBatch(batch));
      await live.replay.drain();
      expect(wasInGroup).toEqual([true]);
      expect(await live.store.snapshotAtOrBefore(SNAPSHOT_INTERVAL_EVENTS + 100)).not.toBeNull();
    } finally {
      await live.close();
    }
  });

  it('serialises a big picture a slice per turn of the event loop, to the same text as in one go', async () => {
    const state = emptyPictureState();
    const events = reportedLog(SNAPSHOT_SLICE_INCIDENTS * 2 + 7);
    for (const event of events) foldPicture(state, event);
    let turns = 0;
    const counting = setInterval(() => (turns += 1), 0);
    const sliced = await serialiseInSlices({
      seq: state.seq,
      incidents: [...state.incidents.values()],
      units: [...state.units.values()],
      shelters: [...state.shelters.values()],
    });
    clearInterval(counting);
    expect(sliced).toBe(serialisePictureState(state));
    // Three slices: the loop was let go between them (in one go it is never let go).
    expect(turns).toBeGreaterThan(0);
  });

  it('saves a big snapshot only after letting the event loop run, and with the picture of its own moment', async () => {
    const { store, saved } = recordingSnapshots();
    const count = SNAPSHOT_SLICE_INCIDENTS * 2;
    const replay = new ReplayService(store, count);
    const follow = (replay as unknown as { follow(e: MirsadEvent): void }).follow.bind(replay);
    const events = reportedLog(count + 1);
    let hasLoopTurned = false;
    for (const event of events.slice(0, count)) follow(event);
    setImmediate(() => (hasLoopTurned = true));
    // Folded while the snapshot of `count` is being written: not in it.
    follow(events[count] as MirsadEvent);
    const savedWhileHeld = saved.length;
    await replay.drain();
    expect(savedWhileHeld).toBe(0);
    expect(hasLoopTurned).toBe(true);
    expect(saved.map((s) => s.seq)).toEqual([count]);
    const expected = emptyPictureState();
    for (const event of events.slice(0, count)) foldPicture(expected, event);
    expect(saved[0]?.json).toBe(serialisePictureState(expected));
  });

  it('writes snapshots less often once the open picture is big, so a snapshot costs each event about the same', async () => {
    const { store, saved } = recordingSnapshots();
    const replay = new ReplayService(store, 10);
    const follow = (replay as unknown as { follow(e: MirsadEvent): void }).follow.bind(replay);
    const open = 100 * SNAPSHOT_INCIDENTS_PER_EVENT;
    const events = reportedLog(open);
    for (const event of events) follow(event);
    await replay.drain();
    // Every 10 events while fewer than 50 × 5 incidents are open, then every open ÷ 5 events.
    const seqs = saved.map((s) => s.seq);
    const gaps = seqs.slice(1).map((seq, n) => seq - (seqs[n] as number));
    expect(gaps.slice(0, 3)).toEqual([10, 10, 10]);
    expect(gaps.at(-1)).toBeGreaterThan(50);
  });

  it('is for commanders only', async () => {
    const officer = await login(server.url, 'traffic');
    const { status } = await api(
      server.url,
      'GET',
      `/api/picture?at=${encodeURIComponent(at('03:00').toISOString())}`,
      undefined,
      officer,
    );
    expect(status).toBe(403);
  });
});

describe('exports', () => {
  it('exports the log as CSV that a spreadsheet reads, with formulas defused', async () => {
    clock = at('06:00');
    await server.incidents.report(
      sampleReport(900, { title: '=HYPERLINK("x")', externalRef: null }),
      COMMANDER,
    );
    const response = await fetch(`${server.url}/api/export/events?format=csv`, {
      headers: { cookie: commander },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The byte-order mark that tells spreadsheets the file is UTF-8 (fetch's text() would hide it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('seq,at,type,actor')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const rows = text.trim().split('\r\n');
    expect(rows.length - 1).toBe(await server.store.headSeq());
  });

  it('round-trips: importing the JSON export into an empty instance gives the same timeline', async () => {
    const exported = await fetch(`${server.url}/api/export/events`, { headers: { cookie: commander } });
    const body = (await exported.json()) as { events: MirsadEvent[] };
    const empty = await startTestServer();
    try {
      const admin = await login(empty.url, 'admin');
      const imported = await api(empty.url, 'POST', '/api/import', body, admin);
      expect(imported.status).toBe(201);
      expect(await empty.store.readEvents(0, 100_000)).toEqual(body.events);
      const first = body.events[0];
      if (first?.type !== 'incident.reported') throw new Error('the export should start with a report');
      const incidentId = first.data.incident.id;
      const otherCommander = await login(empty.url, 'commander');
      const before = await api(
        server.url,
        'GET',
        `/api/incidents/${incidentId}/events`,
        undefined,
        commander,
      );
      const after = await api(
        empty.url,
        'GET',
        `/api/incidents/${incidentId}/events`,
        undefined,
        otherCommander,
      );
      expect(after.body).toEqual(before.body);
      expect((await api(empty.url, 'POST', '/api/import', body, admin)).status).toBe(409);
    } finally {
      await empty.close();
    }
  });

  it('refuses an import with a gap, naming the event', async () => {
    const empty = await startTestServer();
    try {
      const admin = await login(empty.url, 'admin');
      const exported = (await (
        await fetch(`${server.url}/api/export/events`, { headers: { cookie: commander } })
      ).json()) as {
        events: MirsadEvent[];
      };
      const gapped = { ...exported, events: exported.events.filter((e) => e.seq !== 2) };
      const { status, body } = await api(empty.url, 'POST', '/api/import', gapped, admin);
      expect(status).toBe(400);
      expect((body as { issues: { path: string }[] }).issues[0]?.path).toBe('body.events.1.seq');
      expect(await empty.store.headSeq()).toBe(0);
    } finally {
      await empty.close();
    }
  });
});
