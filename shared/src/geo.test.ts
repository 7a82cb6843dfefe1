import { describe, expect, it } from 'vitest';
import {
  distanceMetres,
  governorateOf,
  isInPolygon,
  representativePosition,
  type Governorate,
  type Position,
} from './geo.js';
import { isUnitInGovernorates } from './unit.js';

const square = (x: number, y: number, size: number): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

const governorates: Governorate[] = [
  {
    id: 'capital',
    name: { en: 'Capital', ar: 'العاصمة' },
    boundary: { type: 'Polygon', coordinates: [square(47.9, 29.3, 0.1)] },
  },
  {
    id: 'hawalli',
    name: { en: 'Hawalli', ar: 'حولي' },
    boundary: { type: 'MultiPolygon', coordinates: [[square(48.0, 29.3, 0.1)], [square(48.3, 29.4, 0.05)]] },
  },
];

describe('geo', () => {
  it('finds a point inside a polygon and outside its hole', () => {
    const rings = [square(0, 0, 10), square(4, 4, 2)];
    expect(isInPolygon([1, 1], rings)).toBe(true);
    expect(isInPolygon([5, 5], rings)).toBe(false);
    expect(isInPolygon([11, 5], rings)).toBe(false);
  });

  it('derives the governorate that contains a point, including a multipolygon’s island', () => {
    expect(governorateOf({ type: 'Point', coordinates: [47.95, 29.35] }, governorates)).toBe('capital');
    expect(governorateOf({ type: 'Point', coordinates: [48.32, 29.42] }, governorates)).toBe('hawalli');
  });

  it('places a unit in the governorate of its position, and one without a position in none', () => {
    const at = (coordinates: Position) => ({
      position: { coordinates, headingDeg: null, speedMps: null, at: '2026-11-29T08:00:00.000Z' },
    });
    expect(isUnitInGovernorates(at([48.05, 29.35]), new Set(['hawalli']), governorates)).toBe(true);
    expect(isUnitInGovernorates(at([47.95, 29.35]), new Set(['hawalli']), governorates)).toBe(false);
    expect(isUnitInGovernorates({ position: null }, new Set(['capital', 'hawalli']), governorates)).toBe(
      false,
    );
  });

  it('gives the nearest governorate just outside every boundary, and none far away', () => {
    expect(governorateOf({ type: 'Point', coordinates: [47.88, 29.35] }, governorates)).toBe('capital');
    expect(governorateOf({ type: 'Point', coordinates: [45.0, 25.0] }, governorates)).toBeNull();
  });

  it('places an area by the mean of its outer ring', () => {
    expect(representativePosition({ type: 'Polygon', coordinates: [square(48.0, 29.3, 0.1)] })).toEqual([
      expect.closeTo(48.05, 9),
      expect.closeTo(29.35, 9),
    ]);
  });

  it('measures great-circle distances in metres', () => {
    // One degree of latitude is about 111 km.
    expect(distanceMetres([48, 29], [48, 30])).toBeGreaterThan(110_000);
    expect(distanceMetres([48, 29], [48, 30])).toBeLessThan(112_000);
  });
});
