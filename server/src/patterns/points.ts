import {
  PATTERN_GROUP_IDS,
  patternGroupOf,
  representativePosition,
  type IncidentLocation,
  type PatternGroupId,
  type SectorId,
} from '@mirsad/shared';

/**
 * The cases the analysis reads, column by column (typed arrays travel to a worker thread
 * without a copy): live incidents and past records of the scanned groups, each with its group,
 * position and time.
 */
export interface PatternPoints {
  ids: string[];
  categories: string[];
  /** Index into PATTERN_GROUP_IDS. */
  group: Uint8Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Reported at, ms since the epoch. */
  t: Float64Array;
}

/** One case as its source gives it. */
export interface PatternCase {
  id: string;
  sector: SectorId;
  category: string;
  location: IncidentLocation;
  reportedAt: string;
}

/** The index of a group in PATTERN_GROUP_IDS. */
export const groupIndex = (group: PatternGroupId): number => PATTERN_GROUP_IDS.indexOf(group);

/** The columns of the cases that belong to a scanned group (the others are left out). */
export function pointsOf(cases: Iterable<PatternCase>): PatternPoints {
  const ids: string[] = [];
  const categories: string[] = [];
  const group: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const t: number[] = [];
  for (const c of cases) {
    const g = patternGroupOf(c.sector, c.category);
    if (g === null) continue;
    const [x, y] = representativePosition(c.location);
    ids.push(c.id);
    categories.push(c.category);
    group.push(groupIndex(g));
    lon.push(x);
    lat.push(y);
    t.push(Date.parse(c.reportedAt));
  }
  return {
    ids,
    categories,
    group: Uint8Array.from(group),
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    t: Float64Array.from(t),
  };
}

/** The indices of one group's cases. */
export function indicesOfGroup(points: PatternPoints, group: PatternGroupId): number[] {
  const g = groupIndex(group);
  const out: number[] = [];
  for (let i = 0; i < points.group.length; i++) if (points.group[i] === g) out.push(i);
  return out;
}

/** The columns of some cases, by index. */
export function subsetOf(points: PatternPoints, indices: readonly number[]): PatternPoints {
  return {
    ids: indices.map((i) => points.ids[i] ?? ''),
    categories: indices.map((i) => points.categories[i] ?? ''),
    group: Uint8Array.from(indices.map((i) => points.group[i] ?? 0)),
    lon: Float64Array.from(indices.map((i) => points.lon[i] ?? 0)),
    lat: Float64Array.from(indices.map((i) => points.lat[i] ?? 0)),
    t: Float64Array.from(indices.map((i) => points.t[i] ?? 0)),
  };
}
