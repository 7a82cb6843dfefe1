// Patrol areas on a real server: defined by commanders, manned by officers of the sector,
// projected from the log, and the coverage of risky places they give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage, MirsadEvent, PatrolArea } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { generateHistory } from '@mirsad/mock-data';
import { api, sampleReport, signIn, startTestServer, type SignedIn } from '../test-support.js';

let server: MirsadServer;
let people: SignedIn;

const square = (west: number, south: number, side = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [west + side, south],
      [west + side, south + side],
      [west, south + side],
      [west, south],
    ],
  ],
});

beforeAll(async () => {
  server = await startTestServer();
  people = await signIn(server.url, ['commander', 'traffic', 'fire']);
  for (const [id, sector, type] of [
    ['p-traffic-1', 'traffic', 'patrol'],
    ['p-traffic-2', 'traffic', 'patrol'],
    ['p-fire-1', 'fire-marine-rescue', 'fire-engine'],
  ] as const)
    await people.call('commander', 'POST', '/api/units', { id, sector, type, callSign: id }, 201);
});

afterAll(async () => {
  await server.close();
});

const define = (name: string, west: number, south: number, sector = 'traffic') =>
  people.call<PatrolArea>(
    'commander',
    'POST',
    '/api/patrols',
    { name, sector, area: square(west, south) },
    201,
  );

describe('patrol areas', () => {
  it('are defined by a commander and listed to the officers of their sector only', async () => {
    const ring = await define('Ring 4 east', 47.95, 29.3);
    expect(ring).toMatchObject({ status: 'active', unitIds: [], version: 1, exerciseId: null });
    const seenBy = async (who: string) =>
      (await people.call<{ patrols: PatrolArea[] }>(who, 'GET', '/api/patrols')).patrols.map((p) => p.id);
    expect(await seenBy('traffic')).toContain(ring.id);
    expect(await seenBy('fire')).not.toContain(ring.id);
    const refused = await api(
      server.url,
      'POST',
      '/api/patrols',
      { name: 'x', sector: 'traffic', area: square(48, 29) },
      people.as('traffic'),
    );
    expect(refused.status).toBe(403);
  });

  it('refuses a malformed area naming the field, and writes nothing', async () => {
    const head = await server.store.headSeq();
    const answer = await api(
      server.url,
      'POST',
      '/api/patrols',
      {
        name: 'Open ring',
        sector: 'traffic',
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [48, 29],
              [48.1, 29],
            ],
          ],
        },
      },
      people.as('commander'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('body.area');
    expect(await server.store.headSeq()).toBe(head);
  });

  it('takes units from an officer of its sector, only their own, and moves a unit from its former area', async () => {
    const first = await define('Salmiya', 48.07, 29.33);
    const second = await define('Hawalli', 48.02, 29.33);
    const manned = await people.call<PatrolArea>('traffic', 'PUT', `/api/patrols/${first.id}/units`, {
      version: 1,
      unitIds: ['p-traffic-1', 'p-traffic-2'],
    });
    expect(manned).toMatchObject({ unitIds: ['p-traffic-1', 'p-traffic-2'], version: 2 });
    const foreign = await api(
      server.url,
      'PUT',
      `/api/patrols/${second.id}/units`,
      { version: 1, unitIds: ['p-fire-1'] },
      people.as('traffic'),
    );
    expect(foreign.status).toBe(403);
    const stale = await api(
      server.url,
      'PUT',
      `/api/patrols/${first.id}/units`,
      { version: 1, unitIds: [] },
      people.as('traffic'),
    );
    expect(stale.status).toBe(409);
    await people.call('traffic', 'PUT', `/api/patrols/${second.id}/units`, {
      version: 1,
      unitIds: ['p-traffic-2'],
    });
    expect((await server.store.getEntity<PatrolArea>('patrol', first.id))?.unitIds).toEqual(['p-traffic-1']);
    expect((await server.store.getEntity<PatrolArea>('patrol', second.id))?.unitIds).toEqual(['p-traffic-2']);
    const about = await server.store.eventsAbout(first.id);
    expect(about.map((event: MirsadEvent) => event.type)).toEqual([
      'patrol.defined',
      'patrol.assigned',
      'patrol.assigned',
    ]);
  });

  it('stands down an area, which frees its units and takes no more', async () => {
    const area = await define('Shuwaikh port', 47.93, 29.35);
    await people.call('commander', 'PUT', `/api/patrols/${area.id}/units`, {
      version: 1,
      unitIds: ['p-fire-1'],
    });
    const retired = await people.call<PatrolArea>('commander', 'PATCH', `/api/patrols/${area.id}`, {
      version: 2,
      status: 'retired',
    });
    expect(retired).toMatchObject({ status: 'retired', unitIds: [] });
    const refused = await api(
      server.url,
      'PUT',
      `/api/patrols/${area.id}/units`,
      { version: 3, unitIds: ['p-fire-1'] },
      people.as('commander'),
    );
    expect(refused.status).toBe(409);
  });
});

