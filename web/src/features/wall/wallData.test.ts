import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { newCriticalIncident, newestIncidents } from './wallData.js';

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
