import { representativePosition, sectorById, type Incident } from '@mirsad/shared';
import { Supercluster } from '@maplibre/geojson-vt';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import { responseStage, type IncidentFeatureProperties, type ResponseStage } from './incidentFeatures.js';

/** Distance in pixels within which points merge into a cluster (MapLibre's `clusterRadius` was the same). */
export const CLUSTER_RADIUS_PX = 48;
/** Zoom above which points are never clustered (street level: every incident on its own). */
export const CLUSTER_MAX_ZOOM = 13;
/**
 * Size of a tile of the incident sources in pixels: MapLibre cuts a GeoJSON source into tiles of
 * 512 px, one zoom level of clusters per whole zoom of the map, and the clusters here follow it.
 */
const TILE_SIZE_PX = 512;
/**
 * Width or height an incident's area must have on screen, in pixels, to be drawn: a smaller one is
 * a speck under its own point or cluster (in the opening view of Kuwait the areas, 300–900 m
 * across, are 1.5–4 px), and at 50,000 incidents there are 15,000–20,000 of them, each a feature
 * MapLibre's worker would tile and the page would pay for twice.
 */
export const MIN_AREA_PX = 6;

const STAGES: readonly ResponseStage[] = ['waiting', 'acknowledged', 'dispatched', 'on-scene', 'contained'];

/** What the page draws of an incident, as the clustering worker takes it. */
export interface DrawnPoint {
  incident: Incident;
  isOverdue: boolean;
}

/**
 * Incidents packed for the clustering worker: a few typed arrays and one array of strings, not
 * 50,000 objects for the structured clone to walk on the page's thread.
 */
export interface PackedIncidents {
  ids: string[];
  /** Each incident's representative position, lng and lat in turn. */
  positions: Float64Array;
  /** Each incident's severity, overdue mark (0/1), stage (index into STAGES) and colour (index into `colors`), in turn. */
  codes: Uint8Array;
  /** The sector colours `codes` point into. */
  colors: string[];
  /** How many rings each incident's area has (0: it is a point). */
  ringCounts: Uint16Array;
  /** How many positions each ring has, the rings of all areas in turn. */
  ringLengths: Uint32Array;
  /** The rings' positions, lng and lat in turn. */
  ringPositions: Float64Array;
}

const CODES_PER_INCIDENT = 4;

/** Packs incidents as they are to be drawn for the clustering worker. */
export function packIncidents(drawn: Iterable<DrawnPoint>): PackedIncidents {
  const ids: string[] = [];
  const positions: number[] = [];
  const codes: number[] = [];
  const colors: string[] = [];
  const colorIndex = new Map<string, number>();
  const ringCounts: number[] = [];
  const ringLengths: number[] = [];
  const ringPositions: number[] = [];
  for (const { incident, isOverdue } of drawn) {
    ids.push(incident.id);
    const [lng, lat] = representativePosition(incident.location);
    positions.push(lng, lat);
    const { color } = sectorById(incident.sector);
    let colorAt = colorIndex.get(color);
    if (colorAt === undefined) {
      colorAt = colors.push(color) - 1;
      colorIndex.set(color, colorAt);
    }
    codes.push(incident.severity, isOverdue ? 1 : 0, STAGES.indexOf(responseStage(incident.status)), colorAt);
    const rings = incident.location.type === 'Polygon' ? incident.location.coordinates : [];
    ringCounts.push(rings.length);
    for (const ring of rings) {
      ringLengths.push(ring.length);
      for (const [ringLng, ringLat] of ring) ringPositions.push(ringLng, ringLat);
    }
  }
  return {
    ids,
    positions: Float64Array.from(positions),
    codes: Uint8Array.from(codes),
    colors,
    ringCounts: Uint16Array.from(ringCounts),
    ringLengths: Uint32Array.from(ringLengths),
    ringPositions: Float64Array.from(ringPositions),
  };
}

