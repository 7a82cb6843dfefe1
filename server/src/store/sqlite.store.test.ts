import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  INCIDENT_STATUSES,
  RELATED_CATEGORIES,
  representativePosition,
  type Incident,
  type NewMirsadEvent,
  type SectorId,
} from '@mirsad/shared';
import { createRandom } from '@mirsad/mock-data';
import { reportedEvent as reported, storedIncident as incident, tempDataDir } from '../test-support.js';
import { SqliteEventStore } from './sqlite.store.js';

const open: SqliteEventStore[] = [];
function openStore(dir = tempDataDir()): SqliteEventStore {
  const store = SqliteEventStore.open(dir);
  open.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

describe('SqliteEventStore', () => {
  it('numbers appended events 1, 2, 3 without gaps and keeps the numbering across a reopen', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    const seqs = [];
    for (let n = 0; n < 3; n++) seqs.push((await store.append(reported(incident(n)))).seq);
    expect(seqs).toEqual([1, 2, 3]);
    await store.close();
    const reopened = openStore(dir);
    expect(await reopened.headSeq()).toBe(3);
    expect((await reopened.append(reported(incident(4)))).seq).toBe(4);
  });

  it('projects the current incident from the newest event', async () => {
    const store = openStore();
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
    const store = openStore();
    for (let n = 0; n < 10; n++) await store.append(reported(incident(n)));
    expect((await store.readEvents(2, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await store.readEvents(7, 100)).map((e) => e.seq)).toEqual([8, 9, 10]);
    expect((await store.readEvents(0, 100, 4)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await store.readEvents(10, 100)).toEqual([]);
  });

  it('filters the picture by status scope, sector and governorate, newest first', async () => {
    const store = openStore();
    await store.append(reported(incident(1, { sector: 'traffic', governorate: 'capital' })));
    await store.append(
      reported(incident(2, { sector: 'civil-defence', category: 'flooding', governorate: 'ahmadi' })),
    );
    await store.append(reported(incident(3, { sector: 'traffic', status: 'closed', governorate: 'ahmadi' })));
    const titles = async (filter: Parameters<SqliteEventStore['listIncidents']>[0]): Promise<string[]> =>
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

  it('refuses to change or delete a logged event, even through raw SQL', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    await store.append(reported(incident(1)));
    const raw = new Database(path.join(dir, 'mirsad.sqlite'));
    try {
      expect(() => raw.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });

  it('refuses a second report with the same source and externalRef without writing anything', async () => {
    const store = openStore();
    await store.append(reported(incident(1)));
    await expect(store.append(reported(incident(1)))).rejects.toThrow(/UNIQUE/);
    expect(await store.headSeq()).toBe(1);
    expect(await store.readEvents(0, 10)).toHaveLength(1);
  });

  it('finds the same nearby active incidents through its spatial index as a scan of every incident', async () => {
    const random = createRandom(11);
    const store = openStore();
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

  it('builds its spatial index from the incidents of a file written before the index existed', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
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
    const reopened = openStore(dir);
    const [lon, lat] = representativePosition(flooded.location);
    const near = await reopened.activeIncidentsNear(
      [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01],
      new Date(Date.parse(flooded.reportedAt) - 60_000).toISOString(),
      null,
      [{ sector: 'civil-defence', category: 'flooding' }],
    );
    expect(near.map((value) => value.id)).toEqual([flooded.id]);
  });
});
