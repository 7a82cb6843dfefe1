import { describe, expect, it } from 'vitest';
import { makeIncident, makeUnit, minutesAfterBase } from '../../test/fixtures.js';
import { toFacilityFeatures, toUnitFeatures, unitIconId, unitStatusClass } from './unitFeatures.js';

const position = (coordinates: [number, number]) => ({
  coordinates,
  headingDeg: null,
  speedMps: null,
  at: minutesAfterBase(0),
});

const NOW_MS = Date.parse(minutesAfterBase(1));

describe('units as map features', () => {
  const incident = makeIncident(1, { location: { type: 'Point', coordinates: [48.0, 29.3] } });
  const incidents = new Map([[incident.id, incident]]);

  it('draw each unit with a known position, its icon naming type, sector and status', () => {
    const { units } = toUnitFeatures(
      [makeUnit('tr-1', { position: position([47.9, 29.2]) }), makeUnit('tr-2', { position: null })],
      incidents,
      NOW_MS,
    );
    expect(units.features).toHaveLength(1);
    expect(units.features[0]?.properties.icon).toBe('unit:patrol:traffic:free');
    expect(units.features[0]?.geometry.coordinates).toEqual([47.9, 29.2]);
  });

  it('mark a unit stale once its last position is older than five minutes, and only then', () => {
    const reportedAt = (minutes: number) => ({ ...position([47.9, 29.2]), at: minutesAfterBase(minutes) });
    const { units } = toUnitFeatures(
      [makeUnit('fresh', { position: reportedAt(0) }), makeUnit('silent', { position: reportedAt(-10) })],
      incidents,
      NOW_MS,
    );
    expect(units.features.map((f) => [f.properties.id, f.properties.isStale])).toEqual([
      ['fresh', false],
      ['silent', true],
    ]);
  });

  it('draw a line from each working unit to its incident', () => {
    const { lines } = toUnitFeatures(
      [
        makeUnit('tr-1', {
          status: 'en_route',
          incidentId: incident.id,
          position: position([47.9, 29.2]),
        }),
      ],
      incidents,
      NOW_MS,
    );
    expect(lines.features).toEqual([
      {
        type: 'Feature',
        properties: { unitId: 'tr-1', incidentId: incident.id, color: '#ffb000', status: 'en_route' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [47.9, 29.2],
            [48.0, 29.3],
          ],
        },
      },
    ]);
  });

  it('draw no line to an incident that is not on the map (filtered off, or closed)', () => {
    const { lines } = toUnitFeatures(
      [
        makeUnit('tr-1', {
          status: 'on_scene',
          incidentId: makeIncident(9).id,
          position: position([47.9, 29.2]),
        }),
      ],
      incidents,
      NOW_MS,
    );
    expect(lines.features).toEqual([]);
  });

  it('put out-of-service units underneath working ones', () => {
    const { units } = toUnitFeatures(
      [
        makeUnit('busy', { status: 'on_scene', incidentId: incident.id }),
        makeUnit('off', { status: 'out_of_service' }),
        makeUnit('free'),
      ],
      incidents,
      NOW_MS,
    );
    expect(units.features.map((f) => f.properties.id)).toEqual(['off', 'free', 'busy']);
  });

  it('class statuses as free, busy or off', () => {
    expect(unitStatusClass('available')).toBe('free');
    expect(unitStatusClass('assigned')).toBe('busy');
    expect(unitStatusClass('en_route')).toBe('busy');
    expect(unitStatusClass('out_of_service')).toBe('off');
    expect(unitIconId('rescue-boat', 'border-coast-guard', 'busy')).toBe(
      'unit:rescue-boat:border-coast-guard:busy',
    );
  });
});

describe('facilities as map features', () => {
  it('are points with their kind’s icon', () => {
    const { features } = toFacilityFeatures([
      {
        id: 'hospital-amiri',
        kind: 'hospital',
        name: { en: 'Amiri Hospital', ar: 'المستشفى الأميري' },
        governorate: 'capital',
        location: { type: 'Point', coordinates: [47.99, 29.39] },
        shelterCapacity: null,
      },
    ]);
    expect(features[0]?.properties).toEqual({
      id: 'hospital-amiri',
      kind: 'hospital',
      icon: 'facility:hospital',
    });
  });
});
