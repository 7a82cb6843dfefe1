import type {
  ForecastCell,
  HotspotCell,
  NearRepeatList,
  NearRepeatZone,
  Pattern,
  PatternGroupId,
} from '@mirsad/shared';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { circlePolygon } from './geometry.js';
import { isAwaitingAcknowledgement } from './patternState.js';

/** What each series circle carries for the layers' expressions. */
export interface SeriesProperties {
  id: string;
  /** Not yet acknowledged: drawn solid and brighter until someone has. */
  isNew: boolean;
  observed: number;
}

/** The series as circles of their true radius, and their centres (for the count drawn there). */
export function toSeriesFeatures(patterns: readonly Pattern[]): {
  circles: FeatureCollection<Polygon, SeriesProperties>;
  centres: FeatureCollection<Point, SeriesProperties>;
} {
  const circles: Feature<Polygon, SeriesProperties>[] = [];
  const centres: Feature<Point, SeriesProperties>[] = [];
  for (const pattern of patterns) {
    const { center, radiusM, observed } = pattern.cluster;
    const properties: SeriesProperties = {
      id: pattern.id,
      isNew: isAwaitingAcknowledgement(pattern),
      observed,
    };
    const lonLat: [number, number] = [center[0], center[1]];
    circles.push({ type: 'Feature', id: pattern.id, geometry: circlePolygon(lonLat, radiusM), properties });
    centres.push({
      type: 'Feature',
      id: pattern.id,
      geometry: { type: 'Point', coordinates: lonLat },
      properties,
    });
  }
  return {
    circles: { type: 'FeatureCollection', features: circles },
    centres: { type: 'FeatureCollection', features: centres },
  };
}

/** What each hot spot cell carries: its class, for its colour. */
export interface HotspotProperties {
  h3: string;
  class: HotspotCell['class'];
}

/** A cell as a hexagon feature, and as a point at its centre for a zoomed-out map (a wall's whole country). */
function cellFeatures<P>(
  cell: { boundary: Polygon; center: readonly [number, number] },
  properties: P,
): { cell: Feature<Polygon, P>; centre: Feature<Point, P> } {
  return {
    cell: { type: 'Feature', geometry: cell.boundary, properties },
    centre: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [cell.center[0], cell.center[1]] },
      properties,
    },
  };
}

/** Cells as two collections: their hexagons, and their centres. */
function collections<P>(features: readonly { cell: Feature<Polygon, P>; centre: Feature<Point, P> }[]): {
  cells: FeatureCollection<Polygon, P>;
  centres: FeatureCollection<Point, P>;
} {
  return {
    cells: { type: 'FeatureCollection', features: features.map((f) => f.cell) },
    centres: { type: 'FeatureCollection', features: features.map((f) => f.centre) },
  };
}

/** The emerging hot spot cells as hexagons coloured by class, and their centres. */
export function toHotspotFeatures(cells: readonly HotspotCell[]) {
  return collections(
    cells.map((cell) => cellFeatures<HotspotProperties>(cell, { h3: cell.h3, class: cell.class })),
  );
}

/** What each forecast cell carries: its rank and how much of the day's risk it holds against the riskiest. */
export interface ForecastProperties {
  h3: string;
  rank: number;
  /** The cell's expected incidents over the riskiest cell's, 0–1: the fill's strength. */
  strength: number;
}

/** The riskiest cells of the forecast as hexagons (the riskiest drawn strongest), and their centres. */
export function toForecastFeatures(cells: readonly ForecastCell[]) {
  const top = cells.reduce((highest, cell) => Math.max(highest, cell.expected), 0);
  return collections(
    cells.map((cell) =>
      cellFeatures<ForecastProperties>(cell, {
        h3: cell.h3,
        rank: cell.rank,
        strength: top > 0 ? cell.expected / top : 0,
      }),
    ),
  );
}

/** What each near-repeat zone carries: its group, for the key, and how much of its time is left (0–1), for its fill. */
export interface NearRepeatProperties {
  id: string;
  group: PatternGroupId;
  /** 1 just after the incident, 0 when the raised risk ends: a fresher zone is drawn stronger. */
  freshness: number;
}

/**
 * The near-repeat zones still running at `now` (ms) as circles of their true radius around the
 * incident that raised them. Zones of one incident in two groups cannot happen (a category is in
 * one group), so each id is one circle.
 */
export function toNearRepeatFeatures(
  zones: readonly NearRepeatZone[],
  now: number,
): {
  circles: FeatureCollection<Polygon, NearRepeatProperties>;
  centres: FeatureCollection<Point, NearRepeatProperties>;
} {
  const features: Feature<Polygon, NearRepeatProperties>[] = [];
  const centres: Feature<Point, NearRepeatProperties>[] = [];
  for (const zone of zones) {
    const from = Date.parse(zone.from);
    const until = Date.parse(zone.until);
    if (until <= now || zone.radiusM <= 0) continue;
    const lonLat: [number, number] = [zone.center[0], zone.center[1]];
    const properties: NearRepeatProperties = {
      id: zone.id,
      group: zone.group,
      freshness: until > from ? Math.min(1, Math.max(0, (until - now) / (until - from))) : 0,
    };
    features.push({
      type: 'Feature',
      id: zone.id,
      geometry: circlePolygon(lonLat, zone.radiusM, 32),
      properties,
    });
    centres.push({
      type: 'Feature',
      id: zone.id,
      geometry: { type: 'Point', coordinates: lonLat },
      properties,
    });
  }
  return {
    circles: { type: 'FeatureCollection', features },
    centres: { type: 'FeatureCollection', features: centres },
  };
}

/** One line of the key's near repeats: a group whose Knox test raised zones, how far and how long. */
export interface NearRepeatKeyEntry {
  group: PatternGroupId;
  radiusM: number;
  days: number;
  /** Zones of this group on the map now. */
  zones: number;
}

/** The key's near-repeat lines: each group that has zones now, with the distance and days its Knox test found. */
export function nearRepeatKeyOf(list: NearRepeatList | undefined): NearRepeatKeyEntry[] {
  if (!list) return [];
  return list.groups.flatMap(({ group, zones }) => {
    const first = zones[0];
    if (!first) return [];
    return [
      {
        group,
        radiusM: first.radiusM,
        days: Math.round((Date.parse(first.until) - Date.parse(first.from)) / 86_400_000),
        zones: zones.length,
      },
    ];
  });
}
