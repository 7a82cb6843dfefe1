import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { IncidentSchema, PROTOCOL_VERSION, type Incident } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  api,
  login,
  recordingClient,
  sampleReport,
  startTestServer,
  TEST_PASSWORD,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

let server: MirsadServer;
let url: string;
const cookies: Record<string, string> = {};
const clients: RecordingClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  for (const username of ['commander', 'admin', 'traffic', 'civil-defence', 'trainer']) {
    cookies[username] = await login(url, username);
  }
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

const as = (username: string): string => cookies[username] ?? '';

/** An API key the admin creates, with its secret. */
async function createKey(body: object): Promise<{ key: { id: string }; secret: string }> {
  const { status, body: created } = await api(url, 'POST', '/api/keys', body, as('admin'));
  expect(status).toBe(201);
  return created as { key: { id: string }; secret: string };
}

let reports = 1000;
async function report(username: string, overrides = {}): Promise<Incident> {
  reports += 1;
  const { status, body } = await api(
    url,
    'POST',
    '/api/incidents',
    sampleReport(reports, { externalRef: null, ...overrides }),
    as(username),
  );
  expect(status).toBe(201);
  return IncidentSchema.parse(body);
}

const UUID = '7b0f6c1e-4a57-4c35-9a0e-000000000000';

