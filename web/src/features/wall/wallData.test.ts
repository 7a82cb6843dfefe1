import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { newCriticalIncident, newestIncidents, tourStops } from './wallData.js';

describe('the wall’s ticker', () => {
  it('names the incidents that changed last, newest first', () => {
    const incidents = [1, 3, 2].map((n) => makeIncident(n));
    expect(newestIncidents(incidents, 2).map((i) => i.title)).toEqual(['Collision 3', 'Collision 2']);
  });
});

describe('a new critical incident', () => {
  it('is the newest unacknowledged severity-5 incident the wall had not seen', () => {
    const seen = makeIncident(1, { severity: 5 });
    const older = makeIncident(2, { severity: 5 });
    const newer = makeIncident(3, { severity: 5 });
    const minor = makeIncident(4, { severity: 4 });
    const found = newCriticalIncident([seen, older, newer, minor], new Set([seen.id]));
    expect(found?.id).toBe(newer.id);
  });

  it('is none when the new severity-5 incident is already acknowledged', () => {
    const acknowledged = makeIncident(1, { severity: 5, status: 'acknowledged' });
    expect(newCriticalIncident([acknowledged], new Set())).toBeNull();
  });
});

describe('the map’s tour', () => {
  const at = (lng: number, lat: number) => ({
    type: 'Point' as const,
    coordinates: [lng, lat] as [number, number],
  });

  it('visits open critical incidents first, then the busiest places by their worst incident', () => {
    const critical = makeIncident(1, { severity: 5, location: at(47.5, 29.0) });
    const busyA = [2, 3, 4].map((n) =>
      makeIncident(n, { severity: n === 3 ? 4 : 2, location: at(48.01, 29.31) }),
    );
    const busyB = [5, 6].map((n) => makeIncident(n, { severity: 3, location: at(47.81, 29.11) }));
    const lonely = makeIncident(7, { severity: 4, location: at(47.2, 28.7) });
    const closed = makeIncident(8, { severity: 5, status: 'closed', location: at(47.6, 29.0) });
    const stops = tourStops([lonely, ...busyB, ...busyA, critical, closed]);
    expect(stops.map((i) => i.title)).toEqual(['Collision 1', 'Collision 3', 'Collision 5']);
  });

  it('stops nowhere when nothing is open', () => {
    expect(tourStops([])).toEqual([]);
  });
});
