import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listScenarios } from '@mirsad/mock-data';
import { IncidentSchema, type Exercise, type MirsadEvent } from '@mirsad/shared';
import { createTestDatabase, type TestDatabase } from '../store/pg.test-support.js';
import { PgEventStore } from '../store/pg.store.js';
import {
  api,
  freePort,
  login,
  recordingClient,
  sampleReport,
  spawnServer,
  tempDataDir,
  TEST_PASSWORD,
  waitFor,
  type RecordingClient,
} from '../test-support.js';
import { dropRedisPrefix, REDIS_TEST_URL, redisPrefix } from './cluster.test-support.js';
import { haproxyConfig } from './haproxy.js';

/** Reports answered before node A is killed, and after. */
const ANSWERED_BEFORE_KILL = 40;
const ANSWERED_AFTER_KILL = 40;
const WRITERS = 4;
/** Clients following the live picture through the balancer (or, without HAProxy, each on one node). */
const ROAMING_CLIENTS = 4;
/** Generous: eight helpers share two cores. */
const SLOW_MS = 45_000;

const HAS_HAPROXY = spawnSync('haproxy', ['-v']).status === 0;

const children: ChildProcess[] = [];
const clients: RecordingClient[] = [];
let database: TestDatabase | null = null;
let store: PgEventStore | null = null;
const prefix = redisPrefix();

afterAll(async () => {
  for (const client of clients) client.close();
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  await database?.drop();
  await dropRedisPrefix(prefix);
});

/** A client that, without a balancer, moves to the surviving node as the web client would through one. */
class Follower {
  readonly events: MirsadEvent[] = [];
  private client: RecordingClient;

  constructor(
    url: string,
    private readonly cookie: string,
  ) {
    this.client = this.connect(url, 0);
  }

  private connect(url: string, lastSeq: number): RecordingClient {
    const client = recordingClient(url, { cookie: this.cookie, lastSeq });
    clients.push(client);
    client.socket.on('log.events', (batch) => {
      this.events.push(...batch);
    });
    return client;
  }

  get isConnected(): boolean {
    return this.client.socket.connected;
  }

  get lives(): number {
    return this.client.liveSeqs.length;
  }

  moveTo(url: string): void {
    this.client.close();
    this.client = this.connect(url, this.events.at(-1)?.seq ?? 0);
  }
}

async function startBalancer(nodes: readonly string[]): Promise<string> {
  const port = await freePort();
  const file = path.join(tempDataDir(), 'haproxy.cfg');
  fs.writeFileSync(
    file,
    haproxyConfig({
      bind: `127.0.0.1:${port}`,
      nodes: nodes.map((url, index) => ({ name: `node${index + 1}`, address: new URL(url).host })),
      maxConnections: 1_000,
    }),
  );
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
      return fetch(`${url}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
    },
    'haproxy to answer',
    SLOW_MS,
  );
  return url;
}

/** Reports from one writer, alternating between the nodes, until told to stop. */
async function writer(
  index: number,
  nodes: readonly string[],
  key: string,
  answered: Map<string, string>,
  next: () => number | null,
): Promise<void> {
  for (let n = next(); n !== null; n = next()) {
    const url = nodes[(index + n) % nodes.length] ?? '';
    const externalRef = `cluster-${n}`;
    try {
      const response = await fetch(`${url}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(sampleReport(n, { externalRef })),
      });
      if (response.status === 201) answered.set(externalRef, IncidentSchema.parse(await response.json()).id);
    } catch {
      // The node died under this request: it may or may not have been committed, and was not answered.
    }
  }
}

async function exerciseOf(url: string, cookie: string, id: string): Promise<Exercise> {
  const { status, body } = await api(url, 'GET', `/api/exercises/${id}`, undefined, cookie);
  if (status !== 200) throw new Error(`GET exercise answered ${status}`);
  return body as Exercise;
}