describe('authentication', () => {
  it('refuses every API route but health, login and the public warnings without a session, with a JSON 401', async () => {
    expect(server.routes.length).toBeGreaterThan(20);
    const open = new Set(server.routes.filter((r) => r.access === 'public').map((r) => r.route));
    expect([...open].sort()).toEqual([
      'GET /api/cap/alerts/:id',
      'GET /api/cap/feed',
      'GET /api/health',
      'GET /api/public/shelters',
      'GET /api/public/warnings',
      'POST /api/auth/login',
    ]);
    for (const { route } of server.routes) {
      const [method = 'GET', path = ''] = route.split(' ');
      const concrete = path.replace(':id', UUID).replace(':username', 'commander');
      const { status, body } = await api(
        url,
        method,
        concrete,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      if (open.has(route)) {
        expect(status, route).not.toBe(401);
      } else {
        expect(status, route).toBe(401);
        expect(body, route).toMatchObject({ error: 'unauthorized', statusCode: 401 });
      }
    }
  });

  it('locks an account after five wrong passwords and records each refusal', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { status } = await api(url, 'POST', '/api/auth/login', {
        username: 'fire',
        password: `wrong-${attempt}`,
      });
      expect(status).toBe(401);
    }
    const locked = await api(url, 'POST', '/api/auth/login', { username: 'fire', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect((locked.body as { message: string }).message).toMatch(/locked until/);
    const audit = await api(
      url,
      'GET',
      '/api/audit?actor=user:fire&outcome=refused',
      undefined,
      as('commander'),
    );
    const entries = (audit.body as { entries: { action: string }[] }).entries;
    expect(entries.filter((e) => e.action === 'auth.login')).toHaveLength(6);
    expect(entries.some((e) => e.action === 'auth.locked')).toBe(true);
    // An administrator lifts the lock.
    expect((await api(url, 'PATCH', '/api/accounts/fire', { unlock: true }, as('admin'))).status).toBe(200);
    expect(
      (await api(url, 'POST', '/api/auth/login', { username: 'fire', password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and ends it on logout, sockets included', async () => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'traffic', password: TEST_PASSWORD }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    const c = recordingClient(url, { cookie });
    clients.push(c);
    await waitFor(() => c.liveSeqs.length > 0, 'the socket to go live');
    const disconnected = new Promise((resolve) => c.socket.once('disconnect', resolve));
    expect((await api(url, 'POST', '/api/auth/logout', undefined, cookie)).status).toBe(204);
    await disconnected;
    expect((await api(url, 'GET', '/api/auth/me', undefined, cookie)).status).toBe(401);
  });
});

describe('roles and sectors', () => {
  it('shows an officer only their sectors’ incidents and refuses another sector’s with 403', async () => {
    const flood = await report('commander', { sector: 'civil-defence', category: 'flooding' });
    const crash = await report('commander', { sector: 'traffic', category: 'collision' });
    const list = (await api(url, 'GET', '/api/incidents', undefined, as('traffic'))).body as {
      incidents: Incident[];
    };
    expect(list.incidents.some((i) => i.id === crash.id)).toBe(true);
    expect(list.incidents.every((i) => i.involvedSectors.includes('traffic'))).toBe(true);
    expect((await api(url, 'GET', `/api/incidents/${flood.id}`, undefined, as('traffic'))).status).toBe(403);
    expect(
      (
        await api(
          url,
          'PATCH',
          `/api/incidents/${flood.id}`,
          { version: 1, status: 'acknowledged' },
          as('traffic'),
        )
      ).status,
    ).toBe(403);
    expect(
      (await api(url, 'POST', `/api/incidents/${flood.id}/notes`, { text: 'mine now' }, as('traffic')))
        .status,
    ).toBe(403);
    expect(
      (
        await api(
          url,
          'POST',
          '/api/incidents',
          sampleReport(1, { sector: 'civil-defence', category: 'flooding', externalRef: null }),
          as('traffic'),
        )
      ).status,
    ).toBe(403);
  });

  it('keeps the audit trail for commanders and administrators, and accounts for administrators', async () => {
    expect((await api(url, 'GET', '/api/audit', undefined, as('traffic'))).status).toBe(403);
    expect((await api(url, 'GET', '/api/accounts', undefined, as('commander'))).status).toBe(403);
    expect((await api(url, 'GET', '/api/accounts', undefined, as('admin'))).status).toBe(200);
    const page = (await api(url, 'GET', '/api/audit?limit=5', undefined, as('commander'))).body as {
      entries: { seq: number }[];
      nextBefore: number | null;
    };
    expect(page.entries).toHaveLength(5);
    expect(page.nextBefore).toBe(page.entries.at(-1)?.seq);
    const refused = (
      await api(url, 'GET', '/api/audit?outcome=refused&limit=500', undefined, as('commander'))
    ).body as {
      entries: { actor: string; detail: string | null }[];
    };
    expect(refused.entries.some((e) => e.actor === 'user:traffic' && e.detail === '403')).toBe(true);
  });

  it('binds an API key to its source and sectors, and refuses it once revoked', async () => {
    const created = await createKey({ name: 'Traffic CAD', source: 'traffic-cad', sectors: ['traffic'] });
    const bearer = `Bearer ${created.secret}`;
    const ok = await api(
      url,
      'POST',
      '/api/incidents',
      sampleReport(77, { source: 'spoofed', externalRef: 'cad-77' }),
      bearer,
    );
    expect(ok.status).toBe(201);
    expect((ok.body as Incident).source).toBe('traffic-cad');
    const other = await api(
      url,
      'POST',
      '/api/incidents',
      sampleReport(78, { sector: 'civil-defence', category: 'flooding' }),
      bearer,
    );
    expect(other.status).toBe(403);
    expect((await api(url, 'DELETE', `/api/keys/${created.key.id}`, undefined, as('admin'))).status).toBe(
      204,
    );
    expect((await api(url, 'POST', '/api/incidents', sampleReport(79), bearer)).status).toBe(401);
  });

  it('refuses another secret under a key’s id that was just let in, and the key itself at once when revoked, however often it was used', async () => {
    const created = await createKey({ name: 'Flood sensors', source: 'flood-feed', sectors: ['traffic'] });
    const bearer = `Bearer ${created.secret}`;
    for (let i = 0; i < 3; i++)
      expect((await api(url, 'POST', '/api/incidents', sampleReport(80 + i), bearer)).status).toBe(201);
    // The same id with a secret that differs in its last character.
    const last = created.secret.at(-1) === 'A' ? 'B' : 'A';
    const forged = `Bearer ${created.secret.slice(0, -1)}${last}`;
    expect((await api(url, 'POST', '/api/incidents', sampleReport(83), forged)).status).toBe(401);
    expect((await api(url, 'GET', '/api/auth/me', undefined, bearer)).status).toBe(200);
    expect((await api(url, 'DELETE', `/api/keys/${created.key.id}`, undefined, as('admin'))).status).toBe(
      204,
    );
    expect((await api(url, 'GET', '/api/auth/me', undefined, bearer)).status).toBe(401);
    expect((await api(url, 'POST', '/api/incidents', sampleReport(84), bearer)).status).toBe(401);
  });

  it("answers who am I with a display key's principal, which may read the picture but not act", async () => {
    const created = await createKey({ name: 'Wall 1', source: 'wall-1', role: 'display' });
    const bearer = `Bearer ${created.secret}`;
    const me = await api(url, 'GET', '/api/auth/me', undefined, bearer);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'key',
      id: created.key.id,
      role: 'display',
      displayName: 'Wall 1',
    });
    expect((await api(url, 'GET', '/api/stats', undefined, bearer)).status).toBe(200);
    expect((await api(url, 'GET', '/api/incidents', undefined, bearer)).status).toBe(200);
    expect((await api(url, 'POST', '/api/incidents', sampleReport(80), bearer)).status).toBe(403);
    await api(url, 'DELETE', `/api/keys/${created.key.id}`, undefined, as('admin'));
    expect((await api(url, 'GET', '/api/auth/me', undefined, bearer)).status).toBe(401);
  });

  it('refuses a cookie-borne write from a foreign Origin', async () => {
    const response = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: as('commander'),
        origin: 'https://evil.example',
      },
      body: JSON.stringify(sampleReport(90)),
    });
    expect(response.status).toBe(403);
  });
});

