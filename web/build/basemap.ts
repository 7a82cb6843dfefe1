import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { Plugin } from 'vite';
import { BASEMAP_FILES, BASEMAP_REGION, BASEMAP_URL_PATH } from '../src/features/map/basemapFiles.js';

/**
 * The offline basemap: land and country borders of the region around Kuwait, cut from Natural
 * Earth's 1:10m TopoJSON (world-atlas) when Vite starts or builds. Nothing is fetched from the
 * internet; the browser loads these files from the same origin as the app.
 */

/** Decimal places kept in coordinates; Natural Earth 10m is quantized to about 0.002°. */
const COORDINATE_DECIMALS = 4;

type Bounds = readonly [west: number, south: number, east: number, north: number];
type Topology = Parameters<typeof feature>[0];
type TopologyObject = Topology['objects'][string];
/** The object type `mesh` is declared with: the same objects, typed without null properties. */
type MeshObject = Parameters<typeof mesh>[1];

const round = (value: number): number => {
  const factor = 10 ** COORDINATE_DECIMALS;
  return Math.round(value * factor) / factor;
};

type Edge = {
  isInside: (p: Position) => boolean;
  cross: (a: Position, b: Position) => Position;
};

function lerp(a: Position, b: Position, t: number): Position {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  return [ax + (bx - ax) * t, ay + (by - ay) * t];
}

function edgesOf([west, south, east, north]: Bounds): Edge[] {
  const x = (p: Position): number => p[0] ?? 0;
  const y = (p: Position): number => p[1] ?? 0;
  return [
    { isInside: (p) => x(p) >= west, cross: (a, b) => lerp(a, b, (west - x(a)) / (x(b) - x(a))) },
    { isInside: (p) => x(p) <= east, cross: (a, b) => lerp(a, b, (east - x(a)) / (x(b) - x(a))) },
    { isInside: (p) => y(p) >= south, cross: (a, b) => lerp(a, b, (south - y(a)) / (y(b) - y(a))) },
    { isInside: (p) => y(p) <= north, cross: (a, b) => lerp(a, b, (north - y(a)) / (y(b) - y(a))) },
  ];
}

/**
 * Clips a closed ring to a rectangle (Sutherland–Hodgman). A concave ring can come out with
 * zero-width slivers along the rectangle's sides; filled, they draw nothing, which is all a
 * basemap needs. Returns null when nothing is left.
 */
export function clipRing(ring: readonly Position[], bounds: Bounds): Position[] | null {
  let points = ring.slice(0, -1);
  for (const edge of edgesOf(bounds)) {
    if (points.length === 0) break;
    const input = points;
    points = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (!current || !previous) continue;
      if (edge.isInside(current)) {
        if (!edge.isInside(previous)) points.push(edge.cross(previous, current));
        points.push(current);
      } else if (edge.isInside(previous)) {
        points.push(edge.cross(previous, current));
      }
    }
  }
  if (points.length < 3) return null;
  const rounded = points.map((p) => [round(p[0] ?? 0), round(p[1] ?? 0)]);
  const first = rounded[0];
  return first ? [...rounded, first] : null;
}

/** Clips polygons to a rectangle, dropping those left empty. */
export function clipPolygons(polygons: readonly (readonly Position[][])[], bounds: Bounds): Position[][][] {
  const kept: Position[][][] = [];
  for (const [outer, ...holes] of polygons) {
    const clippedOuter = outer ? clipRing(outer, bounds) : null;
    if (!clippedOuter) continue;
    const clippedHoles = holes.map((hole) => clipRing(hole, bounds)).filter((hole) => hole !== null);
    kept.push([clippedOuter, ...clippedHoles]);
  }
  return kept;
}

type ClippedSegment = { start: Position; end: Position; isEndCut: boolean };

