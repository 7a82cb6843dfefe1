import { cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell } from 'h3-js';
import { createRandom } from '@mirsad/mock-data';
import { distanceMetres, type Position } from '@mirsad/shared';

// Kulldorff's space-time permutation scan statistic (Kulldorff, Heffernan, Hartman, Assunção &
// Mostashari, "A space-time permutation scan statistic for disease outbreak detection", PLoS
// Medicine 2005), prospective, as SaTScan runs it for daily surveillance: cylinders (a circle of
// locations, a run of days) that end on the last day; the expected count of a cylinder comes from
// the data's own space and time margins (cases of its places over the year × cases of its days
// over every place / all cases), so a busy district or a busy Ramadan evening is no cluster by
// itself: only space-time interaction is. Significance by Monte Carlo: the days are permuted
// among the cases (margins kept), the largest likelihood ratio of each replication ranks the
// real ones.

const DAY_MS = 86_400_000;

/** Locations of the scan: H3 resolution 9 cells (0.1 km², 200 m edge), a city block or two. */
export const SCAN_H3_RESOLUTION = 9;

/** The widest cylinder, metres, from its centre cell to the farthest cell's centre. */
export const SCAN_MAX_RADIUS_M = 1_500;

/** A cylinder holds at most this share of all cases (SaTScan's default upper limit). */
const SCAN_MAX_SHARE = 0.5;

/** What a scan is given: one group's cases (position, time) and its settings. */
export interface ScanInput {
  lon: Float64Array;
  lat: Float64Array;
  /** Times, ms since the epoch. */
  t: Float64Array;
  /** The end of the study period (the scan's moment), ms. */
  at: number;
  /** The recent window: clusters start at most this many days before `at`. */
  days: number;
  /** The whole study period, days (the past year, the recent window included). */
  periodDays: number;
  replications: number;
  seed: number;
  maxRadiusM?: number;
}

/** One cluster: its cases (indices into the input), where and when, and its significance. */
export interface ScanCluster {
  members: number[];
  center: Position;
  radiusM: number;
  /** Start of the cluster's first day, ms. */
  from: number;
  observed: number;
  expected: number;
  llr: number;
  pValue: number;
}

/** The scan's answer: its clusters most likely first, non-overlapping, with the largest likelihood ratio of each replication. */
export interface ScanResult {
  clusters: ScanCluster[];
  cases: number;
  replicationMaxima: Float64Array;
}

/** The log likelihood ratio of a cylinder with `c` observed and `mu` expected out of `total`; 0 unless c > mu. */
export function logLikelihoodRatio(c: number, mu: number, total: number): number {
  if (c <= mu) return 0;
  const rest = total - c;
  const restMu = total - mu;
  return c * Math.log(c / mu) + (rest > 0 ? rest * Math.log(rest / restMu) : 0);
}

interface Geometry {
  /** Location index of each case, and its day (0 the most recent). */
  loc: Int32Array;
  day: Int32Array;
  cells: string[];
  /** Cases at each location over the period. */
  locCount: Float64Array;
  /** For each centre, its locations by distance and the cumulative case count. */
  neighbours: Int32Array[];
  neighbourCum: Float64Array[];
  neighbourDistance: Float64Array[];
  /** For each location, the (centre, rank) pairs whose cylinders include it, flat. */
  reverseCentre: Int32Array[];
  reverseRank: Int32Array[];
}

