import { describe, expect, it } from 'vitest';
import type { Overlay } from '@mirsad/shared';
import { overlayBounds, toOverlayFeatures } from './exerciseOverlays.js';

const square = (lon: number, lat: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon, lat],
      [lon + 0.01, lat],
      [lon + 0.01, lat + 0.01],
      [lon, lat + 0.01],
      [lon, lat],
    ] as [number, number][],
  ],
});

const overlay = (key: string, kind: Overlay['kind'], patch: Partial<Overlay> = {}): Overlay => ({
  key,
  exerciseId: 'ex-0000abcd',
  kind,
  name: { en: key, ar: key },
  geometry: square(47.9, 29.3),
  depthCm: null,
  rainMmPerHour: null,
  isActive: true,
  atMin: 0,
  ...patch,
});

describe('exercise overlays on the map', () => {
  it('draws active shapes with their kind, depth and rain rate', () => {
    const { features } = toOverlayFeatures([
      overlay('ring', 'flooded-zone', { depthCm: 60 }),
      overlay('rain', 'rain', { rainMmPerHour: 45 }),
    ]);
    expect(features.map((f) => f.properties)).toEqual([
      { key: 'ring', kind: 'flooded-zone', depthCm: 60, rainMmPerHour: 0 },
      { key: 'rain', kind: 'rain', depthCm: 0, rainMmPerHour: 45 },
    ]);
  });

  it('leaves out reopened roads and rain that falls everywhere (no shape)', () => {
    const reopened = overlay('road', 'road-closure', {
      isActive: false,
      geometry: {
        type: 'LineString',
        coordinates: [
          [47.9, 29.3],
          [47.95, 29.31],
        ],
      },
    });
    const everywhere = overlay('rain', 'rain', { geometry: null, rainMmPerHour: 30 });
    expect(toOverlayFeatures([reopened, everywhere]).features).toEqual([]);
  });

  it('bounds the drawn shapes, or gives nothing to fit when none is drawn', () => {
    const road = overlay('road', 'road-closure', {
      geometry: {
        type: 'LineString',
        coordinates: [
          [47.8, 29.2],
          [47.85, 29.25],
        ],
      },
    });
    const bounds = overlayBounds([overlay('a', 'fire-perimeter'), road]);
    expect(bounds?.flat().map((value) => Number(value.toFixed(6)))).toEqual([47.8, 29.2, 47.91, 29.31]);
    expect(overlayBounds([])).toBeNull();
  });
});
