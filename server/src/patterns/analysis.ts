import {
  CLUSTER_ALPHA,
  HOTSPOT_BIN_DAYS,
  HOTSPOT_BINS,
  PATTERN_H3_RESOLUTION,
  patternGroupById,
  SCAN_HISTORY_DAYS,
  type Cluster,
  type ForecastList,
  type HotspotList,
  type NearRepeatGroup,
  type PatternGroupId,
  type SectorId,
} from '@mirsad/shared';
import { explainCluster, explainNearRepeat, explainZone } from './explain.js';
import { indicesOfGroup, subsetOf, type PatternPoints } from './points.js';
import { boundaryOf, forecastCells } from './stats/forecast.js';
import { emergingHotspots } from './stats/hotspots.js';
import { KNOX_DAY_BANDS, KNOX_DISTANCE_BANDS_M, knoxTest } from './stats/knox.js';
import { spaceTimePermutationScan } from './stats/scan.js';

// The analyses on one log's cases, pure: the worker thread loads the cases and calls these.

const DAY_MS = 86_400_000;

/** A cluster as the scan finds it, before the service gives it the id of its series. */
export type FoundCluster = Omit<Cluster, 'id'>;

/** The sectors that own a group's categories: the rooms its patterns go to. */
export function sectorsOfGroup(group: PatternGroupId): SectorId[] {
  return [...new Set(patternGroupById(group).categories.map((c) => c.sector))];
}

/** Runs the prospective scan of each group and keeps clusters with p ≤ CLUSTER_ALPHA. */
export function scanGroups(
  points: PatternPoints,
  job: { at: number; days: number; groups: readonly PatternGroupId[]; replications: number; seed: number },
): FoundCluster[] {
  const out: FoundCluster[] = [];
  for (const group of job.groups) {
    const mine = subsetOf(points, indicesOfGroup(points, group));
    const result = spaceTimePermutationScan({
      lon: mine.lon,
      lat: mine.lat,
      t: mine.t,
      at: job.at,
      days: job.days,
      periodDays: SCAN_HISTORY_DAYS,
      replications: job.replications,
      seed: job.seed,
    });
    for (const found of result.clusters) {
      if (found.pValue > CLUSTER_ALPHA) continue;
      const days = Math.round((job.at - found.from) / DAY_MS);
      // For daily prospective surveillance SaTScan's recurrence interval is 1/p days.
      const recurrenceDays = 1 / found.pValue;
      const cluster: FoundCluster = {
        categories: [...new Set(found.members.map((i) => mine.categories[i] ?? ''))].sort(),
        group,
        sectors: sectorsOfGroup(group),
        center: [Number(found.center[0].toFixed(6)), Number(found.center[1].toFixed(6))],
        radiusM: Math.round(found.radiusM),
        from: new Date(found.from).toISOString(),
        to: new Date(job.at).toISOString(),
        observed: found.observed,
        expected: found.expected,
        relativeRisk: found.expected > 0 ? found.observed / found.expected : 0,
        pValue: found.pValue,
        recurrenceDays,
        incidentIds: found.members.map((i) => mine.ids[i] ?? ''),
        explanation: explainCluster({ ...found, group, days, recurrenceDays }),
      };
      out.push(cluster);
    }
  }
  return out;
}

/** A Knox band is a near repeat when its ratio is at least this and its p at most CLUSTER_ALPHA. */
const NEAR_REPEAT_MIN_RATIO = 1.2;

/** Pairs of incidents a Knox test may tabulate per replication before its replications are cut (keeps a big year within seconds). */
const KNOX_PAIR_BUDGET = 60_000_000;

/** The Knox table of one group's cases, with as many replications as the pair budget allows. */
function knoxBands(
  points: PatternPoints,
  indices: readonly number[],
  job: { replications: number; seed: number },
): NearRepeatGroup['bands'] {
  const mine = subsetOf(points, indices);
  const probe = knoxTest({ lon: mine.lon, lat: mine.lat, t: mine.t, replications: 0, seed: job.seed });
  const replications = Math.max(
    99,
    Math.min(job.replications, Math.floor(KNOX_PAIR_BUDGET / Math.max(1, probe.pairs))),
  );
  const result = knoxTest({ lon: mine.lon, lat: mine.lat, t: mine.t, replications, seed: job.seed });
  return result.cells.map((cell) => ({
    distanceM: [...(KNOX_DISTANCE_BANDS_M[cell.distanceBand] ?? [0, 0])] as [number, number],
    days: [...(KNOX_DAY_BANDS[cell.dayBand] ?? [0, 0])] as [number, number],
    observed: cell.observed,
    expected: cell.expected,
    ratio: cell.ratio,
    pValue: cell.pValue,
  }));
}

/**
 * How long a group's Knox table is reused, ms. It is a statistic of the past year and barely
 * moves in an hour, but its Monte Carlo replications cost seconds of the worker per run, and
 * every room and wall asks for the zones every few minutes; the zones it raises are drawn fresh
 * from the cases of each job, so a new burglary gets its zone at once.
 */
export const KNOX_TABLE_REUSE_MS = 60 * 60_000;

/**
 * How far a group's count of cases may move, as a share of the count its Knox table was run on,
 * before the table is run again within the hour: the reports of an hour barely move a year's
 * statistic, but a history load (a year of the archive arriving in a running room) changes it
 * altogether, and a table of the year before the load would show no zones for an hour.
 */
export const KNOX_TABLE_REUSE_CASES_SHARE = 0.05;

/** Knox tables kept per worker, oldest dropped first: a few groups for the live log and its exercises. */
const KNOX_TABLES_KEPT = 32;