function geometryOf(input: ScanInput, inPeriod: number[]): Geometry {
  const maxRadius = input.maxRadiusM ?? SCAN_MAX_RADIUS_M;
  const cellIndex = new Map<string, number>();
  const cells: string[] = [];
  const loc = new Int32Array(inPeriod.length);
  const day = new Int32Array(inPeriod.length);
  inPeriod.forEach((i, n) => {
    const cell = latLngToCell(input.lat[i] ?? 0, input.lon[i] ?? 0, SCAN_H3_RESOLUTION);
    let index = cellIndex.get(cell);
    if (index === undefined) {
      index = cells.length;
      cells.push(cell);
      cellIndex.set(cell, index);
    }
    loc[n] = index;
    day[n] = Math.floor((input.at - (input.t[i] ?? 0)) / DAY_MS);
  });
  const locCount = new Float64Array(cells.length);
  for (const l of loc) locCount[l] = (locCount[l] ?? 0) + 1;
  const centres = cells.map((cell) => {
    const [lat, lon] = cellToLatLng(cell);
    return [lon, lat] as Position;
  });
  const ringK = Math.ceil(maxRadius / (getHexagonEdgeLengthAvg(SCAN_H3_RESOLUTION, 'm') * 1.5)) + 1;
  const maxCases = inPeriod.length * SCAN_MAX_SHARE;
  const neighbours: Int32Array[] = [];
  const neighbourCum: Float64Array[] = [];
  const neighbourDistance: Float64Array[] = [];
  const reverse: { centre: number; rank: number }[][] = cells.map(() => []);
  cells.forEach((cell, centre) => {
    const near = gridDisk(cell, ringK)
      .map((other) => cellIndex.get(other))
      .filter((other): other is number => other !== undefined)
      .map((other) => ({
        other,
        distance: distanceMetres(centres[centre] ?? [0, 0], centres[other] ?? [0, 0]),
      }))
      .filter((n) => n.distance <= maxRadius)
      .sort((a, b) => a.distance - b.distance);
    const list: number[] = [];
    const cum: number[] = [];
    const dist: number[] = [];
    let total = 0;
    for (const { other, distance } of near) {
      total += locCount[other] ?? 0;
      if (total > maxCases && list.length > 0) break;
      reverse[other]?.push({ centre, rank: list.length });
      list.push(other);
      cum.push(total);
      dist.push(distance);
    }
    neighbours.push(Int32Array.from(list));
    neighbourCum.push(Float64Array.from(cum));
    neighbourDistance.push(Float64Array.from(dist));
  });
  return {
    loc,
    day,
    cells,
    locCount,
    neighbours,
    neighbourCum,
    neighbourDistance,
    reverseCentre: reverse.map((r) => Int32Array.from(r.map((x) => x.centre))),
    reverseRank: reverse.map((r) => Int32Array.from(r.map((x) => x.rank))),
  };
}

/** The best cylinder of one centre: how many neighbours, how many days, and its ratio. */
interface Best {
  centre: number;
  rank: number;
  days: number;
  llr: number;
  observed: number;
  expected: number;
}

/**
 * Scans one assignment of recent days to cases: `slotLoc[s]` and `slotDay[s]` for each recent
 * case. Only cylinders holding a recent case can beat their expectation, and for a centre the
 * ratio can only peak where a neighbour with a recent case joins (more places add expectation,
 * not cases), so the work is that of the recent cases' neighbourhoods, not of every cylinder.
 */
function scanAssignment(
  g: Geometry,
  slotLoc: Int32Array,
  slotDay: Int32Array,
  recentByDay: Float64Array,
  total: number,
  work: { stamp: Int32Array; entries: number[][]; round: number },
  onBest: ((best: Best) => void) | null,
): number {
  const days = recentByDay.length;
  work.round += 1;
  const touched: number[] = [];
  for (let s = 0; s < slotLoc.length; s++) {
    const l = slotLoc[s] ?? 0;
    const d = slotDay[s] ?? 0;
    const centres = g.reverseCentre[l];
    const ranks = g.reverseRank[l];
    if (!centres || !ranks) continue;
    for (let r = 0; r < centres.length; r++) {
      const c = centres[r] ?? 0;
      if (work.stamp[c] !== work.round) {
        work.stamp[c] = work.round;
        const list = work.entries[c];
        if (list) list.length = 0;
        else work.entries[c] = [];
        touched.push(c);
      }
      // rank * days + day packs both in one number for the sort below.
      work.entries[c]?.push((ranks[r] ?? 0) * days + d);
    }
  }
  let max = 0;
  const counts = new Float64Array(days);
  // The recent window's expected share at each length: cases of the last t+1 days / all cases.
  const recentCum = new Float64Array(days);
  let acc = 0;
  for (let t = 0; t < days; t++) {
    acc += recentByDay[t] ?? 0;
    recentCum[t] = acc / total;
  }
  for (const c of touched) {
    const list = (work.entries[c] ?? []).sort((a, b) => a - b);
    counts.fill(0);
    const cum = g.neighbourCum[c];
    if (!cum) continue;
    let best: Best | null = null;
    let i = 0;
    while (i < list.length) {
      const rank = Math.floor((list[i] ?? 0) / days);
      while (i < list.length && Math.floor((list[i] ?? 0) / days) === rank) {
        const day = (list[i] ?? 0) % days;
        counts[day] = (counts[day] ?? 0) + 1;
        i++;
      }
      const placeCases = cum[rank] ?? 0;
      let observed = 0;
      for (let t = 0; t < days; t++) {
        observed += counts[t] ?? 0;
        const expected = placeCases * (recentCum[t] ?? 0);
        const llr = logLikelihoodRatio(observed, expected, total);
        if (llr > max) max = llr;
        if (onBest && llr > (best?.llr ?? 0))
          best = { centre: c, rank, days: t + 1, llr, observed, expected };
      }
    }
    if (onBest && best) onBest(best);
  }
  return max;
}

