import { isInPolygon, type MultiPolygon, type Polygon, type Position } from '@mirsad/shared';

function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (a && b) sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

function ringCentroid(ring: readonly Position[]): Position | null {
  const area = ringArea(ring);
  if (area === 0) return null;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j];
    const b = ring[i];
    if (!a || !b) continue;
    const cross = a[0] * b[1] - b[0] * a[1];
    x += (a[0] + b[0]) * cross;
    y += (a[1] + b[1]) * cross;
  }
  return [x / (6 * area), y / (6 * area)];
}

/**
 * Where to put an area's name: the centroid of its largest part when that falls inside it,
 * else the vertex of that part nearest the centroid of its bounding box (a crescent-shaped
 * governorate has its centroid outside).
 */
export function labelPosition(area: Polygon | MultiPolygon): Position | null {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let largest: Position[][] | undefined;
  let largestArea = 0;
  for (const polygon of polygons) {
    const size = Math.abs(ringArea(polygon[0] ?? []));
    if (size > largestArea) {
      largest = polygon;
      largestArea = size;
    }
  }
  const outer = largest?.[0];
  if (!largest || !outer) return null;
  const centroid = ringCentroid(outer);
  if (centroid && isInPolygon(centroid, largest)) return centroid;
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const middle: Position = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  let nearest = outer[0] ?? middle;
  for (const p of outer) {
    if (
      Math.hypot(p[0] - middle[0], p[1] - middle[1]) <
      Math.hypot(nearest[0] - middle[0], nearest[1] - middle[1])
    ) {
      nearest = p;
    }
  }
  return nearest;
}
