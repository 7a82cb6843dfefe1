import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirsadServer } from '../app.js';
import { api, login, startTestServer } from '../test-support.js';
import { POSITION_MAX_AGE_MS, POSITION_MAX_AHEAD_MS } from './unit.service.js';

let server: MirsadServer;
let trafficTracker: string;
let fireTracker: string;

const fix = (at: Date, coordinates: [number, number] = [47.98, 29.37]) => ({
  coordinates,
  headingDeg: null,
  speedMps: null,
  at: at.toISOString(),
});

beforeAll(async () => {
  server = await startTestServer();
  const admin = await login(server.url, 'admin');
  const commander = await login(server.url, 'commander');
  const keyOf = async (sector: string): Promise<string> => {
    const answer = await api(
      server.url,
      'POST',
      '/api/keys',
      { name: `${sector} trackers`, source: `${sector}-avl`, sectors: [sector] },
      admin,
    );
    return `Bearer ${(answer.body as { secret: string }).secret}`;
  };
  trafficTracker = await keyOf('traffic');
  fireTracker = await keyOf('fire-marine-rescue');
  await api(
    server.url,
    'POST',
    '/api/units',
    { id: 'fire-1', sector: 'fire-marine-rescue', type: 'fire-engine', callSign: 'F-1' },
    commander,
  );
});

afterAll(async () => {
  await server.close();
});

const positionOf = (unitId: string) =>
  server.units.listAll().find((unit) => unit.id === unitId)?.position?.coordinates ?? null;

describe('unit positions from trackers', () => {
  it('refuses a tracker of another sector, and moves nothing', async () => {
    const answer = await api(
      server.url,
      'POST',
      '/api/units/fire-1/position',
      fix(new Date(), [48.5, 29.0]),
      trafficTracker,
    );
    expect(answer.status).toBe(403);
    expect(positionOf('fire-1')).toBeNull();
  });

  it('refuses a fix from the future or from long ago with a 400 naming the limit', async () => {
    for (const at of [
      new Date('9999-01-01T00:00:00Z'),
      new Date(Date.now() + POSITION_MAX_AHEAD_MS + 60_000),
      new Date(Date.now() - POSITION_MAX_AGE_MS - 60_000),
    ]) {
      const answer = await api(server.url, 'POST', '/api/units/fire-1/position', fix(at), fireTracker);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ issues: [{ path: 'body.at' }] });
      expect((answer.body as { message: string }).message).toContain('60 s ahead');
    }
    expect(positionOf('fire-1')).toBeNull();
  });

  it('takes the sector’s own tracker’s fixes, even after a fix from the future was saved', async () => {
    // A fix saved before fixes were bounded must not pin the unit where it was.
    server.units.reportPosition('fire-1', fix(new Date('9999-01-01T00:00:00Z'), [40, 20]));
    const answer = await api(
      server.url,
      'POST',
      '/api/units/fire-1/position',
      fix(new Date(), [48.01, 29.35]),
      fireTracker,
    );
    expect(answer.status).toBe(202);
    expect(positionOf('fire-1')).toEqual([48.01, 29.35]);
  });
});