describe('the socket', () => {
  const refusal = (options: { cookie?: string; origin?: string }): Promise<string> =>
    new Promise((resolve) => {
      const socket = io(url, {
        transports: ['websocket'],
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION, lastSeq: 0 },
        extraHeaders: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.origin ? { origin: options.origin } : {}),
        },
      });
      socket.on('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        resolve(error.data?.code ?? error.message);
      });
    });

  it('refuses a handshake without a session, from a foreign Origin, or for a role with no live rooms', async () => {
    expect(await refusal({})).toBe('unauthorized');
    expect(await refusal({ cookie: as('commander'), origin: 'https://evil.example' })).not.toBe('connected');
    expect(await refusal({ cookie: as('trainer'), origin: url })).toBe('forbidden');
    expect(await refusal({ cookie: as('commander'), origin: url })).toBe('connected');
  });

  it('never sends an officer another sector’s incident event, live or in catch-up', async () => {
    const before = await report('commander', { sector: 'civil-defence', category: 'flooding' });
    const traffic = recordingClient(url, { cookie: as('traffic') });
    const defence = recordingClient(url, { cookie: as('civil-defence') });
    clients.push(traffic, defence);
    await waitFor(() => traffic.liveSeqs.length > 0 && defence.liveSeqs.length > 0, 'both live');
    const flood = await report('commander', { sector: 'civil-defence', category: 'flooding' });
    const crash = await report('commander', { sector: 'traffic', category: 'collision' });
    await waitFor(
      () => traffic.events.some((e) => e.type === 'incident.reported' && e.data.incident.id === crash.id),
      'the crash',
    );
    await waitFor(
      () => defence.events.some((e) => e.type === 'incident.reported' && e.data.incident.id === flood.id),
      'the flood',
    );
    const trafficSees = traffic.events.map((e) => e.sectors);
    expect(trafficSees.every((sectors) => sectors.includes('traffic'))).toBe(true);
    expect(JSON.stringify(traffic.events)).not.toContain(before.id);
    expect(JSON.stringify(traffic.events)).not.toContain(flood.id);
  });

  it('refuses an officer who asks to join another sector’s room', async () => {
    const code = await new Promise((resolve) => {
      const socket = io(url, {
        transports: ['websocket'],
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION, lastSeq: 0, sectors: ['civil-defence'] },
        extraHeaders: { cookie: as('traffic'), origin: url },
      });
      socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        resolve(error.data?.code);
      });
    });
    expect(code).toBe('forbidden');
  });
});
