// Helpers for the server's tests: real SQLite files in temp folders, real servers on real
// ports, real socket.io clients. Nothing here is mocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  incidentReportedEvent,
  reportedIncident,
  PROTOCOL_VERSION,
  type Incident,
  type NewMirsadEvent,
  type NewAccount,
  type Principal,
  type ClientToServerEvents,
  type MirsadEvent,
  type NewIncident,
  type SectorId,
  type ServerToClientEvents,
} from '@mirsad/shared';
import { startServer, type MirsadServer, type StartOptions } from './app.js';
import { localConfig, type ServerConfig } from './config.js';
import { createTestDatabase } from './store/pg.test-support.js';

/** A fresh folder for one test's data. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-test-'));
}

/** The password of every account the tests create. */
export const TEST_PASSWORD = 'correct-horse-battery';

/** The accounts a test server starts with. */
export const TEST_ACCOUNTS = [
  { username: 'commander', displayName: 'Commander', role: 'commander', sectors: [] },
  { username: 'admin', displayName: 'Admin', role: 'admin', sectors: [] },
  { username: 'trainer', displayName: 'Trainer', role: 'trainer', sectors: [] },
  { username: 'traffic', displayName: 'Traffic Officer', role: 'officer', sectors: ['traffic'] },
  {
    username: 'civil-defence',
    displayName: 'Civil Defence Officer',
    role: 'officer',
    sectors: ['civil-defence'],
  },
  { username: 'fire', displayName: 'Fire Officer', role: 'officer', sectors: ['fire-marine-rescue'] },
] as const satisfies readonly Omit<NewAccount, 'password'>[];

/** The settings of a test server: a free port, silent, no demo. */
export function testConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return localConfig(dataDir, overrides);
}

/** Starts an in-process server on a free port with an empty store in `dataDir` and the test accounts. */
export async function startTestServer(
  dataDir = tempDataDir(),
  overrides: Partial<ServerConfig> = {},
  options: StartOptions = {},
): Promise<MirsadServer> {
  // MIRSAD_TEST_STORE=postgres runs every server test that names no store on a fresh
  // PostgreSQL database of its own, dropped when the server closes.
  if (
    process.env.MIRSAD_TEST_STORE === 'postgres' &&
    !options.stores &&
    overrides.databaseUrl === undefined
  ) {
    const database = await createTestDatabase();
    const server = await startTestServer(dataDir, { ...overrides, databaseUrl: database.url }, options).catch(
      async (error: unknown) => {
        await database.drop();
        throw error;
      },
    );
    const close = server.close.bind(server);
    let closing: Promise<void> | null = null;
    server.close = () => (closing ??= close().finally(() => database.drop()));
    return server;
  }
  const server = await startServer(testConfig(dataDir, overrides), options);
  if ((await server.auth.listAccounts()).length === 0) {
    const system: Principal = {
      kind: 'user',
      id: 'test',
      displayName: 'Test',
      role: 'admin',
      sectors: [],
      source: null,
    };
    for (const account of TEST_ACCOUNTS) {
      await server.auth.createAccount(
        { ...account, sectors: [...account.sectors], password: TEST_PASSWORD },
        system,
      );
    }
  }
  return server;
}

/** Signs in over HTTP and returns the Cookie header value for later requests and sockets. */
export async function login(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok)
    throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('login set no cookie');
  return cookie;
}

