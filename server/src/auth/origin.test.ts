import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import type { ServerConfig } from '../config.js';
import { login, sampleReport, signIn, startTestServer, TEST_PASSWORD } from '../test-support.js';

const servers: MirsadServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function newServer(overrides: Partial<ServerConfig> = {}): Promise<MirsadServer> {
  const server = await startTestServer(undefined, overrides);
  servers.push(server);
  return server;
}

/** An administrator mints a key of `role`; returns its secret. */
async function newKey(server: MirsadServer, role: 'reporter' | 'display'): Promise<string> {
  const admin = await signIn(server.url, ['admin']);
  const { secret } = await admin.call<{ secret: string }>(
    'admin',
    'POST',
    '/api/keys',
    { name: `A ${role} key`, source: role, role },
    201,
  );
  return secret;
}

let reports = 0;
/** Reports an incident with the session cookie and the given extra headers; returns the status. */
async function reportWith(
  server: MirsadServer,
  cookie: string,
  headers: Record<string, string>,
): Promise<number> {
  reports += 1;
  const response = await fetch(new URL('/api/incidents', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify(sampleReport(reports, { externalRef: null })),
  });
  return response.status;
}

/** Opens a socket and says how it ended: `connected`, or the refusal. */
function handshake(
  url: string,
  options: { headers?: Record<string, string>; token?: string; transport?: 'websocket' | 'polling' },
): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(url, {
      transports: [options.transport ?? 'websocket'],
      reconnection: false,
      auth: {
        protocolVersion: PROTOCOL_VERSION,
        lastSeq: 0,
        ...(options.token ? { token: options.token } : {}),
      },
      extraHeaders: options.headers ?? {},
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve(error.data?.code ?? 'refused');
    });
  });
}

describe('the Origin of cookie-borne writes', () => {
  it('refuses a write with the session cookie and no Origin, unless the browser vouches it is same-origin', async () => {
    const server = await newServer();
    const cookie = await login(server.url, 'commander');
    expect(await reportWith(server, cookie, {})).toBe(403);
    expect(await reportWith(server, cookie, { 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await reportWith(server, cookie, { 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await reportWith(server, cookie, { 'sec-fetch-site': 'same-origin' })).toBe(201);
    expect(await reportWith(server, cookie, { origin: server.url })).toBe(201);
  });

  it('compares scheme, host and port exactly', async () => {
    const server = await newServer();
    const cookie = await login(server.url, 'commander');
    const own = new URL(server.url);
    expect(await reportWith(server, cookie, { origin: `https://${own.host}` })).toBe(403);
    expect(
      await reportWith(server, cookie, { origin: `http://${own.hostname}:${Number(own.port) + 1}` }),
    ).toBe(403);
    expect(await reportWith(server, cookie, { origin: `http://localhost.evil.example:${own.port}` })).toBe(
      403,
    );
    expect(await reportWith(server, cookie, { origin: 'null' })).toBe(403);
    expect(await reportWith(server, cookie, { origin: `http://${own.host}` })).toBe(201);
  });

  it('allows the origins of ALLOWED_ORIGINS beside its own', async () => {
    const server = await newServer({ allowedOrigins: ['https://ops.example'] });
    const cookie = await login(server.url, 'commander');
    expect(await reportWith(server, cookie, { origin: 'https://ops.example' })).toBe(201);
    expect(await reportWith(server, cookie, { origin: 'http://ops.example' })).toBe(403);
    expect(await reportWith(server, cookie, { origin: server.url })).toBe(201);
  });

  it('lets a key write without Origin: machines send none', async () => {
    const server = await newServer();
    const secret = await newKey(server, 'reporter');
    const response = await fetch(new URL('/api/incidents', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(sampleReport(900)),
    });
    expect(response.status).toBe(201);
  });

  it('refuses a sign-in from another site’s page', async () => {
    const server = await newServer();
    const response = await fetch(new URL('/api/auth/login', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'commander', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('the Origin of sockets', () => {
  it('refuses a socket with the session cookie and no Origin, and one from another scheme', async () => {
    const server = await newServer();
    const cookie = await login(server.url, 'commander');
    const own = new URL(server.url);
    expect(await handshake(server.url, { headers: { cookie } })).not.toBe('connected');
    expect(await handshake(server.url, { headers: { cookie, origin: `https://${own.host}` } })).not.toBe(
      'connected',
    );
    expect(await handshake(server.url, { headers: { cookie, origin: server.url } })).toBe('connected');
    // socket.io's first poll is a same-origin GET, which browsers send without Origin.
    expect(
      await handshake(server.url, {
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
        transport: 'polling',
      }),
    ).toBe('connected');
  });

  it('lets a key’s socket in without Origin, but not from another site’s page', async () => {
    const server = await newServer();
    const secret = await newKey(server, 'display');
    expect(await handshake(server.url, { token: secret })).toBe('connected');
    expect(
      await handshake(server.url, { token: secret, headers: { origin: 'https://evil.example' } }),
    ).not.toBe('connected');
  });
});

describe('TRUST_PROXY', () => {
  const viaProxy = {
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'ops.example',
    'x-forwarded-for': '203.0.113.7',
  };

  async function signInVia(server: MirsadServer): Promise<Response> {
    return fetch(new URL('/api/auth/login', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...viaProxy },
      body: JSON.stringify({ username: 'traffic', password: TEST_PASSWORD }),
    });
  }

  it('behind a trusted proxy: Secure cookie, the client’s address, and the https origin the browser used', async () => {
    const server = await newServer({ trustProxy: ['loopback'] });
    const response = await signInVia(server);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    expect(await reportWith(server, cookie, { ...viaProxy, origin: 'https://ops.example' })).toBe(201);
    expect(await reportWith(server, cookie, { ...viaProxy, origin: 'http://ops.example' })).toBe(403);
    const commander = await signIn(server.url, ['commander']);
    const audit = await commander.call<{ entries: { ip: string }[] }>(
      'commander',
      'GET',
      '/api/audit?actor=user:traffic&action=auth.login',
    );
    expect(audit.entries[0]?.ip).toBe('203.0.113.7');
    expect(
      await handshake(server.url, { headers: { cookie, ...viaProxy, origin: 'https://ops.example' } }),
    ).toBe('connected');
  });

  it('without it, ignores forwarded headers that anyone could send', async () => {
    const server = await newServer();
    const response = await signInVia(server);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    expect(await reportWith(server, cookie, { ...viaProxy, origin: 'https://ops.example' })).toBe(403);
  });

  it('is read from the environment as addresses, ranges or loopback, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.0.2.1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.0.2.1',
    ]);
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
  });
});
