import { describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import { KNOX_TABLE_REUSE_MS, nearRepeatGroups } from './analysis.js';
import { pointsOf, type PatternCase } from './points.js';

const DAY_MS = 86_400_000;
const END = Date.parse('2026-11-30T09:00:00Z');

/** A year of 1,500 burglaries ending at END, each followed with a chance of 0.3 by another within 200 m (after 3 days on average). */
function burglaryYear(seed: number): PatternCase[] {
  return generateHistory({
    seed,
    end: END,
    count: 1_500,
    categories: ['burglary'],
    contagion: { share: 0.3, meanDays: 3, radiusM: 200 },
  }).map((r, i) => ({ ...r, id: String(i) }));
}

describe('near repeats for the rooms and walls', () => {
  it('reuses a group’s Knox table for an hour, yet gives a new burglary its zone at once', () => {
    const year = burglaryYear(21);
    const job = { groups: ['burglary'] as const, replications: 99, seed: 1, exerciseId: 'reuse-test' };
    const first = nearRepeatGroups(pointsOf(year), { ...job, at: END })[0];
    expect(first?.zones.length ?? 0).toBeGreaterThan(0);
    // A burglary ten minutes later, next door to the newest: it adds a pair to the nearest band.
    const newest = year.at(-1);
    if (!newest) throw new Error('no year');
    const next: PatternCase = { ...newest, id: 'new', reportedAt: new Date(END + 5 * 60_000).toISOString() };
    const later = nearRepeatGroups(pointsOf([...year, next]), { ...job, at: END + 10 * 60_000 })[0];
    expect(later?.bands).toEqual(first?.bands);
    expect(later?.zones.map((z) => z.incidentId)).toContain('new');
    // An hour on, the table is run again and counts the new pair.
    const afresh = nearRepeatGroups(pointsOf([...year, next]), {
      ...job,
      at: END + KNOX_TABLE_REUSE_MS + 1,
    })[0];
    expect(afresh?.bands[0]?.observed).toBeGreaterThan(first?.bands[0]?.observed ?? Infinity);
    // A question about the past is never answered from a later table.
    const before = nearRepeatGroups(pointsOf(year), { ...job, at: END - DAY_MS })[0];
    expect(before?.bands).not.toEqual(afresh?.bands);
  });

  it('runs a group’s Knox table again within the hour once a history load has changed its cases', () => {
    const year = burglaryYear(22);
    const job = { groups: ['burglary'] as const, replications: 99, seed: 1, exerciseId: 'load-test' };
    // A room asks before the archive is loaded: a week of reports, too few for the test to find anything.
    const lastWeek = year.filter((r) => Date.parse(r.reportedAt) > END - 7 * DAY_MS).slice(-5);
    const before = nearRepeatGroups(pointsOf(lastWeek), { ...job, at: END })[0];
    expect(before?.zones).toEqual([]);
    // Ten minutes later the year is in: its repeats raise zones at once.
    const after = nearRepeatGroups(pointsOf(year), { ...job, at: END + 10 * 60_000 })[0];
    expect(after?.incidents).toBe(year.length);
    expect(after?.zones.length ?? 0).toBeGreaterThan(0);
  });
});
