import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_MILESTONES, type Incident, type NewMirsadEvent } from '@mirsad/shared';
import { tempDataDir } from '../test-support.js';
import { SqliteEventStore } from './sqlite.store.js';

function incident(n: number, overrides: Partial<Incident> = {}): Incident {
  return {
    id: randomUUID(),
    sector: 'traffic',
    category: 'collision',
    severity: 3,
    status: 'reported',
    title: `Incident ${n}`,
    description: '',
    location: { type: 'Point', coordinates: [48, 29.3] },
    governorate: 'hawalli',
    reportedAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    version: 1,
    source: 'test',
    externalRef: `ref-${n}`,
    exerciseId: null,
    involvedSectors: [overrides.sector ?? 'traffic'],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
    ...overrides,
  };
}

function reported(value: Incident): NewMirsadEvent {
  return {
    id: randomUUID(),
    type: 'incident.reported',
    at: value.updatedAt,
    actor: 'source:test',
    exerciseId: value.exerciseId,
    sectors: [value.sector],
    data: { incident: value },
  };
}

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
});
