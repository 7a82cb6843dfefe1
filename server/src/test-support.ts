// Helpers for the server's tests: real SQLite files in temp folders, real servers on real
// ports, real socket.io clients. Nothing here is mocked.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type MirsadEvent,
  type NewIncident,
  type SectorId,
  type ServerToClientEvents,
} from '@mirsad/shared';
import { startServer, type MirsadServer } from './app.js';
import type { ServerConfig } from './config.js';

/** A fresh folder for one test's data. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-test-'));
}

/** Starts an in-process server on a free port with an empty store in `dataDir`. */
export function startTestServer(
  dataDir = tempDataDir(),
  overrides: Partial<ServerConfig> = {},
): Promise<MirsadServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    isDemo: false,
    isDemoActivity: false,
    mapStyleUrl: null,
    webDist: path.join(dataDir, 'no-web'),
    logLevel: 'silent',
    ...overrides,
  });
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
  options: { lastSeq?: number; sectors?: SectorId[] } = {},
): RecordingClient {
  const events: MirsadEvent[] = [];
  const liveSeqs: number[] = [];
  const lastSeq = (): number => events.at(-1)?.seq ?? options.lastSeq ?? 0;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: (cb) => {
      cb({
        protocolVersion: PROTOCOL_VERSION,
        lastSeq: lastSeq(),
        ...(options.sectors ? { sectors: options.sectors } : {}),
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

/** JSON request helper against a running server. */
export async function api(
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(route, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
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
