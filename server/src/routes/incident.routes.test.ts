import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema, type Incident } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api as rawApi, login, sampleReport, startTestServer } from '../test-support.js';

let server: MirsadServer;
let url: string;
let commander: string;

/** Calls the API as the duty commander, who may see and act on every sector. */
const api = (base: string, method: string, route: string, body?: unknown) =>
  rawApi(base, method, route, body, commander);

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  commander = await login(url, 'commander');
});

afterAll(async () => {
  await server.close();
});

async function report(n: number, overrides = {}): Promise<Incident> {
  const { status, body } = await api(url, 'POST', '/api/incidents', sampleReport(n, overrides));
  expect(status).toBe(201);
  return IncidentSchema.parse(body);
}

describe('POST /api/incidents', () => {
  it('stores a report and answers 201 with the incident, its governorate derived from the point', async () => {
    const incident = await report(1, { location: { type: 'Point', coordinates: [48.08, 29.34] } });
    expect(incident).toMatchObject({ status: 'reported', version: 1, sector: 'traffic', exerciseId: null });
    expect(incident.governorate).toBe('hawalli');
    const { body } = await api(url, 'GET', `/api/incidents/${incident.id}`);
    expect(body).toEqual(incident);
  });

  it('answers a repeated externalRef from the same source with the first incident and stores no duplicate', async () => {
    const first = await report(2);
    const headBefore = await server.store.headSeq();
    const again = await api(
      url,
      'POST',
      '/api/incidents',
      sampleReport(2, { title: 'Resent with another title' }),
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    expect(await server.store.headSeq()).toBe(headBefore);
    const otherSource = await api(url, 'POST', '/api/incidents', sampleReport(2, { source: 'other-feed' }));
    expect(otherSource.status).toBe(201);
  });

  it('refuses a bad body with 400 naming every bad field, and writes nothing', async () => {
    const headBefore = await server.store.headSeq();
    const { status, body } = await api(url, 'POST', '/api/incidents', {
      sector: 'traffic',
      category: 'building-fire',
      severity: 9,
      title: '',
      location: { type: 'Point', coordinates: [200, 29] },
      surprise: true,
    });
    expect(status).toBe(400);
    const paths = (body as { issues: { path: string }[] }).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.severity', 'body.title', 'body.location.coordinates.0', 'body']),
    );
    expect(await server.store.headSeq()).toBe(headBefore);
  });

  it('refuses a category of another sector', async () => {
    const { status, body } = await api(
      url,
      'POST',
      '/api/incidents',
      sampleReport(3, { category: 'building-fire' }),
    );
    expect(status).toBe(400);
    expect((body as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('body.category');
  });

  it('refuses malformed JSON with a JSON 400', async () => {
    const { status, body } = await api(url, 'POST', '/api/incidents', '{"sector": ');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_request', statusCode: 400 });
  });

  it('refuses a body over the size limit with a JSON 413 and writes nothing', async () => {
    const headBefore = await server.store.headSeq();
    const { status, body } = await api(
      url,
      'POST',
      '/api/incidents',
      sampleReport(4, { description: 'x'.repeat(300_000) }),
    );
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: 'payload_too_large', statusCode: 413 });
    expect(await server.store.headSeq()).toBe(headBefore);
  });
});

describe('PATCH /api/incidents/:id', () => {
  it('applies a change made against the current version and bumps the version', async () => {
    const incident = await report(10);
    const { status, body } = await api(url, 'PATCH', `/api/incidents/${incident.id}`, {
      version: 1,
      status: 'acknowledged',
      severity: 4,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'acknowledged', severity: 4, version: 2 });
  });

  it('answers 409 with the current incident when the version is stale', async () => {
    const incident = await report(11);
    await api(url, 'PATCH', `/api/incidents/${incident.id}`, { version: 1, severity: 5 });
    const { status, body } = await api(url, 'PATCH', `/api/incidents/${incident.id}`, {
      version: 1,
      severity: 2,
    });
    expect(status).toBe(409);
    expect(body).toMatchObject({ error: 'version_conflict', current: { version: 2, severity: 5 } });
  });

  it('answers 409 naming the allowed moves for a transition the workflow forbids', async () => {
    const incident = await report(12);
    const { status, body } = await api(url, 'PATCH', `/api/incidents/${incident.id}`, {
      version: 1,
      status: 'closed',
    });
    expect(status).toBe(409);
    expect((body as { message: string }).message).toMatch(/cannot move from reported to closed/);
  });

  it('answers 404 for an unknown incident and 400 for an id that is not a uuid', async () => {
    expect(
      (
        await api(url, 'PATCH', '/api/incidents/7b0f6c1e-4a57-4c35-9a0e-000000000000', {
          version: 1,
          severity: 2,
        })
      ).status,
    ).toBe(404);
    expect((await api(url, 'PATCH', '/api/incidents/nope', { version: 1, severity: 2 })).status).toBe(400);
  });

  it('refuses a patch that changes nothing it knows', async () => {
    const incident = await report(13);
    const { status } = await api(url, 'PATCH', `/api/incidents/${incident.id}`, { version: 1 });
    expect(status).toBe(400);
  });
});