describe('two nodes on PostgreSQL and Redis', () => {
  it('loses no answered report, no event and no exercise clock when a node is killed', async () => {
    database = await createTestDatabase();
    const env = async (): Promise<Record<string, string>> => ({
      PORT: String(await freePort()),
      DATA_DIR: tempDataDir(),
      DATABASE_URL: database?.url ?? '',
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      MIRSAD_ADMIN_USERNAME: 'admin',
      MIRSAD_ADMIN_PASSWORD: TEST_PASSWORD,
      RATE_LIMITS: JSON.stringify({ person: 100_000, key: 100_000, anonymous: 100_000, login: 1_000 }),
    });
    const envA = await env();
    const envB = await env();
    // A starts first and leads; B follows.
    const nodeA = await spawnServer(envA);
    children.push(nodeA);
    const nodeB = await spawnServer(envB);
    children.push(nodeB);
    const urlA = `http://127.0.0.1:${envA.PORT}`;
    const urlB = `http://127.0.0.1:${envB.PORT}`;

    // Accounts live in PostgreSQL: made on A, used on B.
    const admin = await login(urlA, 'admin');
    const made = await api(
      urlA,
      'POST',
      '/api/accounts',
      { username: 'chief', displayName: 'Chief', role: 'commander', sectors: [], password: TEST_PASSWORD },
      admin,
    );
    expect(made.status).toBe(201);
    const keyAnswer = await api(
      urlA,
      'POST',
      '/api/keys',
      { name: 'Cluster feed', role: 'reporter', source: 'test-feed' },
      admin,
    );
    expect(keyAnswer.status).toBe(201);
    const key = (keyAnswer.body as { secret: string }).secret;
    const chiefOnB = await login(urlB, 'chief');
    const balancer = HAS_HAPROXY ? await startBalancer([urlA, urlB]) : null;
    const chiefThroughBalancer = balancer ? await login(balancer, 'chief') : null;

    // A client on B receives what is reported on A, in order.
    const onB = new Follower(urlB, chiefOnB);
    const roaming = Array.from({ length: ROAMING_CLIENTS }, (_, index) =>
      balancer && chiefThroughBalancer
        ? new Follower(balancer, chiefThroughBalancer)
        : new Follower(index % 2 === 0 ? urlA : urlB, chiefOnB),
    );
    const followers = [onB, ...roaming];
    await waitFor(
      () => followers.every((follower) => follower.lives >= 1),
      'every client to go live',
      SLOW_MS,
    );
    const first = await api(
      urlA,
      'POST',
      '/api/incidents',
      sampleReport(0, { externalRef: 'first' }),
      `Bearer ${key}`,
    );
    expect(first.status).toBe(201);
    const firstId = IncidentSchema.parse(first.body).id;
    await waitFor(
      () =>
        onB.events.some((event) => event.type === 'incident.reported' && event.data.incident.id === firstId),
      'the client on B to receive the report made on A',
      SLOW_MS,
    );

    // An exercise, started through B (which does not run clocks), runs on A's clock at 60×.
    const scenarioId = listScenarios()[0]?.id ?? '';
    const created = await api(
      urlB,
      'POST',
      '/api/exercises',
      { scenarioId, trainees: [], seed: 7, speed: 60 },
      chiefOnB,
    );
    expect(created.status).toBe(201);
    const exerciseId = (created.body as Exercise).id;
    expect(
      (await api(urlB, 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' }, chiefOnB)).status,
    ).toBe(200);
    await waitFor(
      async () => (await exerciseOf(urlB, chiefOnB, exerciseId)).clockMin >= 1,
      'the leader to move the exercise clock',
      SLOW_MS,
    );

    // Four writers through both nodes; A is killed while they write.
    const answered = new Map<string, string>();
    let counter = 1;
    let isWriting = true;
    const next = (): number | null => (isWriting ? counter++ : null);
    const writing = Promise.all(
      Array.from({ length: WRITERS }, (_, index) => writer(index, [urlA, urlB], key, answered, next)),
    );
    await waitFor(
      () => answered.size >= ANSWERED_BEFORE_KILL,
      'reports answered through both nodes',
      SLOW_MS,
    );
    const clockAtKill = (await exerciseOf(urlB, chiefOnB, exerciseId)).clockMin;
    nodeA.kill('SIGKILL');
    const answeredAtKill = answered.size;
    if (!balancer) for (const follower of roaming) if (!follower.isConnected) follower.moveTo(urlB);
    await waitFor(
      () => answered.size >= answeredAtKill + ANSWERED_AFTER_KILL,
      'reports answered by the surviving node',
      SLOW_MS,
    );
    isWriting = false;
    await writing;
    if (!balancer) for (const follower of roaming) if (!follower.isConnected) follower.moveTo(urlB);

    // The log: gap-free, and every answered report in it exactly once.
    store = PgEventStore.openReadOnly(database.url);
    const log = await store.readEvents(0, 1_000_000);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    const reportsOf = new Map<string, number>();
    for (const event of log)
      if (event.type === 'incident.reported')
        reportsOf.set(event.data.incident.id, (reportsOf.get(event.data.incident.id) ?? 0) + 1);
    expect(answered.size).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL + ANSWERED_AFTER_KILL);
    for (const [externalRef, id] of answered)
      expect([externalRef, reportsOf.get(id)]).toEqual([externalRef, 1]);

    // Every client is back and has every live event once, in order (a commander sees every sector).
    const live = log.filter((event) => event.exerciseId === null).map((event) => event.seq);
    const lastLive = live.at(-1) ?? 0;
    await waitFor(
      () => followers.every((follower) => (follower.events.at(-1)?.seq ?? 0) >= lastLive),
      'every client to be back and caught up',
      SLOW_MS,
    );
    for (const follower of followers)
      expect(follower.events.map((event) => event.seq).filter((seq) => seq <= lastLive)).toEqual(live);

    // B took the lead: the exercise's clock goes on from where it was.
    await waitFor(
      async () => {
        const exercise = await exerciseOf(urlB, chiefOnB, exerciseId);
        return exercise.status === 'running' && exercise.clockMin >= clockAtKill + 2;
      },
      'the exercise clock to go on under the new leader',
      SLOW_MS,
    );
    // Its injects fired once each, whichever node fired them.
    const reported = log.length;
    const after = await store.readEvents(reported, 1_000_000);
    const exerciseReports = [...log, ...after].filter(
      (event) => event.type === 'incident.reported' && event.exerciseId === exerciseId,
    );
    const ids = exerciseReports.map((event) =>
      event.type === 'incident.reported' ? event.data.incident.id : '',
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
