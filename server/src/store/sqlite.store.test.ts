import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVE_STATUSES,
  INCIDENT_STATUSES,
  RELATED_CATEGORIES,
  representativePosition,
  UNIT_TYPES,
  type Incident,
  type NewMirsadEvent,
  type SectorId,
  type Unit,
  type UnitPosition,
} from '@mirsad/shared';
import { createRandom } from '@mirsad/mock-data';
import { reportedEvent as reported, storedIncident as incident, tempDataDir } from '../test-support.js';
import { BACKENDS, type TestPlace } from './backends.test-support.js';
import type { EventStore, IncidentFilter } from './event.store.js';
import { WAL_BACKSTOP_PAGES } from './sqlite.checkpointer.js';
import { SqliteEventStore } from './sqlite.store.js';

const open: EventStore[] = [];
const places: TestPlace[] = [];

const unit = (id: string, status: Unit['status'], exerciseId: string | null): Unit => ({
  id,
  sector: 'traffic',
  type: UNIT_TYPES[0],
  callSign: id.toUpperCase(),
  status,
  incidentId: null,
  position: null,
  exerciseId,
});
const unitEvent = (value: Unit, at: string): NewMirsadEvent => ({
  id: randomUUID(),
  type: 'unit.registered',
  at,
  actor: 'user:test',
  exerciseId: value.exerciseId,
  sectors: [value.sector],
  data: { unit: value },
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
  await Promise.all(places.splice(0).map((place) => place.remove()));
});

