import { describe, expect, it } from 'vitest';
import { makeIncident, makePrincipal, makeUnit, minutesAfterBase } from '../../test/fixtures.js';
import { viewerOf } from '../auth/access.js';
import { assignableUnits, assignedUnits } from './assignable.js';

const at = (coordinates: [number, number]) => ({
  coordinates,
  headingDeg: null,
  speedMps: null,
  at: minutesAfterBase(0),
});

describe('the units an officer may send', () => {
  const incident = makeIncident(1, { location: { type: 'Point', coordinates: [48.0, 29.3] } });

  it('are their sectors’ available units, nearest first, unknown positions last', () => {
    const far = makeUnit('far', { position: at([48.3, 29.3]) });
    const near = makeUnit('near', { position: at([48.01, 29.3]) });
    const lost = makeUnit('lost', { position: null });
    const options = assignableUnits([lost, far, near], incident, viewerOf(makePrincipal()));
    expect(options.map((o) => o.unit.id)).toEqual(['near', 'far', 'lost']);
    expect(options[0]?.distanceM).toBeGreaterThan(900);
    expect(options[0]?.distanceM).toBeLessThan(1_100);
    expect(options[2]?.distanceM).toBeNull();
  });

  it('leave out busy, out-of-service and other sectors’ units for an officer', () => {
    const units = [
      makeUnit('busy', { status: 'en_route', incidentId: incident.id }),
      makeUnit('off', { status: 'out_of_service' }),
      makeUnit('fire', { sector: 'fire-marine-rescue', type: 'fire-engine' }),
      makeUnit('mine'),
    ];
    expect(assignableUnits(units, incident, viewerOf(makePrincipal())).map((o) => o.unit.id)).toEqual([
      'mine',
    ]);
  });

  it('include every sector’s units for a commander', () => {
    const units = [makeUnit('fire', { sector: 'fire-marine-rescue' }), makeUnit('mine')];
    const commander = makePrincipal({ id: 'commander', role: 'commander', sectors: [] });
    expect(assignableUnits(units, incident, viewerOf(commander))).toHaveLength(2);
  });

  it('never mix an exercise’s units with the real world’s', () => {
    const drill = makeUnit('drill', { exerciseId: 'ex-1' });
    expect(assignableUnits([drill], incident, viewerOf(makePrincipal()))).toEqual([]);
  });
});

describe('the units working an incident', () => {
  it('follow the incident’s list and keep ids whose unit is unknown here', () => {
    const incident = makeIncident(1, { assignedUnitIds: ['b', 'zz'] });
    const result = assignedUnits([makeUnit('a'), makeUnit('b')], incident);
    expect(result.map((r) => [r.id, r.unit?.id ?? null])).toEqual([
      ['b', 'b'],
      ['zz', null],
    ]);
  });
});
