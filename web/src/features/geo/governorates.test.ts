import { describe, expect, it } from 'vitest';
import { boundsOfGovernorates, governoratesOf } from './governorates.js';
import type { GovernorateCollection } from './queries.js';

const square = (west: number, south: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ] as [number, number][],
  ],
});

const collection: GovernorateCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: square(47.9, 29.3, 0.1),
      properties: { id: 'capital', name_en: 'Capital', name_ar: 'العاصمة' },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [square(48, 29.2, 0.1).coordinates, square(48.3, 29.4, 0.05).coordinates],
      },
      properties: { id: 'hawalli', name_en: 'Hawalli', name_ar: 'حولي' },
    },
    {
      type: 'Feature',
      geometry: square(47, 29, 0.5),
      properties: { id: 'jahra', name_en: 'Jahra', name_ar: 'الجهراء' },
    },
  ],
};

describe('the box around governorates', () => {
  it('covers every polygon of the governorates asked for and no other', () => {
    // Rounded: 48.3 + 0.05 is not exactly 48.35 in floating point.
    const rounded = (bounds: readonly number[] | null) => bounds?.map((v) => Math.round(v * 1000) / 1000);
    expect(rounded(boundsOfGovernorates(collection, new Set(['capital', 'hawalli'])))).toEqual([
      47.9, 29.2, 48.35, 29.45,
    ]);
    expect(boundsOfGovernorates(collection, new Set(['jahra']))).toEqual([47, 29, 47.5, 29.5]);
  });

  it('is null when none of them is known', () => {
    expect(boundsOfGovernorates(collection, new Set(['ahmadi']))).toBeNull();
  });
});

describe('governoratesOf', () => {
  it('gives each governorate its id, names in both languages and boundary', () => {
    const [capital] = governoratesOf(collection);
    expect(capital).toEqual({
      id: 'capital',
      name: { en: 'Capital', ar: 'العاصمة' },
      boundary: square(47.9, 29.3, 0.1),
    });
  });
});