/** Clips a segment to a rectangle (Liang–Barsky); null when it lies outside. */
function clipSegment(a: Position, b: Position, [west, south, east, north]: Bounds): ClippedSegment | null {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  const checks: [number, number][] = [
    [-dx, ax - west],
    [dx, east - ax],
    [-dy, ay - south],
    [dy, north - ay],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return {
    start: t0 > 0 ? lerp(a, b, t0) : a,
    end: t1 < 1 ? lerp(a, b, t1) : b,
    isEndCut: t1 < 1,
  };
}

/** Clips lines to a rectangle; a line that leaves and re-enters becomes several lines. */
export function clipLines(lines: readonly (readonly Position[])[], bounds: Bounds): Position[][] {
  const kept: Position[][] = [];
  for (const line of lines) {
    let run: Position[] = [];
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      const segment = a && b ? clipSegment(a, b, bounds) : null;
      if (!segment) {
        if (run.length > 1) kept.push(run);
        run = [];
        continue;
      }
      if (run.length === 0) run.push(segment.start);
      run.push(segment.end);
      // The line leaves the rectangle here; if it comes back, that is a new line.
      if (segment.isEndCut) {
        kept.push(run);
        run = [];
      }
    }
    if (run.length > 1) kept.push(run);
  }
  return kept.map((line) => line.map((p) => [round(p[0] ?? 0), round(p[1] ?? 0)]));
}

function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function readTopology(file: string): Topology {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8')) as Topology;
}

function objectOf(topology: Topology, name: string): TopologyObject {
  const object = topology.objects[name];
  if (!object) throw new Error(`world-atlas topology has no object ${name}`);
  return object;
}

/** Builds the basemap files: file name → GeoJSON text. */
export function buildBasemapFiles(bounds: Bounds = BASEMAP_REGION): Map<string, string> {
  const landTopology = readTopology('land-10m.json');
  const land = feature(landTopology, objectOf(landTopology, 'land'));
  const landFeatures = 'features' in land ? land.features : [land];
  const landPolygons = landFeatures.flatMap((f) =>
    f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon' ? polygonsOf(f.geometry) : [],
  );
  const landOut: FeatureCollection<MultiPolygon> = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: { type: 'MultiPolygon', coordinates: clipPolygons(landPolygons, bounds) },
      },
    ],
  };

  const countriesTopology = readTopology('countries-10m.json');
  // Borders between two countries only: coastlines come from the land polygons' outline.
  const countries = objectOf(countriesTopology, 'countries') as MeshObject;
  const borders = mesh(countriesTopology, countries, (a, b) => a !== b);
  const borderFeature: Feature<MultiLineString> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiLineString', coordinates: clipLines(borders.coordinates, bounds) },
  };
  const bordersOut: FeatureCollection<MultiLineString> = {
    type: 'FeatureCollection',
    features: [borderFeature],
  };

  return new Map([
    [BASEMAP_FILES.land, JSON.stringify(landOut)],
    [BASEMAP_FILES.borders, JSON.stringify(bordersOut)],
  ]);
}

/**
 * Serves the basemap files in development and emits them as build assets, so `web/dist`
 * carries them and the server hands them out with the rest of the client.
 */
export function basemapPlugin(): Plugin {
  let files: Map<string, string> | undefined;
  const getFiles = (): Map<string, string> => (files ??= buildBasemapFiles());
  return {
    name: 'mirsad-basemap',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = request.url?.split('?')[0] ?? '';
        const body = path.startsWith(BASEMAP_URL_PATH)
          ? getFiles().get(path.slice(BASEMAP_URL_PATH.length))
          : undefined;
        if (body === undefined) {
          next();
          return;
        }
        response.setHeader('Content-Type', 'application/geo+json');
        response.end(body);
      });
    },
    generateBundle() {
      for (const [name, source] of getFiles()) {
        this.emitFile({ type: 'asset', fileName: `${BASEMAP_URL_PATH.slice(1)}${name}`, source });
      }
    },
  };
}