/** The typed arrays of a pack, to hand to `postMessage` as transferables. */
export function transferablesOf(packed: PackedIncidents): ArrayBuffer[] {
  const { positions, codes, ringCounts, ringLengths, ringPositions } = packed;
  return [positions, codes, ringCounts, ringLengths, ringPositions].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** A cluster's own properties, besides MapLibre's `cluster`, `cluster_id` and `point_count`. */
interface ClusterSums extends Record<string, unknown> {
  /** The highest severity among the cluster's incidents: 5 rings it red. */
  maxSeverity: number;
  /** How many of its incidents are overdue. */
  overdue: number;
}

/** An incident's area as held by the index, with its extent in the unit square of Web Mercator. */
interface HeldArea {
  feature: Feature<Polygon, IncidentFeatureProperties>;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface HeldIncident {
  point: Feature<Point, IncidentFeatureProperties>;
  area: HeldArea | null;
}

/** A view of the map: `[west, south, east, north]` in degrees, and the map's zoom. */
export interface ClusterView {
  bbox: [number, number, number, number];
  zoom: number;
  /** An incident whose area is drawn at any size (the selected one: its ring must show). */
  keepAreaOf: string | null;
}

/** What the map's incident sources are to hold for a view. */
export interface ViewFeatures {
  /** Clusters (with `cluster_id`, `point_count`, `maxSeverity`, `overdue`) and single incidents. */
  points: FeatureCollection<Point>;
  areas: FeatureCollection<Polygon, IncidentFeatureProperties>;
}

const mercatorX = (lng: number): number => lng / 360 + 0.5;
function mercatorY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return Math.min(1, Math.max(0, y));
}

function heldArea(rings: Position[][], properties: IncidentFeatureProperties): HeldArea {
  let minX = 1;
  let minY = 1;
  let maxX = 0;
  let maxY = 0;
  for (const [lng = 0, lat = 0] of rings[0] ?? []) {
    const x = mercatorX(lng);
    const y = mercatorY(lat);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return {
    feature: { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: rings } },
    minX,
    minY,
    maxX,
    maxY,
  };
}

/** Unpacks a pack into what the index holds, by id. */
function* unpack(packed: PackedIncidents): Generator<[string, HeldIncident]> {
  const { ids, positions, codes, colors, ringCounts, ringLengths, ringPositions } = packed;
  let ringAt = 0;
  let positionAt = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? '';
    const code = i * CODES_PER_INCIDENT;
    const properties: IncidentFeatureProperties = {
      id,
      color: colors[codes[code + 3] ?? 0] ?? '',
      severity: codes[code] ?? 1,
      stage: STAGES[codes[code + 2] ?? 0] ?? 'waiting',
      overdue: codes[code + 1] === 1 ? 1 : 0,
    };
    const point: Feature<Point, IncidentFeatureProperties> = {
      type: 'Feature',
      properties,
      geometry: { type: 'Point', coordinates: [positions[i * 2] ?? 0, positions[i * 2 + 1] ?? 0] },
    };
    const rings: Position[][] = [];
    for (let r = 0; r < (ringCounts[i] ?? 0); r++) {
      const ring: Position[] = [];
      const length = ringLengths[ringAt++] ?? 0;
      for (let p = 0; p < length; p++, positionAt += 2)
        ring.push([ringPositions[positionAt] ?? 0, ringPositions[positionAt + 1] ?? 0]);
      rings.push(ring);
    }
    yield [id, { point, area: rings.length > 0 ? heldArea(rings, properties) : null }];
  }
}

/** Draws the most severe last, on top, where the layers' sort key does not reach (between clusters). */
const drawOrder = (feature: Feature<Point>): number => {
  const properties = feature.properties ?? {};
  const severity: unknown = properties['severity'] ?? properties['maxSeverity'];
  return typeof severity === 'number' ? severity : 0;
};

