import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TooManyAttemptsSchema } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import {
  BACKENDS,
  SQLITE_BACKEND,
  type TestBackend,
  type TestPlace,
} from '../store/backends.test-support.js';
import { api, login, signIn, startTestServer, TEST_PASSWORD } from '../test-support.js';
import { MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ACCOUNT } from './auth.service.js';
import { DEFAULT_RATE_LIMITS } from './rate-limits.js';

const {
  person: API_REQUESTS_PER_PERSON,
  anonymous: API_REQUESTS_PER_ANONYMOUS_ADDRESS,
  login: LOGIN_ATTEMPTS_PER_ADDRESS,
} = DEFAULT_RATE_LIMITS;

const servers: MirsadServer[] = [];
const places: TestPlace[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(places.splice(0).map((place) => place.remove()));
});

/** A server on a fresh store of the backend (SQLite by default). */
async function newServer(backend: TestBackend = SQLITE_BACKEND): Promise<MirsadServer> {
  const place = await backend.place();
  places.push(place);
  const server = await startTestServer(place.dataDir, {}, { stores: await place.open() });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
}

/**
 * Signs in from a given loopback address (127.0.0.0/8 all reach the server), as a person at
 * another desk would: the lock-out and the limits are per address.
 */
function loginFrom(url: string, address: string, username: string, password: string): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL('/api/auth/login', url),
      {
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: text ? (JSON.parse(text) as unknown) : null,
            retryAfter: response.headers['retry-after'],
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Expects a 429 with the shared body and a Retry-After header that agree. */
function expectTooMany(answer: Answer, error: 'locked' | 'rate_limited'): void {
  expect(answer.status).toBe(429);
  const body = TooManyAttemptsSchema.parse(answer.body);
  expect(body.error).toBe(error);
  expect(body.retryAfterSeconds).toBeGreaterThan(0);
  expect(answer.retryAfter).toBe(String(body.retryAfterSeconds));
  if (error === 'locked') expect(Date.parse(body.lockedUntil ?? '')).toBeGreaterThan(Date.now());
}

async function checkedGuesses(server: MirsadServer, username: string): Promise<number> {
  const commander = await login(server.url, 'commander');
  const audit = await api(
    server.url,
    'GET',
    `/api/audit?actor=user:${username}&action=auth.login&outcome=refused&limit=500`,
    undefined,
    commander,
  );
  const entries = (audit.body as { entries: { detail: string }[] }).entries;
  return entries.filter((entry) => entry.detail.startsWith('wrong password')).length;
}

// The lock-out's counts live in the account store: the same rules hold on every backend.
describe.each(BACKENDS)('the lock-out on $name', (backend) => {
  it(`checks no more than ${MAX_FAILED_LOGINS} of 30 wrong passwords sent at once, and locks the account for that address`, async () => {
    const server = await newServer(backend);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) => loginFrom(server.url, '127.0.0.2', 'fire', `wrong-${n}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(MAX_FAILED_LOGINS);
    expect(await checkedGuesses(server, 'fire')).toBe(MAX_FAILED_LOGINS);
    // Past the address's sign-in limit the rest are rate limited; below it, locked.
    const refused = answers.filter((a) => a.status !== 401);
    const locked = refused.filter((a) => (a.body as { error?: string }).error === 'locked');
    for (const answer of locked) expectTooMany(answer, 'locked');
    for (const answer of refused.filter((a) => !locked.includes(a))) expectTooMany(answer, 'rate_limited');
    expect(locked).toHaveLength(LOGIN_ATTEMPTS_PER_ADDRESS - MAX_FAILED_LOGINS);
  });

  it('locks after five wrong passwords in a row from one address, and not before', async () => {
    const server = await newServer(backend);
    for (let n = 1; n < MAX_FAILED_LOGINS; n++)
      expect((await loginFrom(server.url, '127.0.0.2', 'fire', `wrong-${n}`)).status).toBe(401);
    // A right password resets the count: five more wrong ones are needed.
    expect((await loginFrom(server.url, '127.0.0.2', 'fire', TEST_PASSWORD)).status).toBe(200);
    for (let n = 1; n <= MAX_FAILED_LOGINS; n++)
      expect((await loginFrom(server.url, '127.0.0.2', 'fire', `wrong-${n}`)).status).toBe(401);
    expectTooMany(await loginFrom(server.url, '127.0.0.2', 'fire', TEST_PASSWORD), 'locked');
  });

  it('does not let someone at another address lock the commander out', async () => {
    const server = await newServer(backend);
    for (let n = 1; n <= MAX_FAILED_LOGINS; n++)
      await loginFrom(server.url, '127.0.0.66', 'commander', `guess-${n}`);
    expectTooMany(await loginFrom(server.url, '127.0.0.66', 'commander', TEST_PASSWORD), 'locked');
    expect((await loginFrom(server.url, '127.0.0.10', 'commander', TEST_PASSWORD)).status).toBe(200);
  });

  it('locks an account against every unfamiliar address after guesses spread over many, while its own desk still signs in', async () => {
    const server = await newServer(backend);
    expect((await loginFrom(server.url, '127.0.0.10', 'commander', TEST_PASSWORD)).status).toBe(200);
    const attackers = MAX_FAILED_LOGINS_PER_ACCOUNT / (MAX_FAILED_LOGINS - 1);
    for (let a = 0; a < attackers; a++) {
      for (let n = 1; n < MAX_FAILED_LOGINS; n++) {
        const answer = await loginFrom(server.url, `127.0.1.${a + 1}`, 'commander', `guess-${n}`);
        expect(answer.status).toBe(401);
      }
    }
    expectTooMany(await loginFrom(server.url, '127.0.2.1', 'commander', TEST_PASSWORD), 'locked');
    expect((await loginFrom(server.url, '127.0.0.10', 'commander', TEST_PASSWORD)).status).toBe(200);
  });

  it('is lifted by an administrator, for every address', async () => {
    const server = await newServer(backend);
    for (let n = 1; n <= MAX_FAILED_LOGINS; n++)
      await loginFrom(server.url, '127.0.0.2', 'fire', `wrong-${n}`);
    expectTooMany(await loginFrom(server.url, '127.0.0.2', 'fire', TEST_PASSWORD), 'locked');
    const people = await signIn(server.url, ['admin']);
    const { accounts } = await people.call<{ accounts: { username: string; lockedUntil: string | null }[] }>(
      'admin',
      'GET',
      '/api/accounts',
    );
    // The administrator sees the lock the caller is under, though it holds for one address only.
    const fire = accounts.find((account) => account.username === 'fire');
    expect(Date.parse(fire?.lockedUntil ?? '')).toBeGreaterThan(Date.now());
    await people.call('admin', 'PATCH', '/api/accounts/fire', { unlock: true });
    expect((await loginFrom(server.url, '127.0.0.2', 'fire', TEST_PASSWORD)).status).toBe(200);
  });
});

describe('the rate limits', () => {
  it(`answers sign-in attempt ${LOGIN_ATTEMPTS_PER_ADDRESS + 1} from one address within a minute with 429 rate_limited`, async () => {
    const server = await newServer();
    for (let n = 0; n < LOGIN_ATTEMPTS_PER_ADDRESS; n++) {
      // Unknown names: no account locks, only the address's limit counts.
      expect((await loginFrom(server.url, '127.0.0.3', `nobody-${n}`, 'x')).status).toBe(401);
    }
    expectTooMany(await loginFrom(server.url, '127.0.0.3', 'fire', TEST_PASSWORD), 'rate_limited');
    // Another desk is not held back.
    expect((await loginFrom(server.url, '127.0.0.4', 'fire', TEST_PASSWORD)).status).toBe(200);
  });

  it(`holds one person to ${API_REQUESTS_PER_PERSON} API requests a minute, and not their neighbour`, async () => {
    const server = await newServer();
    const people = await signIn(server.url, ['traffic', 'fire']);
    const statuses: number[] = [];
    // In batches, as a runaway script would, without opening a thousand connections at once.
    for (let sent = 0; sent <= API_REQUESTS_PER_PERSON; sent += 50) {
      const batch = Math.min(50, API_REQUESTS_PER_PERSON + 1 - sent);
      const answers = await Promise.all(
        Array.from({ length: batch }, () =>
          api(server.url, 'GET', '/api/auth/me', undefined, people.as('traffic')),
        ),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_REQUESTS_PER_PERSON);
    const over = await fetch(new URL('/api/auth/me', server.url), {
      headers: { cookie: people.as('traffic') },
    });
    expectTooMany(
      {
        status: over.status,
        body: await over.json(),
        retryAfter: over.headers.get('retry-after') ?? undefined,
      },
      'rate_limited',
    );
    expect((await api(server.url, 'GET', '/api/auth/me', undefined, people.as('fire'))).status).toBe(200);
  });

  it(`holds an address without a session to ${API_REQUESTS_PER_ANONYMOUS_ADDRESS} requests a minute, health excepted`, async () => {
    const server = await newServer();
    const statuses: number[] = [];
    for (let sent = 0; sent <= API_REQUESTS_PER_ANONYMOUS_ADDRESS; sent += 50) {
      const batch = Math.min(50, API_REQUESTS_PER_ANONYMOUS_ADDRESS + 1 - sent);
      const answers = await Promise.all(
        Array.from({ length: batch }, () => api(server.url, 'GET', '/api/incidents')),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(API_REQUESTS_PER_ANONYMOUS_ADDRESS);
    expect(statuses.at(-1)).toBe(429);
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('takes its figures from RATE_LIMITS, each left out keeping its default', async () => {
    expect(loadConfig({ RATE_LIMITS: '{"key":20000}' }).rateLimits).toEqual({
      ...DEFAULT_RATE_LIMITS,
      key: 20_000,
    });
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(() => loadConfig({ RATE_LIMITS: '{"persons":5}' })).toThrow(ConfigError);
    expect(() => loadConfig({ RATE_LIMITS: '{"person":0}' })).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMITS: 'lots' })).toThrow(/not JSON/);
    const server = await startTestServer(undefined, { rateLimits: { ...DEFAULT_RATE_LIMITS, person: 3 } });
    servers.push(server);
    const people = await signIn(server.url, ['traffic']);
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++)
      statuses.push((await api(server.url, 'GET', '/api/auth/me', undefined, people.as('traffic'))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('an unknown username', () => {
  it('is counted and locked from an address as an account is, so a 429 does not tell that a name exists', async () => {
    const server = await newServer();
    const statuses = async (address: string, username: string): Promise<number[]> => {
      const answers: Answer[] = [];
      for (let n = 0; n <= MAX_FAILED_LOGINS; n++)
        answers.push(await loginFrom(server.url, address, username, `guess-${n}`));
      const last = answers.at(-1);
      if (last) expectTooMany(last, 'locked');
      return answers.map((answer) => answer.status);
    };
    const known = await statuses('127.0.0.21', 'fire');
    const unknown = await statuses('127.0.0.22', 'nobody-by-this-name');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toBe(429);
    // Another address has its own count, as for an account.
    expect((await loginFrom(server.url, '127.0.0.23', 'nobody-by-this-name', 'guess')).status).toBe(401);
  });
});
