import { describe, expect, it } from 'vitest';
import { circlePolygon, distanceM } from './geometry.js';

const RUMAITHIYA: [number, number] = [48.075, 29.312];

describe('a cluster circle', () => {
  it('keeps every vertex at its radius in metres from the centre', () => {
    const ring = circlePolygon(RUMAITHIYA, 400).coordinates[0] ?? [];
    expect(ring.length).toBe(65);
    for (const vertex of ring)
      expect(distanceM(RUMAITHIYA, [vertex[0] ?? 0, vertex[1] ?? 0])).toBeCloseTo(400, 3);
  });

  it('is closed and wider in degrees of longitude than of latitude at Kuwait’s latitude', () => {
    const ring = circlePolygon(RUMAITHIYA, 1_000).coordinates[0] ?? [];
    expect(ring.at(0)).toEqual(ring.at(-1));
    const lons = ring.map((p) => p[0] ?? 0);
    const lats = ring.map((p) => p[1] ?? 0);
    const lonSpan = Math.max(...lons) - Math.min(...lons);
    const latSpan = Math.max(...lats) - Math.min(...lats);
    // One degree of longitude is cos(29.3°) ≈ 0.87 of a degree of latitude there.
    expect(latSpan / lonSpan).toBeCloseTo(Math.cos((29.312 * Math.PI) / 180), 2);
    expect(latSpan).toBeCloseTo(2_000 / 111_195, 4);
  });
});