/**
 * The incidents to be drawn, clustered as MapLibre's own clustered source did (the same
 * supercluster, radius and zoom levels), held where it runs (the clustering worker): the map's
 * sources are given only what a view shows, hundreds of features, not the 50,000 incidents that
 * MapLibre's worker indexed, tiled and copied back to the page's thread.
 */
export class IncidentClusterIndex {
  private readonly held = new Map<string, HeldIncident>();
  /** The clusters of `held`, or null until a view asks for them after a change. */
  private clusters: Supercluster | null = null;

  /** Holds these incidents instead of any before. */
  reset(packed: PackedIncidents): void {
    this.held.clear();
    for (const [id, incident] of unpack(packed)) this.held.set(id, incident);
    this.clusters = null;
  }

  /** Adds or replaces these incidents and takes these ids away. */
  update(upsert: PackedIncidents, remove: readonly string[]): void {
    for (const id of remove) this.held.delete(id);
    for (const [id, incident] of unpack(upsert)) this.held.set(id, incident);
    this.clusters = null;
  }

  /** Whether an incident is held (drawn alone or inside a cluster). */
  has(id: string): boolean {
    return this.held.has(id);
  }

  get size(): number {
    return this.held.size;
  }

  /** The clusters and single incidents in a view, and the areas large enough there to be seen. */
  view({ bbox, zoom, keepAreaOf }: ClusterView): ViewFeatures {
    const tileZoom = Math.max(0, Math.floor(zoom));
    // A single incident is given as held: the index's copy went through its integer grid.
    const points = this.clusterIndex()
      .getClusters(bbox, tileZoom)
      .map((feature) => {
        const id: unknown = feature.properties?.['cluster'] === true ? null : feature.properties?.['id'];
        return (typeof id === 'string' ? this.held.get(id)?.point : undefined) ?? feature;
      });
    points.sort((a, b) => drawOrder(a) - drawOrder(b));
    const [west, south, east, north] = bbox;
    const minX = mercatorX(west);
    const maxX = mercatorX(east);
    const minY = mercatorY(north);
    const maxY = mercatorY(south);
    // Unit square to pixels at this zoom (MapLibre's tiles are 512 px across).
    const scale = TILE_SIZE_PX * 2 ** zoom;
    const areas: Feature<Polygon, IncidentFeatureProperties>[] = [];
    for (const [id, { area }] of this.held) {
      if (!area || area.maxX < minX || area.minX > maxX || area.maxY < minY || area.minY > maxY) continue;
      const sizePx = Math.max(area.maxX - area.minX, area.maxY - area.minY) * scale;
      if (sizePx >= MIN_AREA_PX || id === keepAreaOf) areas.push(area.feature);
    }
    return {
      points: { type: 'FeatureCollection', features: points },
      areas: { type: 'FeatureCollection', features: areas },
    };
  }

  /** The zoom at which a cluster falls apart, or null for an id this index does not know (it was rebuilt since). */
  expansionZoom(clusterId: number): number | null {
    try {
      return this.clusterIndex().getClusterExpansionZoom(clusterId);
    } catch {
      return null;
    }
  }

  private clusterIndex(): Supercluster {
    if (this.clusters) return this.clusters;
    const clusters = new Supercluster({
      radius: CLUSTER_RADIUS_PX,
      extent: TILE_SIZE_PX,
      maxZoom: CLUSTER_MAX_ZOOM,
      // A cluster hiding a critical incident must say so before anyone zooms in.
      map: (properties) => {
        const { severity, overdue } = (properties ?? {}) as Partial<IncidentFeatureProperties>;
        return { maxSeverity: severity ?? 0, overdue: overdue ?? 0 } satisfies ClusterSums;
      },
      reduce: (accumulated, properties) => {
        const sums = accumulated as ClusterSums;
        const more = properties as ClusterSums;
        sums.maxSeverity = Math.max(sums.maxSeverity, more.maxSeverity);
        sums.overdue += more.overdue;
      },
    });
    clusters.load([...this.held.values()].map(({ point }) => point));
    this.clusters = clusters;
    return clusters;
  }
}
