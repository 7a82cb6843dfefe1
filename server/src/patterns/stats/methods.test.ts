import { describe, expect, it } from 'vitest';
import { createRandom, generateHistory } from '@mirsad/mock-data';
import { indicesOfGroup, pointsOf, subsetOf } from '../points.js';
import { forecastCells } from './forecast.js';
import { classify, emergingHotspots, mannKendall } from './hotspots.js';
import { knoxTest } from './knox.js';

const DAY_MS = 86_400_000;
const END = Date.parse('2026-11-30T09:00:00Z');
const bins = (pattern: string): boolean[] => Array.from(pattern, (c) => c === 'H');
const none = (n: number): boolean[] => Array.from({ length: n }, () => false);
const flat = { z: 0, pValue: 1 };

describe('emerging hot spot classes (ArcGIS definitions)', () => {
  it('names each pattern of significant bins', () => {
    expect(classify(bins('....H'), none(5), flat)).toBe('new');
    expect(classify(bins('...HH'), none(5), flat)).toBe('consecutive');
    expect(classify(bins('.H.HH'), none(5), flat)).toBe('sporadic');
    expect(classify(bins('.H.HH'), [false, false, true, false, false], flat)).toBe('oscillating');
    expect(classify(bins('HHHHHHHHHH'), none(10), flat)).toBe('persistent');
    expect(classify(bins('HHHHHHHHHH'), none(10), { z: 3, pValue: 0.001 })).toBe('intensifying');
    expect(classify(bins('HHHHHHHHHH'), none(10), { z: -3, pValue: 0.001 })).toBe('diminishing');
    expect(classify(bins('HHHHHHHHHH.'), none(11), flat)).toBe('historical');
    expect(classify(bins('..H..'), none(5), flat)).toBeNull();
  });

  it('reads a rising series as a significant upward Mann-Kendall trend, and noise as none', () => {
    const rising = mannKendall(Array.from({ length: 20 }, (_, i) => i + (i % 3)));
    expect(rising.tau).toBeGreaterThan(0.8);
    expect(rising.pValue).toBeLessThan(0.001);
    const random = createRandom(3);
    const noise = mannKendall(Array.from({ length: 20 }, () => random.next()));
    expect(noise.pValue).toBeGreaterThan(0.05);
  });

  it('classifies a place that turned busy in the last weeks as a new or consecutive hot spot', () => {
    const records = generateHistory({
      seed: 5,
      end: END,
      count: 3_000,
      categories: ['burglary'],
      plant: [
        {
          sector: 'criminal-security',
          category: 'burglary',
          at: [47.9, 29.25],
          radiusM: 150,
          count: 30,
          days: 14,
        },
      ],
    });
    const points = pointsOf(records.map((r, i) => ({ ...r, id: String(i) })));
    const cells = emergingHotspots({
      ...subsetOf(points, indicesOfGroup(points, 'burglary')),
      at: END,
      resolution: 8,
      binDays: 7,
      bins: 52,
    });
    const near = cells.filter(
      (c) => Math.abs(c.center[0] - 47.9) < 0.01 && Math.abs(c.center[1] - 29.25) < 0.01,
    );
    expect(near.map((c) => c.class)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(new|consecutive)$/)]),
    );
  });
});

/** Incidents at random places, each followed with probability `repeat` by another within 150 m and 5 days. */
function contagious(seed: number, n: number, repeat: number) {
  const random = createRandom(seed);
  const lon: number[] = [];
  const lat: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = 47.9 + random.next() * 0.2;
    const y = 29.2 + random.next() * 0.15;
    const at = END - random.next() * 365 * DAY_MS;
    lon.push(x);
    lat.push(y);
    t.push(at);
    if (random.chance(repeat)) {
      lon.push(x + random.normal(0, 0.0008));
      lat.push(y + random.normal(0, 0.0008));
      t.push(Math.min(END, at + random.next() * 5 * DAY_MS));
    }
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), t: Float64Array.from(t) };
}

