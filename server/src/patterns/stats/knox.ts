import { createRandom } from '@mirsad/mock-data';
import { distanceMetres } from '@mirsad/shared';

// The Knox test of near repeats (Knox 1964, "The detection of space-time interactions"; as
// Ratcliffe's Near Repeat Calculator runs it, after Johnson & Bowers): every pair of incidents is
// counted in a table of distance bands × day bands; the expected count of each cell comes from
// Monte Carlo replications that shuffle the dates among the places (so where and when crime
// happens stay as they are, only their link is broken). A cell well above its expectation
// (the Knox ratio) with a small p-value says: after an incident here, more follow within that
// distance and that many days.

const DAY_MS = 86_400_000;

/** Distance bands, metres: same place (under 100 m), then 100 m bands to 500 m. */
export const KNOX_DISTANCE_BANDS_M: readonly (readonly [number, number])[] = [
  [0, 100],
  [100, 200],
  [200, 300],
  [300, 400],
  [400, 500],
];

/** Day bands: each week of the first four. */
export const KNOX_DAY_BANDS: readonly (readonly [number, number])[] = [
  [0, 7],
  [7, 14],
  [14, 21],
  [21, 28],
];

/** What the Knox test is given: one group's incidents. */
export interface KnoxInput {
  lon: Float64Array;
  lat: Float64Array;
  t: Float64Array;
  replications: number;
  seed: number;
}

/** One cell of the table. */
export interface KnoxCell {
  distanceBand: number;
  dayBand: number;
  observed: number;
  expected: number;
  ratio: number;
  pValue: number;
}

/** The table, by distance band then day band. */
export interface KnoxResult {
  cells: KnoxCell[];
  pairs: number;
}

/** Pairs of incidents close enough in space to fall in a distance band (times do not matter yet). */
function closePairs(input: KnoxInput, maxM: number): { a: Int32Array; b: Int32Array; band: Uint8Array } {
  const cellDeg = maxM / 111_320;
  const grid = new Map<string, number[]>();
  const keyOf = (x: number, y: number): string => `${x},${y}`;
  const n = input.t.length;
  for (let i = 0; i < n; i++) {
    const key = keyOf(Math.floor((input.lon[i] ?? 0) / cellDeg), Math.floor((input.lat[i] ?? 0) / cellDeg));
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
  }
  const a: number[] = [];
  const b: number[] = [];
  const band: number[] = [];
  for (let i = 0; i < n; i++) {
    const gx = Math.floor((input.lon[i] ?? 0) / cellDeg);
    const gy = Math.floor((input.lat[i] ?? 0) / cellDeg);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of grid.get(keyOf(gx + dx, gy + dy)) ?? []) {
          if (j <= i) continue;
          const d = distanceMetres(
            [input.lon[i] ?? 0, input.lat[i] ?? 0],
            [input.lon[j] ?? 0, input.lat[j] ?? 0],
          );
          const k = KNOX_DISTANCE_BANDS_M.findIndex(([lo, hi]) => d >= lo && d < hi);
          if (k === -1) continue;
          a.push(i);
          b.push(j);
          band.push(k);
        }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), band: Uint8Array.from(band) };
}

function dayBandOf(dtMs: number): number {
  const days = Math.abs(dtMs) / DAY_MS;
  for (let k = 0; k < KNOX_DAY_BANDS.length; k++) {
    const band = KNOX_DAY_BANDS[k];
    if (band && days >= band[0] && days < band[1]) return k;
  }
  return -1;
}

function tabulate(
  pairs: { a: Int32Array; b: Int32Array; band: Uint8Array },
  t: Float64Array,
  table: Float64Array,
): void {
  table.fill(0);
  const dayBands = KNOX_DAY_BANDS.length;
  for (let p = 0; p < pairs.a.length; p++) {
    const k = dayBandOf((t[pairs.a[p] ?? 0] ?? 0) - (t[pairs.b[p] ?? 0] ?? 0));
    if (k === -1) continue;
    const cell = (pairs.band[p] ?? 0) * dayBands + k;
    table[cell] = (table[cell] ?? 0) + 1;
  }
}

/** Runs the Knox test with Monte Carlo significance on one group's incidents. */
export function knoxTest(input: KnoxInput): KnoxResult {
  const maxM = KNOX_DISTANCE_BANDS_M[KNOX_DISTANCE_BANDS_M.length - 1]?.[1] ?? 500;
  const pairs = closePairs(input, maxM);
  const size = KNOX_DISTANCE_BANDS_M.length * KNOX_DAY_BANDS.length;
  const observed = new Float64Array(size);
  tabulate(pairs, input.t, observed);
  const sum = new Float64Array(size);
  const atLeast = new Float64Array(size);
  const table = new Float64Array(size);
  const random = createRandom(input.seed);
  const shuffled = Float64Array.from(input.t);
  for (let r = 0; r < input.replications; r++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const swap = shuffled[i] ?? 0;
      shuffled[i] = shuffled[j] ?? 0;
      shuffled[j] = swap;
    }
    tabulate(pairs, shuffled, table);
    for (let c = 0; c < size; c++) {
      sum[c] = (sum[c] ?? 0) + (table[c] ?? 0);
      if ((table[c] ?? 0) >= (observed[c] ?? 0)) atLeast[c] = (atLeast[c] ?? 0) + 1;
    }
  }
  const cells: KnoxCell[] = [];
  for (let d = 0; d < KNOX_DISTANCE_BANDS_M.length; d++)
    for (let k = 0; k < KNOX_DAY_BANDS.length; k++) {
      const c = d * KNOX_DAY_BANDS.length + k;
      const expected = (sum[c] ?? 0) / Math.max(1, input.replications);
      const o = observed[c] ?? 0;
      cells.push({
        distanceBand: d,
        dayBand: k,
        observed: o,
        expected,
        ratio: expected > 0 ? o / expected : 0,
        pValue: (1 + (atLeast[c] ?? 0)) / (input.replications + 1),
      });
    }
  return { cells, pairs: pairs.a.length };
}
