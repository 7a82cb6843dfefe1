import type { ForecastCell, HotspotCell, Pattern } from '@mirsad/shared';
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