describe('the Knox test and the forecast', () => {
  it('finds near repeats close in space and time where they were made, and none where there are none', () => {
    const made = knoxTest({ ...contagious(1, 1_500, 0.3), replications: 199, seed: 1 });
    const nearest = made.cells.find((c) => c.distanceBand === 0 && c.dayBand === 0);
    expect(nearest?.ratio ?? 0).toBeGreaterThan(2);
    expect(nearest?.pValue ?? 1).toBeLessThanOrEqual(0.01);
    const nullTable = knoxTest({ ...contagious(2, 1_500, 0), replications: 199, seed: 2 });
    expect(nullTable.cells.filter((c) => c.pValue <= 0.01).length).toBeLessThanOrEqual(1);
  });

  it('fits a self-exciting rise where incidents repeat, and ranks the wake of recent ones above quiet cells', () => {
    const data = contagious(3, 2_000, 0.4);
    const result = forecastCells({ ...data, at: END, hours: 24, resolution: 8 });
    expect(result.fit.theta).toBeGreaterThan(0.1);
    expect(result.cells[0]?.triggered ?? 0).toBeGreaterThan(0);
    const quiet = forecastCells({ ...contagious(3, 2_000, 0), at: END, hours: 24, resolution: 8 });
    expect(quiet.fit.theta).toBeLessThan(result.fit.theta);
  });
});

describe('the forecast on a year of known structure', () => {
  it('recovers the generator’s near repeats (share, delay, distance) and forgets nothing of a steady background', () => {
    // 35 % of incidents followed by one within a 200 m disc (σ of 100 m) after a mean 3 days.
    const year = generateHistory({
      seed: 90,
      end: END,
      count: 6_000,
      categories: ['burglary'],
      contagion: { share: 0.35, meanDays: 3, radiusM: 200 },
    });
    const points = pointsOf(year.map((r, i) => ({ ...r, id: String(i) })));
    const { fit } = forecastCells({ ...points, at: END, hours: 24, resolution: 8 });
    expect(fit.theta).toBeGreaterThan(0.28);
    expect(fit.theta).toBeLessThan(0.46);
    expect(1 / fit.omegaPerDay).toBeGreaterThan(2.3);
    expect(1 / fit.omegaPerDay).toBeLessThan(4.2);
    expect(fit.sigmaM).toBeGreaterThan(80);
    expect(fit.sigmaM).toBeLessThan(140);
    // A background that never moves is remembered long (a half-life of months, or the whole year).
    expect(fit.backgroundHalfLifeDays).toBeGreaterThanOrEqual(120);
  });
});

describe('explanations', () => {
  it('say a cluster as an analyst would, with grammatical counts in both languages', async () => {
    const { explainCluster } = await import('../explain.js');
    const say = (observed: number, days: number, recurrenceDays: number) =>
      explainCluster({
        group: 'burglary',
        observed,
        center: [48.075, 29.31],
        radiusM: 395,
        days,
        expected: 0.44,
        pValue: 1 / recurrenceDays,
        recurrenceDays,
      });
    expect(say(10, 5, 1000).en).toBe(
      '10 burglaries within 400 m of Rumaithiya in 5 days; 0.4 expected from the past year; p = 0.001; by chance once in 2.7 years.',
    );
    expect(say(10, 5, 1000).ar).toContain('10 حالات سطو ضمن 400 م من الرميثية خلال 5 أيام');
    expect(say(1, 1, 120).ar).toContain('حالة سطو واحدة');
    expect(say(1, 1, 120).ar).toContain('يوم واحد');
    expect(say(2, 2, 40).ar).toContain('حالتا سطو');
    expect(say(2, 2, 40).ar).toContain('خلال يومين');
    expect(say(11, 7, 730).ar).toContain('11 حالة سطو');
    expect(say(11, 7, 730).ar).toContain('مرة كل سنتين');
    expect(say(3, 3, 365).en).toContain('by chance once in a year');
  });

  it('isolates the p-value left to right inside the Arabic, so the bidi algorithm cannot reorder it', async () => {
    const { explainCluster, explainNearRepeat } = await import('../explain.js');
    const cluster = explainCluster({
      group: 'burglary',
      observed: 10,
      center: [48.075, 29.31],
      radiusM: 395,
      days: 5,
      expected: 0.44,
      pValue: 0.001,
      recurrenceDays: 1000,
    });
    // LRI … PDI (U+2066 … U+2069) around the whole formula; the English needs none.
    expect(cluster.ar).toContain('؛ \u2066p = 0.001\u2069؛ ');
    expect(cluster.en).not.toMatch(/[\u2066-\u2069]/);
    const near = explainNearRepeat({
      group: 'burglary',
      band: { distanceM: [0, 200], days: [0, 14], ratio: 1.8, pValue: 0.001 },
    });
    expect(near.ar).toContain('(\u2066p = 0.001\u2069)');
  });
});
