import { describe, expect, it } from 'vitest';
import { makeIncident, makePrincipal, makeSupportRequest } from '../../test/fixtures.js';
import { canAnswer, canSee, canWork } from './access.js';

describe('what the screen offers', () => {
  const traffic = makePrincipal();
  const display = makePrincipal({ id: 'display', role: 'display', sectors: [] });
  const commander = makePrincipal({ id: 'commander', role: 'commander', sectors: [] });
  const flood = makeIncident(1, { sector: 'civil-defence', category: 'flooding' });

  it('lets an officer work incidents their sector owns or joined, and no others', () => {
    expect(canWork(traffic, makeIncident(2))).toBe(true);
    expect(canWork(traffic, flood)).toBe(false);
    expect(canWork(traffic, { ...flood, involvedSectors: ['civil-defence', 'traffic'] })).toBe(true);
  });

  it('keeps the wall display read-only, though it sees everything', () => {
    expect(canSee(display, flood)).toBe(true);
    expect(canWork(display, flood)).toBe(false);
  });

  it('lets only the addressed sector or a commander answer a support request', () => {
    const request = makeSupportRequest(1, 1, { toSector: 'civil-defence' });
    expect(canAnswer(traffic, request)).toBe(false);
    expect(canAnswer(makePrincipal({ id: 'civil-defence', sectors: ['civil-defence'] }), request)).toBe(true);
    expect(canAnswer(commander, request)).toBe(true);
  });
});