/** The Knox tables of recent jobs, by log, group, replications and seed: when each was run, on how many cases, and its bands. */
const knoxTables = new Map<string, { at: number; cases: number; bands: NearRepeatGroup['bands'] }>();

/** Runs the Knox test of each group with near repeats (or reuses its table) and raises zones around its recent incidents. */
export function nearRepeatGroups(
  points: PatternPoints,
  job: {
    at: number;
    groups: readonly PatternGroupId[];
    replications: number;
    seed: number;
    exerciseId?: string | null;
  },
): NearRepeatGroup[] {
  const out: NearRepeatGroup[] = [];
  const from = job.at - SCAN_HISTORY_DAYS * DAY_MS;
  for (const group of job.groups) {
    if (!patternGroupById(group).hasNearRepeats) continue;
    const indices = indicesOfGroup(points, group).filter(
      (i) => (points.t[i] ?? 0) > from && (points.t[i] ?? 0) <= job.at,
    );
    const key = `${job.exerciseId ?? 'live'}|${group}|${job.replications}|${job.seed}`;
    const kept = knoxTables.get(key);
    // Only a table of the last hour before `at`, of about as many cases: a question about the
    // past (a replay) is run afresh, and so is one after a history load.
    const bands =
      kept &&
      kept.at <= job.at &&
      job.at - kept.at < KNOX_TABLE_REUSE_MS &&
      Math.abs(indices.length - kept.cases) <= kept.cases * KNOX_TABLE_REUSE_CASES_SHARE
        ? kept.bands
        : knoxBands(points, indices, job);
    if (bands !== kept?.bands) {
      knoxTables.delete(key);
      knoxTables.set(key, { at: job.at, cases: indices.length, bands });
      const oldest = knoxTables.keys().next().value;
      if (knoxTables.size > KNOX_TABLES_KEPT && oldest !== undefined) knoxTables.delete(oldest);
    }
    const raised = bands.filter((b) => b.ratio >= NEAR_REPEAT_MIN_RATIO && b.pValue <= CLUSTER_ALPHA);
    // The zone reaches as far and lasts as long as the farthest and longest raised band that
    // starts where the nearer ones end (the usual "within 200 m and 14 days" reading).
    const radiusM = Math.max(0, ...raised.map((b) => b.distanceM[1]));
    const days = Math.max(0, ...raised.map((b) => b.days[1]));
    const strongest = raised.sort((a, b) => b.ratio - a.ratio)[0] ?? null;
    const zones =
      strongest === null
        ? []
        : indices
            .filter((i) => (points.t[i] ?? 0) > job.at - days * DAY_MS)
            .map((i) => {
              const t = points.t[i] ?? 0;
              const until = t + days * DAY_MS;
              return {
                id: `${group}:${points.ids[i] ?? ''}`,
                group,
                sectors: sectorsOfGroup(group),
                incidentId: points.ids[i] ?? '',
                center: [points.lon[i] ?? 0, points.lat[i] ?? 0] as [number, number],
                radiusM,
                from: new Date(t).toISOString(),
                until: new Date(until).toISOString(),
                ratio: strongest.ratio,
                pValue: strongest.pValue,
                explanation: explainZone({ group, radiusM, until, ratio: strongest.ratio, from: t }),
              };
            });
    out.push({
      group,
      incidents: indices.length,
      bands,
      zones,
      explanation: explainNearRepeat({
        group,
        band: strongest === null ? null : { ...strongest, distanceM: [0, radiusM], days: [0, days] },
      }),
    });
  }
  return out;
}

/** Runs the emerging hot spot analysis of one group. */
export function hotspotsOf(points: PatternPoints, job: { at: number; group: PatternGroupId }): HotspotList {
  const mine = subsetOf(points, indicesOfGroup(points, job.group));
  const cells = emergingHotspots({
    lon: mine.lon,
    lat: mine.lat,
    t: mine.t,
    at: job.at,
    resolution: PATTERN_H3_RESOLUTION,
    binDays: HOTSPOT_BIN_DAYS,
    bins: HOTSPOT_BINS,
  });
  return {
    at: new Date(job.at).toISOString(),
    group: job.group,
    resolution: PATTERN_H3_RESOLUTION,
    binDays: HOTSPOT_BIN_DAYS,
    bins: HOTSPOT_BINS,
    cells: cells.map((cell) => ({ ...cell, boundary: { type: 'Polygon', coordinates: [cell.boundary] } })),
  };
}

/** Forecasts the next hours for the given groups together. */
export function forecastOf(
  points: PatternPoints,
  job: { at: number; hours: number; top: number; groups: readonly PatternGroupId[] },
): ForecastList {
  const indices = job.groups.flatMap((group) => indicesOfGroup(points, group));
  const mine = subsetOf(points, indices);
  const { cells, total } = forecastCells({
    lon: mine.lon,
    lat: mine.lat,
    t: mine.t,
    at: job.at,
    hours: job.hours,
    resolution: PATTERN_H3_RESOLUTION,
  });
  return {
    at: new Date(job.at).toISOString(),
    hours: job.hours,
    method: 'hawkes',
    total,
    cells: cells.slice(0, job.top).map((cell, k) => ({
      h3: cell.h3,
      boundary: { type: 'Polygon', coordinates: [boundaryOf(cell.h3)] },
      center: cell.center,
      rank: k + 1,
      expected: cell.expected,
      share: total > 0 ? Math.min(1, cell.expected / total) : 0,
      triggered: cell.triggered,
    })),
  };
}