describe('GET /api/incidents and /api/events', () => {
  it('filters the picture by sector and status and tells the sequence it stands at', async () => {
    await report(20, { sector: 'civil-defence', category: 'flooding' });
    const { body } = await api(url, 'GET', '/api/incidents?sector=civil-defence&status=reported');
    const list = body as { seq: number; incidents: Incident[] };
    expect(list.seq).toBe(await server.store.headSeq());
    expect(list.incidents.length).toBeGreaterThan(0);
    expect(list.incidents.every((i) => i.sector === 'civil-defence' && i.status === 'reported')).toBe(true);
  });

  it('refuses an unknown filter value with 400 naming the parameter', async () => {
    const { status, body } = await api(url, 'GET', '/api/incidents?sector=navy');
    expect(status).toBe(400);
    expect((body as { issues: { path: string }[] }).issues[0]?.path).toMatch(/^query\.sector/);
  });

  it('pages scope=all newest first, each caller reaching exactly the incidents they may see', async () => {
    for (let n = 0; n < 7; n++)
      await report(40 + n, n % 2 ? { sector: 'civil-defence', category: 'flooding' } : {});
    const traffic = await login(url, 'traffic');
    for (const cookie of [commander, traffic]) {
      const walked: Incident[] = [];
      let cursor: string | null | undefined = '';
      let pages = 0;
      while (cursor !== null && cursor !== undefined) {
        const route = `/api/incidents?scope=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await rawApi(url, 'GET', route, undefined, cookie)).body as {
          incidents: Incident[];
          next?: string | null;
        };
        expect(page.incidents.length).toBeLessThanOrEqual(3);
        walked.push(...page.incidents);
        cursor = page.next;
        pages += 1;
      }
      expect(cursor).toBeNull();
      const whole = await server.store.listIncidents({ scope: 'all', exerciseId: null });
      const seen =
        cookie === commander
          ? whole
          : whole.filter((i) => i.sector === 'traffic' || i.involvedSectors.includes('traffic'));
      expect(walked.map((i) => i.id).sort()).toEqual(seen.map((i) => i.id).sort());
      expect(new Set(walked.map((i) => i.id)).size).toBe(walked.length);
      expect(pages).toBeGreaterThan(2);
    }
    // The active picture comes whole, with no cursor.
    expect((await api(url, 'GET', '/api/incidents')).body).not.toHaveProperty('next');
  });

  it('refuses a page over the limit and a cursor it did not give, naming each', async () => {
    const big = await api(url, 'GET', '/api/incidents?scope=all&limit=1001');
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ issues: [{ path: 'query.limit' }] });
    expect((big.body as { message: string }).message).toMatch(/1000/);
    const bad = await api(url, 'GET', '/api/incidents?scope=all&cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ issues: [{ path: 'query.cursor' }] });
  });

  it('pages the log in order with a cursor for the next page', async () => {
    const head = await server.store.headSeq();
    const first = (await api(url, 'GET', '/api/events?after=0&limit=2')).body as {
      events: { seq: number }[];
      nextAfter: number | null;
      headSeq: number;
    };
    expect(first.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.nextAfter).toBe(2);
    expect(first.headSeq).toBe(head);
    const last = (await api(url, 'GET', `/api/events?after=${head - 1}&limit=10`)).body as {
      nextAfter: number | null;
    };
    expect(last.nextAfter).toBeNull();
  });
});

describe('the rest of the API', () => {
  it('answers unknown API routes with a JSON 404', async () => {
    const { status, body } = await api(url, 'GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'not_found', statusCode: 404 });
  });

  it('lists the eleven sectors with their categories, and reports health', async () => {
    const sectors = (await api(url, 'GET', '/api/sectors')).body as {
      sectors: { id: string; categories: unknown[] }[];
    };
    expect(sectors.sectors).toHaveLength(11);
    expect(sectors.sectors.every((s) => s.categories.length > 0)).toBe(true);
    const health = (await api(url, 'GET', '/api/health')).body as { status: string; store: string };
    expect(health).toMatchObject({ status: 'ok', store: 'sqlite' });
  });

  it('serves the six governorates as GeoJSON', async () => {
    const geo = (await api(url, 'GET', '/api/geo/governorates')).body as {
      features: { properties: { id: string } }[];
    };
    expect(geo.features.map((f) => f.properties.id).sort()).toEqual([
      'ahmadi',
      'capital',
      'farwaniya',
      'hawalli',
      'jahra',
      'mubarak-al-kabeer',
    ]);
  });
});
