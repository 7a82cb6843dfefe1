import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { toIncidentFeatures } from './incidentFeatures.js';

describe('incidents as map features', () => {
  it('become one point each, at the incident’s position, with its sector colour and severity', () => {
    const incident = makeIncident(1, {
      location: { type: 'Point', coordinates: [48.01, 29.33] },
      severity: 4,
    });
    const { points, areas } = toIncidentFeatures([incident]);

    expect(points.features).toEqual([
      {
        type: 'Feature',
        properties: {
          id: incident.id,
          color: '#ffb000',
          severity: 4,
          stage: 'waiting',
          overdue: 0,
        },
        geometry: { type: 'Point', coordinates: [48.01, 29.33] },
      },
    ]);
    expect(areas.features).toEqual([]);
  });

  it('draw an area as a polygon and also as a point at its centre, so it clusters and can be clicked', () => {
    const ring: [number, number][] = [
      [47.9, 29.3],
      [48.1, 29.3],
      [48.1, 29.5],
      [47.9, 29.5],
      [47.9, 29.3],
    ];
    const flood = makeIncident(2, {
      sector: 'civil-defence',
      category: 'flooding',
      location: { type: 'Polygon', coordinates: [ring] },
    });
    const { points, areas } = toIncidentFeatures([flood]);

    expect(areas.features).toHaveLength(1);
    expect(areas.features[0]?.geometry.coordinates).toEqual([ring]);
    expect(areas.features[0]?.properties.color).toBe('#ff8c1a');
    const [lon = 0, lat = 0] = points.features[0]?.geometry.coordinates ?? [];
    expect(lon).toBeCloseTo(48.0);
    expect(lat).toBeCloseTo(29.4);
  });

  it('put the most severe incidents last, so they are drawn on top', () => {
    const { points } = toIncidentFeatures([
      makeIncident(1, { severity: 5 }),
      makeIncident(2, { severity: 1 }),
      makeIncident(3, { severity: 3 }),
    ]);
    expect(points.features.map((f) => f.properties.severity)).toEqual([1, 3, 5]);
  });
});