describe.each(BACKENDS)('the event store on $name', (backend) => {
  /** A fresh place of the backend, removed after the test. */
  async function freshPlace(): Promise<TestPlace> {
    const place = await backend.place();
    places.push(place);
    return place;
  }

  async function openStore(place?: TestPlace): Promise<EventStore> {
    const { events } = await (place ?? (await freshPlace())).open();
    open.push(events);
    return events;
  }

  it('numbers appended events 1, 2, 3 without gaps and keeps the numbering across a reopen', async () => {
    const place = await freshPlace();
    const store = await openStore(place);
    const seqs = [];
    for (let n = 0; n < 3; n++) seqs.push((await store.append(reported(incident(n)))).seq);
    expect(seqs).toEqual([1, 2, 3]);
    await store.close();
    const reopened = await openStore(place);
    expect(await reopened.headSeq()).toBe(3);
    expect((await reopened.append(reported(incident(4)))).seq).toBe(4);
  });

  it('projects the current incident from the newest event', async () => {
    const store = await openStore();
    const first = incident(1);
    await store.append(reported(first));
    const changed: Incident = { ...first, status: 'acknowledged', version: 2 };
    await store.append({
      id: randomUUID(),
      type: 'incident.updated',
      at: changed.updatedAt,
      actor: 'user:test',
      exerciseId: null,
      sectors: ['traffic'],
      data: { incident: changed, changes: { status: 'acknowledged' }, previousVersion: 1, reason: null },
    });
    expect(await store.getIncident(first.id)).toEqual(changed);
    expect(await store.findByExternalRef('test', 'ref-1', null)).toEqual(changed);
    expect(await store.findByExternalRef('test', 'ref-1', 'exercise-a')).toBeNull();
  });

  it('reads pages of events after a sequence and never past upTo', async () => {
    const store = await openStore();
    for (let n = 0; n < 10; n++) await store.append(reported(incident(n)));
    expect((await store.readEvents(2, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await store.readEvents(7, 100)).map((e) => e.seq)).toEqual([8, 9, 10]);
    expect((await store.readEvents(0, 100, 4)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await store.readEvents(10, 100)).toEqual([]);
  });

  it('filters the picture by status scope, sector and governorate, newest first', async () => {
    const store = await openStore();
    await store.append(reported(incident(1, { sector: 'traffic', governorate: 'capital' })));
    await store.append(
      reported(incident(2, { sector: 'civil-defence', category: 'flooding', governorate: 'ahmadi' })),
    );
    await store.append(reported(incident(3, { sector: 'traffic', status: 'closed', governorate: 'ahmadi' })));
    const titles = async (filter: IncidentFilter): Promise<string[]> =>
      (await store.listIncidents(filter)).map((i) => i.title);
    expect(await titles({ scope: 'active', exerciseId: null })).toEqual(['Incident 2', 'Incident 1']);
    expect(await titles({ scope: 'all', exerciseId: null })).toEqual([
      'Incident 3',
      'Incident 2',
      'Incident 1',
    ]);
    expect(await titles({ scope: 'active', sector: ['traffic'], exerciseId: null })).toEqual(['Incident 1']);
    expect(await titles({ scope: 'active', status: ['closed'], exerciseId: null })).toEqual(['Incident 3']);
    expect(await titles({ scope: 'all', governorate: ['ahmadi'], exerciseId: null })).toEqual([
      'Incident 3',
      'Incident 2',
    ]);
    expect(await titles({ scope: 'all', exerciseId: 'exercise-a' })).toEqual([]);
  });

  it('refuses to change or delete a logged event or audit entry, even through raw SQL', async () => {
    const place = await freshPlace();
    const stores = await place.open();
    open.push(stores.events);
    await stores.events.append(reported(incident(1)));
    await stores.audit.append({
      at: new Date().toISOString(),
      actor: 'user:test',
      action: 'http.post',
      target: '/api/incidents',
      outcome: 'ok',
      detail: null,
      ip: null,
    });
    await expect(place.query("UPDATE events SET type = 'x'")).rejects.toThrow(/append-only/);
    await expect(place.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(place.query("UPDATE audit SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(place.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
    expect(await place.query('SELECT seq FROM events')).toHaveLength(1);
  });

  it('refuses a second report with the same source and externalRef without writing anything', async () => {
    const store = await openStore();
    await store.append(reported(incident(1)));
    await expect(store.append(reported(incident(1)))).rejects.toThrow(/UNIQUE|duplicate key/);
    expect(await store.headSeq()).toBe(1);
    expect(await store.readEvents(0, 10)).toHaveLength(1);
  });

  it('finds the same nearby active incidents through its spatial index as a scan of every incident', async () => {
    const random = createRandom(11);
    const store = await openStore();
    const kinds = [...new Set(RELATED_CATEGORIES.flat())].map((key) => {
      const [sector, category] = key.split('/') as [SectorId, string];
      return { sector, category };
    });
    const exercises = [null, 'exercise-a'];
    const startMs = Date.UTC(2026, 10, 1);
    const latest = new Map<string, Incident>();
    const events: NewMirsadEvent[] = [];
    // Reports bunched around two underpasses, then changed at random: some closed, some merged, some moved.
    for (let n = 0; n < 600; n++) {
      const kind = random.pick(kinds);
      const [centreLon, centreLat] = random.pick([
        [47.975, 29.338],
        [48.01, 29.31],
      ] as const);
      const at = new Date(startMs + random.int(0, 120) * 60_000).toISOString();
      const value = incident(n, {
        ...kind,
        involvedSectors: [kind.sector],
        exerciseId: random.pick(exercises),
        location: {
          type: 'Point',
          coordinates: [centreLon + random.normal(0, 0.004), centreLat + random.normal(0, 0.004)],
        },
        reportedAt: at,
        updatedAt: at,
      });
      events.push(reported(value));
      latest.set(value.id, value);
    }
    for (const current of [...latest.values()]) {
      if (!random.chance(0.4)) continue;
      const changed: Incident = {
        ...current,
        status: random.pick(INCIDENT_STATUSES),
        mergedInto: random.chance(0.2) ? randomUUID() : null,
        location: random.chance(0.3)
          ? { type: 'Point', coordinates: [47.99 + random.normal(0, 0.01), 29.32 + random.normal(0, 0.01)] }
          : current.location,
        version: current.version + 1,
      };
      events.push({
        id: randomUUID(),
        type: 'incident.updated',
        at: current.updatedAt,
        actor: 'user:test',
        exerciseId: current.exerciseId,
        sectors: [current.sector],
        data: { incident: changed, changes: { status: changed.status }, previousVersion: 1, reason: null },
      });
      latest.set(changed.id, changed);
    }
    await store.appendBatch(events);
    let found = 0;
    for (let q = 0; q < 200; q++) {
      const lon = 47.99 + random.normal(0, 0.02);
      const lat = 29.32 + random.normal(0, 0.02);
      const size = random.float(0.001, 0.01);
      const box = [lon - size, lat - size, lon + size, lat + size] as const;
      const since = new Date(startMs + random.int(0, 120) * 60_000).toISOString();
      const exerciseId = random.pick(exercises);
      const wanted = kinds.filter(() => random.chance(0.3));
      const scanned = [...latest.values()]
        .filter((value) => {
          const [x, y] = representativePosition(value.location);
          return (
            ACTIVE_STATUSES.includes(value.status) &&
            value.mergedInto === null &&
            value.exerciseId === exerciseId &&
            value.reportedAt >= since &&
            x >= box[0] &&
            x <= box[2] &&
            y >= box[1] &&
            y <= box[3] &&
            wanted.some((kind) => kind.sector === value.sector && kind.category === value.category)
          );
        })
        .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.id.localeCompare(b.id))
        .map((value) => value.id);
      const near = await store.activeIncidentsNear(box, since, exerciseId, wanted);
      expect(near.map((value) => value.id)).toEqual(scanned);
      found += near.length;
    }
    // The random queries must have hit something, or the comparison proves nothing.
    expect(found).toBeGreaterThan(100);
  });

  it('names every log holding entities of a kind in some statuses, the live log as null', async () => {
    const store = await openStore();
    const at = '2026-11-01T00:00:00.000Z';
    await store.append(unitEvent(unit('tr-1', 'available', null), at));
    await store.append(unitEvent(unit('tr-2', 'assigned', 'exercise-a'), at));
    await store.append(unitEvent(unit('tr-3', 'out_of_service', 'exercise-b'), at));
    await store.append(unitEvent(unit('tr-4', 'available', 'exercise-c'), at));
    await store.append(unitEvent(unit('tr-5', 'available', 'exercise-c'), at));
    expect(await store.logsWithEntities('unit', ['available', 'assigned'])).toEqual([
      null,
      'exercise-a',
      'exercise-c',
    ]);
    expect(await store.logsWithEntities('unit', ['out_of_service'])).toEqual(['exercise-b']);
    expect(await store.logsWithEntities('pattern', ['active'])).toEqual([]);
  });

  it('answers the log, feed, time, snapshot, entity and position reads of its interface', async () => {
    const store = await openStore();
    const fire = incident(1, { sector: 'fire-marine-rescue', involvedSectors: ['fire-marine-rescue'] });
    const drill = incident(2, { exerciseId: 'exercise-a' });
    await store.append(reported(incident(0)));
    await store.append(reported(fire));
    await store.append(reported(drill));
    await store.append(unitEvent(unit('tr-1', 'available', null), '2026-11-01T00:03:00.000Z'));
    await store.append(unitEvent(unit('tr-2', 'out_of_service', null), '2026-11-01T00:04:00.000Z'));
    await store.append(unitEvent(unit('tr-1', 'assigned', null), '2026-11-01T00:05:00.000Z'));
    expect(await store.headSeq()).toBe(6);
    // Time: the newest event at or before a moment, and the first at or after one.
    expect(await store.seqAt('2026-11-01T00:01:30.000Z')).toBe(2);
    expect(await store.seqAt('2020-01-01T00:00:00.000Z')).toBe(0);
    expect(await store.firstSeqFrom('2026-11-01T00:01:30.000Z')).toBe(3);
    expect(await store.firstSeqFrom('2030-01-01T00:00:00.000Z')).toBeNull();
    // One log at a time, and a feed filtered by sector.
    const seqs = (events: readonly { seq: number }[]): number[] => events.map((event) => event.seq);
    expect(seqs(await store.readLog({ exerciseId: 'exercise-a', after: 0, limit: 10 }))).toEqual([3]);
    expect(seqs(await store.readLog({ exerciseId: null, after: 1, upTo: 5, limit: 10 }))).toEqual([2, 4, 5]);
    expect(
      seqs(
        await store.readLog({
          exerciseId: null,
          after: 0,
          limit: 10,
          from: '2026-11-01T00:01:00.000Z',
          to: '2026-11-01T00:04:00.000Z',
        }),
      ),
    ).toEqual([2, 4, 5]);
    // The same page as stored text (what the JSON export writes): the event's JSON as appended.
    const page = { exerciseId: null, after: 1, upTo: 5, limit: 10 } as const;
    expect(await store.readLogText(page)).toEqual(
      (await store.readLog(page)).map((event) => ({ seq: event.seq, body: JSON.stringify(event) })),
    );
    expect(
      seqs(await store.readFeedEvents(0, 10, 6, { exerciseId: null, sectors: ['fire-marine-rescue'] })),
    ).toEqual([2]);
    expect(seqs(await store.readFeedEvents(0, 10, 5, { exerciseId: null, sectors: null }))).toEqual([
      1, 2, 4, 5,
    ]);
    expect(await store.logMoments(null, { before: 6, limit: 2 })).toEqual([
      { seq: 4, at: '2026-11-01T00:03:00.000Z', type: 'unit.registered' },
      { seq: 5, at: '2026-11-01T00:04:00.000Z', type: 'unit.registered' },
    ]);
    expect((await store.logMoments(null, { after: 0, limit: 1 })).map((moment) => moment.seq)).toEqual([1]);
    // Subjects: an incident's and a unit's events.
    expect(seqs(await store.eventsAbout('tr-1'))).toEqual([4, 6]);
    expect((await store.latestAbout('tr-1', 6))?.seq).toBe(4);
    expect(await store.latestAbout('tr-1', 4)).toBeNull();
    expect(seqs(await store.eventsAbout(fire.id))).toEqual([2]);
    // Entities, by status, in log order.
    expect(await store.getEntity<Unit>('unit', 'tr-1')).toMatchObject({ status: 'assigned' });
    expect((await store.listEntities<Unit>('unit', null)).map((u) => u.id)).toEqual(['tr-2', 'tr-1']);
    expect(
      (await store.listEntities<Unit>('unit', null, ['available', 'assigned'])).map((u) => u.id),
    ).toEqual(['tr-1']);
    expect(await store.listEntities('unit', 'exercise-a')).toEqual([]);
    // Snapshots.
    await store.saveSnapshot(2, '{"at":2}');
    await store.saveSnapshot(5, '{"at":5}');
    expect(await store.snapshotAtOrBefore(4)).toEqual({ seq: 2, json: '{"at":2}' });
    expect(await store.snapshotAtOrBefore(1)).toBeNull();
    // Positions: the latest of each unit, and the history each moment had.
    const position = (minute: number, lon: number): UnitPosition => ({
      coordinates: [lon, 29.3],
      headingDeg: null,
      speedMps: null,
      at: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString(),
    });
    await store.recordPositionHistory([
      { unitId: 'tr-1', position: position(10, 48) },
      { unitId: 'tr-1', position: position(20, 48.1) },
      { unitId: 'tr-2', position: position(15, 47.9) },
    ]);
    const at = await store.positionsAt('2026-11-01T00:16:00.000Z');
    expect(Object.fromEntries(at)).toEqual({ 'tr-1': position(10, 48), 'tr-2': position(15, 47.9) });
    await store.savePositions([
      { unitId: 'tr-1', position: position(21, 48.2) },
      { unitId: 'tr-1', position: position(22, 48.3) },
    ]);
    expect(Object.fromEntries(await store.loadPositions())).toEqual({ 'tr-1': position(22, 48.3) });
  });
});

describe('SqliteEventStore', () => {
  const opened: SqliteEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  async function openStore(dir: string): Promise<SqliteEventStore> {
    const store = await SqliteEventStore.open(dir);
    opened.push(store);
    return store;
  }

  it('builds its spatial index from the incidents of a file written before the index existed', async () => {
    const dir = tempDataDir();
    const store = await openStore(dir);
    const flooded = incident(1, {
      sector: 'civil-defence',
      category: 'flooding',
      involvedSectors: ['civil-defence'],
    });
    await store.append(reported(flooded));
    await store.close();
    const raw = new Database(path.join(dir, 'mirsad.sqlite'));
    raw.exec("DROP TABLE incidents_near_rtree; DELETE FROM meta WHERE key = 'near_index_built'");
    raw.close();
    const reopened = await openStore(dir);
    const [lon, lat] = representativePosition(flooded.location);
    const near = await reopened.activeIncidentsNear(
      [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01],
      new Date(Date.parse(flooded.reportedAt) - 60_000).toISOString(),
      null,
      [{ sector: 'civil-defence', category: 'flooding' }],
    );
    expect(near.map((value) => value.id)).toEqual([flooded.id]);
  });

  /** Opens a group holding one work that appended one report, left for the test to commit. */
  async function groupOfOneReport(store: SqliteEventStore): Promise<void> {
    await store.beginGroup();
    await store.beginWork();
    await store.append(reported(incident(1)));
    await store.endWork(true);
  }

  it("syncs a group's log off the event loop and leaves the connection's own commits at synchronous=FULL", async () => {
    const dir = tempDataDir();
    const store = await openStore(dir);
    await groupOfOneReport(store);
    const committing = store.commitGroup();
    let isDurable = false;
    void committing.then(() => {
      isDurable = true;
    });
    // A sync on the loop would have settled within these microtasks; the thread pool's cannot.
    for (let turn = 0; turn < 50; turn++) await Promise.resolve();
    expect(isDurable).toBe(false);
    // Committed already: another connection reads it while the sync runs.
    const reader = new Database(path.join(dir, 'mirsad.sqlite'), { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    reader.close();
    await committing;
    expect(isDurable).toBe(true);
    // 2 is FULL: writes outside groups (sessions, audit rows of refusals) sync in their COMMIT.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it("folds the write-ahead log into the database file from a thread of its own, never in the writer's commits", async () => {
    const dir = tempDataDir();
    const store = await openStore(dir);
    await groupOfOneReport(store);
    await store.commitGroup();
    // The writer's COMMIT checkpoints only if the checkpointer falls this far behind.
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_BACKSTOP_PAGES);
    // The database file alone, without its log, comes to hold the event: the checkpointer copied it.
    const copy = path.join(tempDataDir(), 'copy.sqlite');
    await vi.waitFor(
      () => {
        fs.copyFileSync(path.join(dir, 'mirsad.sqlite'), copy);
        const db = new Database(copy);
        try {
          expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
        } finally {
          db.close();
        }
      },
      { timeout: 5_000, interval: 100 },
    );
  });
  it('closes with its checkpointer stopped in a process that has nothing else to wait on', () => {
    // The built store, in a process of its own: close() awaits the checkpointer's thread, which
    // must keep the process alive until it has stopped.
    const store = new URL(
      import.meta.url.replace('/server/src/', '/server/dist/').replace(/\.test\.ts$/, '.js'),
    ).href;
    const script = `
      import { SqliteEventStore } from ${JSON.stringify(store)};
      const store = await SqliteEventStore.open(${JSON.stringify(tempDataDir())});
      await store.beginGroup();
      await store.commitGroup();
      await store.close();
      console.log('closed');`;
    const file = path.join(tempDataDir(), 'close.mjs');
    fs.writeFileSync(file, script);
    const output = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    expect(output.trim()).toBe('closed');
  });
});
