import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import { historyOf } from '../app.js';
import { openPatternSource } from '../patterns/pattern.source.js';
import { reportedEvent, storedIncident } from '../test-support.js';
import { BACKENDS, type TestPlace } from './backends.test-support.js';
import type { StoreLocation } from './event.store.js';
import { historyCaseId } from './history.store.js';
import { SQLITE_FILE } from './sqlite.database.js';

const places: TestPlace[] = [];
afterEach(async () => {
  await Promise.all(places.splice(0).map((place) => place.remove()));
});

const locationOf = (place: TestPlace): StoreLocation =>
  place.databaseUrl === null
    ? { kind: 'sqlite', file: path.join(place.dataDir, SQLITE_FILE) }
    : { kind: 'postgres', url: place.databaseUrl };

describe.each(BACKENDS)('the history store and the cases the analysis reads, on $name', (backend) => {
  const fresh = async (): Promise<TestPlace> => {
    const place = await backend.place();
    places.push(place);
    return place;
  };

  it('keeps each (source, externalRef) once, however often it is loaded', async () => {
    const place = await fresh();
    const { events } = await place.open();
    const history = historyOf(events);
    const records = generateHistory({ seed: 1, end: Date.parse('2026-11-01T00:00:00Z'), count: 300 });
    expect(await history.hasAny()).toBe(false);
    expect(await history.addBatch(records)).toEqual({ imported: 300, duplicates: 0 });
    expect(await history.hasAny()).toBe(true);
    expect(await history.addBatch([...records.slice(0, 10), ...records.slice(0, 10)])).toEqual({
      imported: 0,
      duplicates: 20,
    });
    const fresher = generateHistory({ seed: 2, end: Date.parse('2026-11-01T00:00:00Z'), count: 5 }).map(
      (record) => ({ ...record, externalRef: `again-${record.externalRef}` }),
    );
    // A record repeated within one batch is kept once and counted once as a duplicate.
    expect(await history.addBatch([...fresher, ...fresher.slice(0, 1)])).toEqual({
      imported: 5,
      duplicates: 1,
    });
    expect(await history.count()).toBe(305);
    const burglaries = records.filter((r) => r.category === 'burglary');
    const read = await history.casesBetween(0, Date.parse('2027-01-01T00:00:00Z'), ['criminal-security']);
    expect(
      read
        .filter((c) => c.category === 'burglary' && !c.id.includes(':again-'))
        .map((c) => c.id)
        .sort(),
    ).toEqual(burglaries.map((r) => historyCaseId(r.source, r.externalRef)).sort());
    // The worker's own connection reads the same rows, times and places.
    const source = openPatternSource(locationOf(place));
    expect(
      (await source.historyCases(0, Date.parse('2027-01-01T00:00:00Z'), ['criminal-security'])).sort((a, b) =>
        a.id.localeCompare(b.id),
      ),
    ).toEqual(read.sort((a, b) => a.id.localeCompare(b.id)));
    await source.close();
    await events.close();
  });

  it('gives an exercise’s scan only its own incidents and the live scan only live ones', async () => {
    const place = await fresh();
    const { events: store } = await place.open();
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
    const source = openPatternSource(locationOf(place));
    const window = ['2026-10-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'] as const;
    const [read] = await source.incidentCases(null, ...window, ['criminal-security']);
    expect(read).toEqual({
      id: live.id,
      sector: 'criminal-security',
      category: 'burglary',
      reportedAt: live.reportedAt,
      lon: live.location.coordinates[0],
      lat: live.location.coordinates[1],
    });
    expect(
      (await source.incidentCases('ex-1a2b3c4d', ...window, ['criminal-security'])).map((c) => c.id),
    ).toEqual([drill.id]);
    expect(await source.incidentCases(null, ...window, ['traffic'])).toEqual([]);
    await source.close();
    await store.close();
  });
});