describe('coverage', () => {
  it('finds the risky places of recent incidents and which of them a manned patrol is near', async () => {
    // Two clusters of reports: one inside a manned patrol area, one 10 km away.
    for (let n = 0; n < 3; n += 1) {
      await people.call(
        'traffic',
        'POST',
        '/api/incidents',
        sampleReport(500 + n, { location: { type: 'Point', coordinates: [48.075 + n * 0.0005, 29.335] } }),
        201,
      );
      await people.call(
        'traffic',
        'POST',
        '/api/incidents',
        sampleReport(600 + n, { location: { type: 'Point', coordinates: [48.175 + n * 0.0005, 29.335] } }),
        201,
      );
    }
    const coverage = await people.call<Coverage>('traffic', 'GET', '/api/patrols/coverage?distanceM=1000');
    expect(coverage.source).toBe('recent-incidents');
    const near = coverage.areas.find((area) => Math.abs(area.centre[0] - 48.0755) < 0.002);
    const far = coverage.areas.find((area) => Math.abs(area.centre[0] - 48.1755) < 0.002);
    expect(near).toMatchObject({ isCovered: true, incidents: 3 });
    expect(near?.nearest?.distanceM).toBe(0);
    expect(far).toMatchObject({ isCovered: false, incidents: 3 });
    expect(far?.nearest?.distanceM).toBeGreaterThan(8_000);
    // A wider reach covers the far one too.
    const wide = await people.call<Coverage>('traffic', 'GET', '/api/patrols/coverage?distanceM=15000');
    expect(wide.areas.every((area) => area.isCovered)).toBe(true);
    // The fire officer sees neither the traffic reports nor the traffic patrols.
    const fire = await people.call<Coverage>('fire', 'GET', '/api/patrols/coverage?distanceM=1000');
    expect(fire.areas.some((area) => Math.abs(area.centre[0] - 48.0755) < 0.002)).toBe(false);
  });

  it('refuses a distance out of range naming the field', async () => {
    const answer = await api(
      server.url,
      'GET',
      '/api/patrols/coverage?distanceM=5',
      undefined,
      people.as('traffic'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('query.distanceM');
  });
});

describe('coverage with pattern watch', () => {
  it('weighs places by the forecast once a past is loaded, of the sectors the viewer sees', async () => {
    const watched = await startTestServer(
      undefined,
      {},
      { patterns: { replications: 99, debounceMs: 3_600_000 } },
    );
    try {
      const staff = await signIn(watched.url, ['commander', 'traffic']);
      const before = await staff.call<Coverage>('commander', 'GET', '/api/patrols/coverage?distanceM=1000');
      expect(before.source).toBe('recent-incidents');
      const DAY_MS = 86_400_000;
      await watched.history.addBatch(
        generateHistory({ seed: 5, end: Date.now() - DAY_MS, count: 800, categories: ['burglary'] }),
      );
      for (let n = 0; n < 4; n++)
        await staff.call(
          'commander',
          'POST',
          '/api/incidents',
          sampleReport(300 + n, {
            sector: 'criminal-security',
            category: 'burglary',
            location: { type: 'Point', coordinates: [48.075 + 0.001 * n, 29.31] },
          }),
          201,
        );
      const after = await staff.call<Coverage>('commander', 'GET', '/api/patrols/coverage?distanceM=1000');
      expect(after.source).toBe('forecast');
      expect(after.areas.length).toBeGreaterThan(0);
      expect(Math.max(...after.areas.map((area) => area.risk))).toBe(1);
      expect(after.areas.every((area) => area.incidents === null)).toBe(true);
      // Burglary is not a traffic officer's to see: their coverage keeps to their own reports.
      const traffic = await staff.call<Coverage>('traffic', 'GET', '/api/patrols/coverage?distanceM=1000');
      expect(traffic.source).toBe('recent-incidents');
    } finally {
      await watched.close();
    }
  }, 120_000);
});
