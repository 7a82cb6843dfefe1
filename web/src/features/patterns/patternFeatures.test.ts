import type { NearRepeatList, NearRepeatZone } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { distanceM } from './geometry.js';
import { nearRepeatKeyOf, toNearRepeatFeatures } from './patternFeatures.js';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-11-30T18:00:00Z');

/** A zone raised `daysAgo` days before NOW, lasting 14 days within 200 m. */
function zone(id: string, daysAgo: number, radiusM = 200): NearRepeatZone {
  const from = NOW - daysAgo * DAY_MS;
  return {
    id: `burglary:${id}`,
    group: 'burglary',
    sectors: ['criminal-security'],
    incidentId: id,
    center: [48.075, 29.312],
    radiusM,
    from: new Date(from).toISOString(),
    until: new Date(from + 14 * DAY_MS).toISOString(),
    ratio: 1.8,
    pValue: 0.001,
    explanation: { en: 'Raised risk', ar: 'خطر مرتفع' },
  };
}

describe('near-repeat zones on the map', () => {
  it('draws each running zone as a circle of its true radius, fresher ones stronger, and none that has ended', () => {
    const { circles, centres } = toNearRepeatFeatures([zone('a', 0), zone('b', 7), zone('c', 15)], NOW);
    const { features } = circles;
    expect(centres.features.map((f) => f.geometry.coordinates)).toEqual([
      [48.075, 29.312],
      [48.075, 29.312],
    ]);
    expect(features.map((f) => f.properties.id)).toEqual(['burglary:a', 'burglary:b']);
    expect(features.map((f) => f.properties.freshness)).toEqual([1, 0.5]);
    const ring = features[0]?.geometry.coordinates[0] ?? [];
    for (const vertex of ring)
      expect(distanceM([48.075, 29.312], [vertex[0] ?? 0, vertex[1] ?? 0])).toBeCloseTo(200, 3);
  });

  it('keys each group that has zones with the distance and days its Knox test found', () => {
    const list: NearRepeatList = {
      at: new Date(NOW).toISOString(),
      groups: [
        {
          group: 'burglary',
          incidents: 900,
          bands: [],
          zones: [zone('a', 1), zone('b', 2)],
          explanation: { en: '', ar: '' },
        },
        { group: 'theft', incidents: 50, bands: [], zones: [], explanation: { en: '', ar: '' } },
      ],
    };
    expect(nearRepeatKeyOf(list)).toEqual([{ group: 'burglary', radiusM: 200, days: 14, zones: 2 }]);
    expect(nearRepeatKeyOf(undefined)).toEqual([]);
  });
});
