import { cellToBoundary, cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { type HotspotClass, type Position } from '@mirsad/shared';

// Emerging hot spot analysis as ArcGIS Pro runs it (Esri, "How Emerging Hot Spot Analysis
// works"): the counts of a space-time cube (H3 cells × weekly bins) get a Getis-Ord Gi* z-score
// per cell and bin (Getis & Ord 1992; Ord & Getis 1995), the cell's neighbours being its own
// ring of H3 cells in the same bin; the Mann-Kendall test says whether a cell's z-scores rise or
// fall over the bins; and the pattern of significant bins names the class.

const DAY_MS = 86_400_000;

/** z for a two-sided p of 0.05. */
const Z_95 = 1.959964;

/** A location is "mostly" hot when at least this share of its bins are significant hot spots (ArcGIS: 90 %). */
const MOSTLY = 0.9;

/** What the analysis is given: one group's incidents, the cube's resolution and bins. */
export interface HotspotInput {
  lon: Float64Array;
  lat: Float64Array;
  t: Float64Array;
  at: number;
  resolution: number;
  binDays: number;
  bins: number;
}

/** One classified cell. */
export interface HotspotCellResult {
  h3: string;
  class: HotspotClass;
  boundary: Position[];
  center: Position;
  zScore: number;
  hotBins: number;
  trend: { tau: number; pValue: number };
  count: number;
}

/** The standard normal cumulative distribution (Abramowitz & Stegun 7.1.26 through erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The Mann-Kendall trend test of a series: Kendall's tau, the normal score and its two-sided p (ties corrected). */
export function mannKendall(series: readonly number[]): { tau: number; z: number; pValue: number } {
  const n = series.length;
  if (n < 3) return { tau: 0, z: 0, pValue: 1 };
  let s = 0;
  for (let i = 0; i < n - 1; i++)
    for (let j = i + 1; j < n; j++) s += Math.sign((series[j] ?? 0) - (series[i] ?? 0));
  const ties = new Map<number, number>();
  for (const v of series) ties.set(v, (ties.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const count of ties.values()) tieTerm += count * (count - 1) * (2 * count + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z =
    variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { tau: s / ((n * (n - 1)) / 2), z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

/**
 * Names a cell's class from its bins (oldest first), ArcGIS's definitions: `hot[b]` and
 * `cold[b]` are significant hot and cold spots; `trend` the Mann-Kendall result of its z-scores.
 */
export function classify(
  hot: readonly boolean[],
  cold: readonly boolean[],
  trend: { z: number; pValue: number },
): HotspotClass | null {
  const n = hot.length;
  const hotCount = hot.filter(Boolean).length;
  const isMostlyHot = hotCount >= MOSTLY * n;
  const isLastHot = hot[n - 1] === true;
  if (!isLastHot) return isMostlyHot ? 'historical' : null;
  if (isMostlyHot) {
    if (trend.pValue <= 0.05) return trend.z > 0 ? 'intensifying' : 'diminishing';
    return 'persistent';
  }
  if (hotCount === 1) return 'new';
  // The uninterrupted run of hot bins that ends with the last one.
  let run = 0;
  while (run < n && hot[n - 1 - run]) run++;
  if (run >= 2 && run === hotCount) return 'consecutive';
  return cold.some(Boolean) ? 'oscillating' : 'sporadic';
}

/** Runs the emerging hot spot analysis on one group's incidents; cells with no pattern are left out. */
export function emergingHotspots(input: HotspotInput): HotspotCellResult[] {
  const start = input.at - input.bins * input.binDays * DAY_MS;
  const counts = new Map<string, Float64Array>();
  const totals = new Map<string, number>();
  for (let i = 0; i < input.t.length; i++) {
    const t = input.t[i] ?? 0;
    if (t <= start || t > input.at) continue;
    const bin = input.bins - 1 - Math.floor((input.at - t) / (input.binDays * DAY_MS));
    if (bin < 0) continue;
    const cell = latLngToCell(input.lat[i] ?? 0, input.lon[i] ?? 0, input.resolution);
    let row = counts.get(cell);
    if (!row) {
      row = new Float64Array(input.bins);
      counts.set(cell, row);
    }
    row[bin] = (row[bin] ?? 0) + 1;
    totals.set(cell, (totals.get(cell) ?? 0) + 1);
  }
  // The study area: every cell with an incident and its ring, so that quiet neighbours count as zeros.
  const area = new Set<string>();
  for (const cell of counts.keys()) for (const near of gridDisk(cell, 1)) area.add(near);
  const cells = [...area];
  const n = cells.length;
  if (n < 3) return [];
  const valueOf = (cell: string, bin: number): number => counts.get(cell)?.[bin] ?? 0;
  // Per bin: the mean and standard deviation over the whole area.
  const mean = new Float64Array(input.bins);
  const sd = new Float64Array(input.bins);
  for (let b = 0; b < input.bins; b++) {
    let sum = 0;
    let sumSq = 0;
    for (const row of counts.values()) {
      const v = row[b] ?? 0;
      sum += v;
      sumSq += v * v;
    }
    const m = sum / n;
    mean[b] = m;
    sd[b] = Math.sqrt(Math.max(0, sumSq / n - m * m));
  }
  const out: HotspotCellResult[] = [];
  for (const cell of cells) {
    const neighbours = gridDisk(cell, 1).filter((c) => area.has(c));
    const w = neighbours.length;
    // Binary weights, the cell itself included (the star of Gi*).
    const denominatorShape = Math.sqrt((n * w - w * w) / (n - 1));
    const z: number[] = [];
    const hot: boolean[] = [];
    const cold: boolean[] = [];
    for (let b = 0; b < input.bins; b++) {
      let local = 0;
      for (const c of neighbours) local += valueOf(c, b);
      const s = sd[b] ?? 0;
      const score = s > 0 && denominatorShape > 0 ? (local - (mean[b] ?? 0) * w) / (s * denominatorShape) : 0;
      z.push(score);
      // A hot spot needs incidents in its neighbourhood: with sparse counts a lone zero is never hot.
      hot.push(score >= Z_95 && local > 0);
      cold.push(score <= -Z_95);
    }
    const trend = mannKendall(z);
    const kind = classify(hot, cold, trend);
    if (kind === null) continue;
    const [lat, lon] = cellToLatLng(cell);
    const ring = cellToBoundary(cell, true) as Position[];
    out.push({
      h3: cell,
      class: kind,
      boundary: ring,
      center: [lon, lat],
      zScore: z[z.length - 1] ?? 0,
      hotBins: hot.filter(Boolean).length,
      trend: { tau: trend.tau, pValue: trend.pValue },
      count: totals.get(cell) ?? 0,
    });
  }
  return out;
}
