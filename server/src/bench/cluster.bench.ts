// bench:cluster — Mirsad on several nodes, against baselines measured in the same run:
//   1. write throughput on PostgreSQL against a raw batched `pg` insert (pg-write.ts);
//   2. fan-out: every report reaching every client, on one node of N clients, then on two
//      nodes of N clients each (through HAProxy when installed);
//   3. after one of the two nodes is SIGKILLed, how long its clients take to be live again
//      through the balancer (p50/p95).
// Size knob: CLUSTER_CLIENTS (default 1000 per node), CLUSTER_REPORTS (default 200),
// CLUSTER_RATE (reports a second, default 20). Needs PostgreSQL and Redis on loopback (as the
// tests do: MIRSAD_TEST_PG_ADMIN_URL, MIRSAD_TEST_REDIS_URL).
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_TEST_URL, redisPrefix } from '../cluster/cluster.test-support.js';
import { haproxyConfig } from '../cluster/haproxy.js';
import { createTestDatabase, type TestDatabase } from '../store/pg.test-support.js';
import { main as pgWrite } from './pg-write.js';
import {
  api,
  freePort,
  login,
  sampleReport,
  spawnServer,
  tempDataDir,
  TEST_PASSWORD,
  waitFor,
} from '../test-support.js';

const CLIENTS = Number(process.env.CLUSTER_CLIENTS ?? 1_000);
const REPORTS = Number(process.env.CLUSTER_REPORTS ?? 200);
const RATE = Number(process.env.CLUSTER_RATE ?? 20);
/** How long every wait may take on a loaded machine, ms. */
const PATIENCE_MS = 180_000;

interface ClientFigures {
  delivered: number;
  connected: number;
  p50Ms: number;
  p95Ms: number;
  dropped: number;
  back: number;
  backP50Ms: number;
  backP95Ms: number;
}

const children: ChildProcess[] = [];
const databases: TestDatabase[] = [];
const prefix = redisPrefix();
const here = (file: string): string => new URL(file, import.meta.url).pathname;

class Clients {
  private constructor(private readonly child: ChildProcess) {}

  static async open(url: string, cookie: string, count: number): Promise<Clients> {
    const child = fork(here('./cluster.clients.js'), [url, cookie, String(count)], { stdio: 'inherit' });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => {
        resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`clients exited with ${code}`));
      });
    });
    return new Clients(child);
  }

  send(message: unknown): void {
    this.child.send(message as string);
  }

  close(): void {
    this.child.send('close');
  }

  read(): Promise<ClientFigures> {
    return new Promise((resolve) => {
      this.child.once('message', (message) => {
        resolve(message as ClientFigures);
      });
      this.child.send('read');
    });
  }
}

async function node(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = await spawnServer({
    PORT: String(port),
    DATA_DIR: tempDataDir(),
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS_TEST_URL,
    REDIS_PREFIX: `${prefix}${databaseUrl.split('/').at(-1) ?? ''}:`,
    MIRSAD_ADMIN_USERNAME: 'admin',
    MIRSAD_ADMIN_PASSWORD: TEST_PASSWORD,
    LOG_LEVEL: 'error',
    RATE_LIMITS: JSON.stringify({ person: 1_000_000, key: 1_000_000, anonymous: 1_000_000, login: 100_000 }),
  });
  children.push(child);
  return { url: `http://127.0.0.1:${port}`, child };
}

/** A commander's cookie and a reporting key, made through `url`. */
async function people(url: string): Promise<{ key: string }> {
  const admin = await login(url, 'admin');
  await api(
    url,
    'POST',
    '/api/accounts',
    { username: 'chief', displayName: 'Chief', role: 'commander', sectors: [], password: TEST_PASSWORD },
    admin,
  );
  const made = await api(
    url,
    'POST',
    '/api/keys',
    { name: 'Bench feed', role: 'reporter', source: 'test-feed' },
    admin,
  );
  return { key: (made.body as { secret: string }).secret };
}

/** Posts `REPORTS` reports at `RATE` a second, round robin over `urls`. */
async function report(urls: readonly string[], key: string, tag: string): Promise<void> {
  const started = Date.now();
  const posts: Promise<unknown>[] = [];
  for (let n = 0; n < REPORTS; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    posts.push(
      api(
        urls[n % urls.length] ?? '',
        'POST',
        '/api/incidents',
        sampleReport(n, { externalRef: `${tag}-${n}` }),
        `Bearer ${key}`,
      ),
    );
  }
  await Promise.all(posts);
}

