import { z } from 'zod';
import { LocalizedTextSchema } from './i18n.js';

/** A GeoJSON position `[longitude, latitude]` in WGS 84 degrees. */
export const PositionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A GeoJSON position `[longitude, latitude]` in WGS 84 degrees. */
export type Position = z.infer<typeof PositionSchema>;

/** A GeoJSON Point: one place. */
export const PointSchema = z.object({
  type: z.literal('Point'),
  coordinates: PositionSchema,
});

/** A GeoJSON Point: one place. */
export type Point = z.infer<typeof PointSchema>;

/** A closed linear ring: at least four positions, the last equal to the first. */
export const LinearRingSchema = z
  .array(PositionSchema)
  .min(4)
  .refine(
    (ring) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
    },
    { error: 'a ring must end where it starts' },
  );

/** A GeoJSON Polygon: an area, its outer ring first and any holes after. */
export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(LinearRingSchema).min(1).max(64),
});

/** A GeoJSON Polygon: an area, its outer ring first and any holes after. */
export type Polygon = z.infer<typeof PolygonSchema>;

/** A GeoJSON MultiPolygon, used for boundaries with islands. */
export const MultiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(LinearRingSchema).min(1)).min(1),
});

/** A GeoJSON MultiPolygon, used for boundaries with islands. */
export type MultiPolygon = z.infer<typeof MultiPolygonSchema>;

/** Where an incident is: a point, or an area such as a flooded zone. */
export const IncidentLocationSchema = z.discriminatedUnion('type', [PointSchema, PolygonSchema]);

/** Where an incident is: a point, or an area such as a flooded zone. */
export type IncidentLocation = z.infer<typeof IncidentLocationSchema>;

/** Kuwait's six governorates, by stable id. */
export const GOVERNORATE_IDS = [
  'capital',
  'hawalli',
  'farwaniya',
  'mubarak-al-kabeer',
  'ahmadi',
  'jahra',
] as const;

/** A governorate id. */
export const GovernorateIdSchema = z.enum(GOVERNORATE_IDS);

/** A governorate id. */
export type GovernorateId = z.infer<typeof GovernorateIdSchema>;

/** A governorate with its boundary (approximate in the shipped gazetteer). */
export const GovernorateSchema = z.object({
  id: GovernorateIdSchema,
  name: LocalizedTextSchema,
  boundary: z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema]),
});

/** A governorate with its boundary. */
export type Governorate = z.infer<typeof GovernorateSchema>;

/**
 * One governorate as a GeoJSON Feature: the gazetteer file's shape and `GET
 * /api/geo/governorates`'s, checked with this one schema by mock-data, the server and the web.
 */
export const GovernorateFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    id: GovernorateIdSchema,
    name_en: z.string().min(1),
    name_ar: z.string().min(1),
  }),
  geometry: z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema]),
});

/** One governorate as a GeoJSON Feature. */
export type GovernorateFeature = z.infer<typeof GovernorateFeatureSchema>;

/** The governorates as a GeoJSON FeatureCollection, as the map draws them. */
export const GovernorateFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GovernorateFeatureSchema),
});

/** The governorates as a GeoJSON FeatureCollection. */
export type GovernorateFeatureCollection = z.infer<typeof GovernorateFeatureCollectionSchema>;

/** Kuwait's bounding box `[west, south, east, north]`, degrees; the map opens on it. */
export const KUWAIT_BOUNDS = [46.55, 28.52, 48.45, 30.11] as const;

function isInRing(point: Position, ring: readonly Position[]): boolean {
  // Ray casting: count the edges a ray to the east crosses.
  const [x, y] = point;
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) {
      isInside = !isInside;
    }
  }
  return isInside;
}

/** Whether a position lies inside a polygon's outer ring and outside its holes. */
export function isInPolygon(point: Position, rings: readonly (readonly Position[])[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !isInRing(point, outer)) return false;
  return !holes.some((hole) => isInRing(point, hole));
}

/** Whether a position lies inside a Polygon or MultiPolygon. */
export function isInArea(point: Position, area: Polygon | MultiPolygon): boolean {
  return area.type === 'Polygon'
    ? isInPolygon(point, area.coordinates)
    : area.coordinates.some((polygon) => isInPolygon(point, polygon));
}

/** A representative position of a location: the point itself, or the mean of an area's outer ring. */
export function representativePosition(location: IncidentLocation): Position {
  if (location.type === 'Point') return location.coordinates;
  const ring = location.coordinates[0] ?? [];
  // The ring is closed, so its last position repeats the first and is left out of the mean.
  const vertices = ring.slice(0, -1);
  const lon = vertices.reduce((sum, p) => sum + p[0], 0) / vertices.length;
  const lat = vertices.reduce((sum, p) => sum + p[1], 0) / vertices.length;
  return [lon, lat];
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two positions. */
export function distanceMetres(a: Position, b: Position): number {
  const toRad = (deg: number): number => (deg * Math.PI) / 180;
  const dLat = toRad(b[1] - a[1]);
  const dLon = toRad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * The governorate a location falls in, or, for a place just outside every boundary (the
 * shipped boundaries are approximate, and the sea is nobody's), the one whose boundary has
 * the nearest vertex. Null only when no governorate is within `maxDistanceM`.
 */
export function governorateOf(
  location: IncidentLocation,
  governorates: readonly Governorate[],
  maxDistanceM = 30_000,
): GovernorateId | null {
  const position = representativePosition(location);
  const containing = governorates.find((g) => isInArea(position, g.boundary));
  if (containing) return containing.id;
  let best: { id: GovernorateId; distance: number } | null = null;
  for (const g of governorates) {
    const polygons = g.boundary.type === 'Polygon' ? [g.boundary.coordinates] : g.boundary.coordinates;
    for (const polygon of polygons) {
      for (const vertex of polygon[0] ?? []) {
        const distance = distanceMetres(position, vertex);
        if (!best || distance < best.distance) best = { id: g.id, distance };
      }
    }
  }
  return best && best.distance <= maxDistanceM ? best.id : null;
}