/** The principal of a test account, for calling services directly. */
export function principalFor(username: (typeof TEST_ACCOUNTS)[number]['username']): Principal {
  const account = TEST_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no test account ${username}`);
  return {
    kind: 'user',
    id: account.username,
    displayName: account.displayName,
    role: account.role,
    sectors: [...account.sectors],
    source: null,
  };
}

/** A port that was free a moment ago, for a server that must come back on the same one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** Polls `check` until it holds, or fails after `timeoutMs` with `what`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A subscribed client that records every durable event it receives, in order. */
export interface RecordingClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  events: MirsadEvent[];
  lastSeq(): number;
  liveSeqs: number[];
  close(): void;
}

/** Connects a socket.io client that resumes from its own last sequence on every reconnect. */
export function recordingClient(
  url: string,
  options: {
    lastSeq?: number;
    sectors?: SectorId[];
    cookie?: string;
    token?: string;
    origin?: string;
    exerciseId?: string;
  } = {},
): RecordingClient {
  const events: MirsadEvent[] = [];
  const liveSeqs: number[] = [];
  const lastSeq = (): number => events.at(-1)?.seq ?? options.lastSeq ?? 0;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    // With a cookie, as a browser on the app's page: its Origin unless the test names another.
    extraHeaders: {
      ...(options.cookie ? { cookie: options.cookie, origin: new URL(url).origin } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    auth: (cb) => {
      cb({
        protocolVersion: PROTOCOL_VERSION,
        lastSeq: lastSeq(),
        ...(options.sectors ? { sectors: options.sectors } : {}),
        ...(options.token ? { token: options.token } : {}),
        ...(options.exerciseId ? { exerciseId: options.exerciseId } : {}),
      });
    },
  });
  socket.on('log.events', (batch) => {
    events.push(...batch);
  });
  socket.on('log.live', ({ seq }) => {
    liveSeqs.push(seq);
  });
  return {
    socket,
    events,
    lastSeq,
    liveSeqs,
    close: () => {
      socket.close();
    },
  };
}

/** A valid report, varied by `n` so that many of them differ. */
export function sampleReport(n: number, overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    sector: 'traffic',
    category: 'collision',
    severity: (n % 5) + 1,
    title: `Collision ${n} on the Fifth Ring Road`,
    description: 'Two vehicles, lanes blocked',
    location: { type: 'Point', coordinates: [48.0 + (n % 100) / 1000, 29.3 + (n % 50) / 1000] },
    source: 'test-feed',
    externalRef: `ref-${n}`,
    ...overrides,
  };
}

/** JSON request helper against a running server; `as` is a Cookie header value or `Bearer <key>`. */
export async function api(
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
  as?: string,
): Promise<{ status: number; body: unknown }> {
  // A cookie is sent as a browser on the app's own page would: with its Origin.
  const credentials: Record<string, string> =
    as === undefined
      ? {}
      : as.startsWith('Bearer ')
        ? { authorization: as }
        : { cookie: as, origin: new URL(baseUrl).origin };
  const response = await fetch(new URL(route, baseUrl), {
    method,
    headers: {
      ...credentials,
      // A text that is markup goes as CAP; everything else as JSON.
      ...(body === undefined
        ? {}
        : {
            'content-type':
              typeof body === 'string' && body.trimStart().startsWith('<')
                ? 'application/cap+xml'
                : 'application/json',
          }),
    },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // JSON answers parsed; XML (CAP, Atom) and other text as it came.
  const isJson = response.headers.get('content-type')?.includes('json') ?? true;
  return { status: response.status, body: text ? (isJson ? (JSON.parse(text) as unknown) : text) : null };
}

/** The built server's entry, for tests that must kill a real process. */
export const SERVER_ENTRY = fileFromHere('../dist/main.js');

function fileFromHere(relative: string): string {
  return new URL(relative, import.meta.url).pathname;
}

/** Starts the built server as a child process and resolves once it answers health checks. */
export async function spawnServer(env: Record<string, string>): Promise<ChildProcess> {
  if (!fs.existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: build the server first (npm test does)`);
  }
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, MIRSAD_DEMO: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${env.PORT ?? '8080'}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited with ${child.exitCode ?? child.signalCode}: ${output}`);
      }
      try {
        return (await fetch(`${url}/api/health`)).ok;
      } catch {
        return false;
      }
    },
    'the server to answer /api/health',
    30_000,
  );
  return child;
}

/** People signed in to one server, and a way to call the API as each, expecting a status. */
export interface SignedIn {
  /** The Cookie header value of a signed-in person. */
  as(username: string): string;
  /** Calls the API as `username`; fails with the answer when its status is not `expected`. */
  call<T>(username: string, method: string, route: string, body?: unknown, expected?: number): Promise<T>;
}

/** Signs in each person once and returns the helpers a test needs to act as them. */
export async function signIn(baseUrl: string, usernames: readonly string[]): Promise<SignedIn> {
  const cookies = new Map<string, string>();
  for (const username of usernames) cookies.set(username, await login(baseUrl, username));
  const as = (username: string): string => {
    const cookie = cookies.get(username);
    if (!cookie) throw new Error(`${username} is not signed in`);
    return cookie;
  };
  return {
    as,
    async call<T>(
      username: string,
      method: string,
      route: string,
      body?: unknown,
      expected = 200,
    ): Promise<T> {
      const answer = await api(baseUrl, method, route, body, as(username));
      if (answer.status !== expected) {
        throw new Error(
          `${method} ${route} as ${username}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      return answer.body as T;
    },
  };
}

/** An incident as the store keeps it, varied by `n` (its minute and externalRef). */
export function storedIncident(n: number, overrides: Partial<Incident> = {}): Incident {
  const at = new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString();
  return {
    ...reportedIncident({
      id: randomUUID(),
      sector: overrides.sector ?? 'traffic',
      category: 'collision',
      severity: 3,
      title: `Incident ${n}`,
      description: '',
      location: { type: 'Point', coordinates: [48, 29.3] },
      governorate: 'hawalli',
      reportedAt: at,
      updatedAt: at,
      source: 'test',
      externalRef: `ref-${n}`,
      exerciseId: null,
    }),
    ...overrides,
  };
}

/** The event that reports `value`. */
export function reportedEvent(value: Incident): NewMirsadEvent {
  return incidentReportedEvent(value, { id: randomUUID(), at: value.updatedAt, actor: 'source:test' });
}
