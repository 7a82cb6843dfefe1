import { describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import { historyCaseId } from './history.store.js';
import { SqliteHistoryStore } from './sqlite.history.js';
import { SqliteEventStore } from './sqlite.store.js';
import { reportedEvent, storedIncident, tempDataDir } from '../test-support.js';

describe('the history store and the cases the analysis reads', () => {
  it('keeps each (source, externalRef) once, however often it is loaded', async () => {
    const events = await SqliteEventStore.open(tempDataDir());
    const history = new SqliteHistoryStore(events.db);
    const records = generateHistory({ seed: 1, end: Date.parse('2026-11-01T00:00:00Z'), count: 300 });
    expect(await history.hasAny()).toBe(false);
    expect(await history.addBatch(records)).toEqual({ imported: 300, duplicates: 0 });
    expect(await history.addBatch([...records.slice(0, 10), ...records.slice(0, 10)])).toEqual({
      imported: 0,
      duplicates: 20,
    });
    expect(await history.count()).toBe(300);
    expect(await history.hasAny()).toBe(true);
    const burglaries = records.filter((r) => r.category === 'burglary');
    const read = await history.casesBetween(0, Date.parse('2027-01-01T00:00:00Z'), ['criminal-security']);
    expect(
      read
        .filter((c) => c.category === 'burglary')
        .map((c) => c.id)
        .sort(),
    ).toEqual(burglaries.map((r) => historyCaseId(r.source, r.externalRef)).sort());
    await events.close();
  });

  it('gives an exercise’s scan only its own incidents and the live scan only live ones', async () => {
    const store = await SqliteEventStore.open(tempDataDir());
    const live = storedIncident(1, { sector: 'criminal-security', category: 'burglary' });
    const drill = storedIncident(2, {
      sector: 'criminal-security',
      category: 'burglary',
      exerciseId: 'ex-1a2b3c4d',
    });
    const cancelled = storedIncident(3, {
      sector: 'criminal-security',
      category: 'burglary',
      status: 'cancelled',
    });
    for (const incident of [live, drill, cancelled]) await store.append(reportedEvent(incident));
    const window = ['2026-10-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'] as const;
    expect(store.patternCasesNow(null, ...window, ['criminal-security']).map((c) => c.id)).toEqual([live.id]);
    expect(store.patternCasesNow('ex-1a2b3c4d', ...window, ['criminal-security']).map((c) => c.id)).toEqual([
      drill.id,
    ]);
    expect(store.patternCasesNow(null, ...window, ['traffic'])).toEqual([]);
    await store.close();
  });
});