/** Runs the prospective space-time permutation scan on one group's cases. */
export function spaceTimePermutationScan(input: ScanInput): ScanResult {
  const start = input.at - input.periodDays * DAY_MS;
  const inPeriod: number[] = [];
  for (let i = 0; i < input.t.length; i++) {
    const t = input.t[i] ?? 0;
    if (t > start && t <= input.at) inPeriod.push(i);
  }
  const total = inPeriod.length;
  const empty: ScanResult = { clusters: [], cases: total, replicationMaxima: new Float64Array(0) };
  if (total < 2) return empty;
  const g = geometryOf(input, inPeriod);
  const recentByDay = new Float64Array(input.days);
  const recentCases: number[] = [];
  for (let n = 0; n < total; n++) {
    const d = g.day[n] ?? 0;
    if (d < input.days) {
      recentByDay[d] = (recentByDay[d] ?? 0) + 1;
      recentCases.push(n);
    }
  }
  if (recentCases.length === 0) return empty;
  const work = { stamp: new Int32Array(g.cells.length), entries: [] as number[][], round: 0 };
  const slotLoc = Int32Array.from(recentCases.map((n) => g.loc[n] ?? 0));
  const slotDay = Int32Array.from(recentCases.map((n) => g.day[n] ?? 0));
  const bests: Best[] = [];
  scanAssignment(g, slotLoc, slotDay, recentByDay, total, work, (best) => bests.push(best));

  // Monte Carlo: the recent days go to a random set of cases (a partial Fisher-Yates shuffle of
  // the case order), which is the permutation of all days among all cases seen from the window.
  const random = createRandom(input.seed);
  const order = new Int32Array(total);
  for (let n = 0; n < total; n++) order[n] = n;
  const maxima = new Float64Array(input.replications);
  const repLoc = new Int32Array(slotLoc.length);
  for (let r = 0; r < input.replications; r++) {
    for (let s = 0; s < slotLoc.length; s++) {
      const j = s + Math.floor(random.next() * (total - s));
      const swap = order[s] ?? 0;
      order[s] = order[j] ?? 0;
      order[j] = swap;
      repLoc[s] = g.loc[order[s] ?? 0] ?? 0;
    }
    maxima[r] = scanAssignment(g, repLoc, slotDay, recentByDay, total, work, null);
  }
  const sortedMaxima = Float64Array.from(maxima).sort();
  const pValueOf = (llr: number): number => {
    // Replications at or above llr: binary search over the sorted maxima.
    let lo = 0;
    let hi = sortedMaxima.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedMaxima[mid] ?? 0) < llr - 1e-9) lo = mid + 1;
      else hi = mid;
    }
    return (1 + sortedMaxima.length - lo) / (input.replications + 1);
  };

  // The most likely cluster, then secondary ones that share no location with those before
  // (SaTScan's "no geographical overlap"), each ranked against the largest ratios of chance.
  bests.sort((a, b) => b.llr - a.llr);
  const used = new Set<number>();
  const clusters: ScanCluster[] = [];
  for (const best of bests) {
    const places = Array.from(g.neighbours[best.centre]?.subarray(0, best.rank + 1) ?? []);
    if (places.some((p) => used.has(p))) continue;
    const pValue = pValueOf(best.llr);
    if (pValue > 0.5) break;
    for (const p of places) used.add(p);
    const placeSet = new Set(places);
    const members = recentCases.filter((n) => placeSet.has(g.loc[n] ?? -1) && (g.day[n] ?? 0) < best.days);
    const centre = cellToLatLng(g.cells[best.centre] ?? '');
    const center: Position = [centre[1], centre[0]];
    const radiusM = Math.max(
      100,
      ...members.map((n) => {
        const i = inPeriod[n] ?? 0;
        return distanceMetres(center, [input.lon[i] ?? 0, input.lat[i] ?? 0]);
      }),
    );
    clusters.push({
      members: members.map((n) => inPeriod[n] ?? 0),
      center,
      radiusM,
      from: input.at - best.days * DAY_MS,
      observed: best.observed,
      expected: best.expected,
      llr: best.llr,
      pValue,
    });
    if (clusters.length >= 20) break;
  }
  return { clusters, cases: total, replicationMaxima: maxima };
}
