import type { Polygon } from 'geojson';

/** The Earth's mean radius, m (the sphere MapLibre and H3 both draw on). */
const EARTH_RADIUS_M = 6_371_008.8;

/** Vertices of a drawn circle: smooth at street zoom, cheap for a few dozen clusters. */
const CIRCLE_STEPS = 64;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * The point `distanceM` from `[lon, lat]` along the bearing `bearingRad` (from north,
 * clockwise), on the sphere: a great-circle destination, so a circle keeps its true size at
 * any latitude rather than being a screen-pixel disc.
 */
export function destination(
  [lon, lat]: readonly [number, number],
  distanceM: number,
  bearingRad: number,
): [number, number] {
  const angular = distanceM / EARTH_RADIUS_M;
  const phi = toRadians(lat);
  const lambda = toRadians(lon);
  const sinPhi2 =
    Math.sin(phi) * Math.cos(angular) + Math.cos(phi) * Math.sin(angular) * Math.cos(bearingRad);
  const phi2 = Math.asin(sinPhi2);
  const lambda2 =
    lambda +
    Math.atan2(
      Math.sin(bearingRad) * Math.sin(angular) * Math.cos(phi),
      Math.cos(angular) - Math.sin(phi) * sinPhi2,
    );
  return [toDegrees(lambda2), toDegrees(phi2)];
}

/**
 * A circle of `radiusM` metres around `center` as a GeoJSON polygon, drawn true to scale: a
 * cluster of 400 m covers the streets it covers at every zoom.
 */
export function circlePolygon(
  center: readonly [number, number],
  radiusM: number,
  steps = CIRCLE_STEPS,
): Polygon {
  const ring: [number, number][] = [];
  for (let step = 0; step < steps; step += 1) {
    ring.push(destination(center, radiusM, (2 * Math.PI * step) / steps));
  }
  const first = ring[0];
  if (first) ring.push([first[0], first[1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The great-circle distance between two `[lon, lat]` points, m. */
export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const dPhi = toRadians(b[1] - a[1]);
  const dLambda = toRadians(b[0] - a[0]);
  const h =
    Math.sin(dPhi / 2) ** 2 +
    Math.cos(toRadians(a[1])) * Math.cos(toRadians(b[1])) * Math.sin(dLambda / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