async function fanOut(
  clients: readonly Clients[],
  urls: readonly string[],
  key: string,
  tag: string,
): Promise<ClientFigures[]> {
  for (const group of clients) group.send('reset');
  const started = Date.now();
  await report(urls, key, tag);
  const expected = REPORTS * CLIENTS;
  await waitFor(
    async () =>
      (await Promise.all(clients.map((group) => group.read()))).every(
        (figures) => figures.delivered >= expected,
      ),
    'every report to reach every client',
    PATIENCE_MS,
  );
  const figures = await Promise.all(clients.map((group) => group.read()));
  const seconds = (Date.now() - started) / 1000;
  const total = figures.reduce((sum, f) => sum + f.delivered, 0);
  console.log(
    `  ${clients.length} node(s) × ${CLIENTS} clients: ${total} deliveries in ${seconds.toFixed(1)} s; ` +
      figures.map((f, i) => `node ${i + 1} p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms`).join('; '),
  );
  return figures;
}

async function balancer(urls: readonly string[]): Promise<string | null> {
  if (spawnSync('haproxy', ['-v']).status !== 0) return null;
  const port = await freePort();
  const file = path.join(tempDataDir(), 'haproxy.cfg');
  fs.writeFileSync(
    file,
    haproxyConfig({
      bind: `127.0.0.1:${port}`,
      nodes: urls.map((url, index) => ({ name: `node${index + 1}`, address: new URL(url).host })),
      maxConnections: 8_000,
    }),
  );
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      ),
    'haproxy',
    PATIENCE_MS,
  );
  return url;
}

async function main(): Promise<void> {
  console.log(`bench:cluster — ${CLIENTS} clients a node, ${REPORTS} reports at ${RATE}/s`);

  console.log('Write throughput on PostgreSQL:');
  await pgWrite();

  console.log('Fan-out, baseline one node:');
  const one = await createTestDatabase('mirsad_bench');
  databases.push(one);
  const single = await node(one.url);
  const { key: singleKey } = await people(single.url);
  const singleClients = await Clients.open(single.url, await login(single.url, 'chief'), CLIENTS);
  await fanOut([singleClients], [single.url], singleKey, 'one');
  singleClients.close();
  single.child.kill('SIGTERM');

  console.log('Fan-out, two nodes (each report made on either):');
  const two = await createTestDatabase('mirsad_bench');
  databases.push(two);
  const a = await node(two.url);
  const b = await node(two.url);
  const { key } = await people(a.url);
  const front = await balancer([a.url, b.url]);
  // Through the balancer (leastconn shares them), or straight to each node without one.
  const groupA = await Clients.open(front ?? a.url, await login(front ?? a.url, 'chief'), CLIENTS);
  const groupB = await Clients.open(front ?? b.url, await login(front ?? b.url, 'chief'), CLIENTS);
  await fanOut([groupA, groupB], [a.url, b.url], key, 'two');

  if (!front) {
    console.log('Back after a node dies: skipped (no haproxy installed)');
  } else {
    console.log('Back after a node dies (SIGKILL of the first node, clients through HAProxy):');
    const killedAtMs = Date.now();
    a.child.kill('SIGKILL');
    for (const group of [groupA, groupB]) group.send({ killedAtMs });
    const read = (): Promise<ClientFigures[]> => Promise.all([groupA, groupB].map((group) => group.read()));
    await waitFor(
      async () => (await read()).some((f) => f.dropped > 0),
      "the dead node's clients to notice",
      PATIENCE_MS,
    );
    await waitFor(
      async () => (await read()).every((f) => f.connected === CLIENTS && f.back === f.dropped),
      'every client to be back',
      PATIENCE_MS,
    );
    const figures = await Promise.all([groupA, groupB].map((group) => group.read()));
    const back = figures.reduce((sum, f) => sum + f.back, 0);
    console.log(
      `  ${back} of ${2 * CLIENTS} clients dropped and back: ` +
        figures
          .filter((f) => f.back > 0)
          .map((f) => `p50 ${f.backP50Ms} ms, p95 ${f.backP95Ms} ms (of ${f.back})`)
          .join('; '),
    );
  }
}

async function cleanUp(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const database of databases) await database.drop().catch(() => undefined);
  const redis = new Redis(REDIS_TEST_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

// Stopped by hand: the nodes, clients, balancer, databases and keys go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });

main()
  .then(cleanUp, async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
