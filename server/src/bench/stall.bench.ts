// Benchmark: does a heavy read stall the room? Run from the root: `npm run bench:stall`
// (or, after a build, `node server/dist/bench/stall.bench.js --events 1000000 --clients 1000
// --seconds 45`). Prints figures; asserts nothing.
//
// The real server (main.js, as `npm start` runs it) on a store of 1,000,000 events (made once
// and cached under node_modules/.cache, copied for each run). 1,000 socket.io clients, spread
// over `--client-processes` processes (stall.clients.ts; `--parser shared|default|split`, see
// there), receive the events a driver commits over HTTP, 50 a second. Three phases of the same
// length: idle, then with ten heavy reads kept in flight (30-day summaries, 30-day exports,
// an exercise's review), then with rooms reloading: the room's active picture
// (`GET /api/incidents?scope=active`) asked again and again over a storm's `--open` incidents
// (50,000 by default, opened in the run's copy of the store before the server starts).
// Measured in each: `/api/health` latency (asked every 20 ms, whether the
// last answer came or not), socket delivery (event `at` to arrival), and the server's longest
// event-loop stall (perf_hooks monitorEventLoopDelay). The idle phase is the baseline. To say
// where a delivery's lag comes from, each phase also prints every process's CPU and its main
// thread's wait for a CPU, the clients' event loops, disconnects and reconnects on both sides,
// how lateness spreads over the clients, and deliveries to live sockets apart from catch-ups.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../auth/auth.service.js';
import { SQLITE_FILE } from '../store/sqlite.database.js';
import type { ClientsPhase } from './stall.clients.js';
import { listenOverflows } from './stall.schedstat.js';
import { BENCH_EXERCISE_ID, LOG_SPAN_MS, LOG_START_MS, benchStore, openIncidents } from './stall.store.js';

/** How often `/api/health` is asked, ms. */
const HEALTH_EVERY_MS = 20;
/** How long the driver runs before the first phase is measured, ms. */
const WARM_UP_MS = 20_000;
/** Heavy reads kept in flight during the heavy phase. */
const HEAVY_READS = 10;
/** Active pictures kept in flight in the last phase: rooms and wall displays reloading in a storm. */
const PICTURE_READS = 2;
/** Incidents the driver keeps moving through their workflow. */
const WORKING_SET = 40;
const WORKFLOW = ['acknowledged', 'dispatched', 'on_scene', 'contained', 'closed'] as const;

function numberArg(name: string, fallback: number, { mayBeZero = false } = {}): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !mayBeZero))
    throw new Error(`--${name} takes a positive number`);
  return value;
}

const TOTAL_EVENTS = numberArg('events', 1_000_000);
const CLIENTS = numberArg('clients', 1_000);
const PHASE_S = numberArg('seconds', 45);
/** A storm's open incidents added to the store (`--open 0`: only the month's few hundred). */
const OPEN_INCIDENTS = numberArg('open', 50_000, { mayBeZero: true });
/** Processes the clients are spread over: one process's event loop for a thousand clients is itself a source of lag. */
const CLIENT_PROCESSES = numberArg('client-processes', 2);
/**
 * The clients' socket.io parser: `shared` decodes each distinct frame once per process
 * (stall.parser.ts), `default` is socket.io-client's own; `split` gives every other process
 * the default, an A/B of the load generator's cost within the same run.
 */
const PARSER = ((): 'shared' | 'default' | 'split' => {
  const value = process.argv.includes('--parser')
    ? process.argv[process.argv.indexOf('--parser') + 1]
    : 'shared';
  if (value !== 'shared' && value !== 'default' && value !== 'split')
    throw new Error('--parser takes shared, default or split');
  return value;
})();
const EVENTS_PER_S = numberArg('rate', 50);
const PROFILE_DIR = process.argv.includes('--profile')
  ? process.argv[process.argv.indexOf('--profile') + 1]
  : undefined;

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

/** Asks a child process over IPC and waits for its answer. */
function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer) => {
      resolve(answer as T);
    });
    child.send(message);
  });
}

interface LoopFigures {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}
/** The server process's figures of a phase. */
interface ServerFigures extends LoopFigures {
  /** CPU time of the whole process (main thread and workers), ms. */
  cpuMs: number;
  /** Time the main thread was runnable but waited for a CPU, ms. */
  runQueueWaitMs: number;
  connects: number;
  /** Sockets closed, by socket.io's reason. */
  disconnects: Record<string, number>;
}
/** Socket delivery of a phase, over some or all client processes. */
interface DeliveryFigures {
  delivered: number;
  /** Deliveries of events stamped before the phase began, left out of its delays. */
  fromBefore: number;
  connected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Of the deliveries to sockets that were live (not catching up after a reconnect): how many, p99 and max. */
  live: number;
  liveP99Ms: number;
  liveMaxMs: number;
  /** Clients with any delivery over 100 ms, how many such deliveries, and the worst tenth of the clients' share of them. */
  clientsWithLate: number;
  lateDeliveries: number;
  worstTenthShareOfLate: number;
  /** Each client's latest delivery of the phase: median, 90th percentile and max over the clients, and how many were over 1 s. */
  clientMaxP50Ms: number;
  clientMaxP90Ms: number;
  clientMaxMaxMs: number;
  clientsOverSecond: number;
  /** Per event, the time from the first client's arrival to the last one's, over all processes. */
  eventSpreadP50Ms: number;
  eventSpreadP99Ms: number;
  /**
   * Per event, from its `at` to the first client's arrival: the commit and the publishing, before
   * any fan-out. An event late here is late for every client; a late fan-out shows in the spread.
   */
  firstP50Ms: number;
  firstP99Ms: number;
  firstMaxMs: number;
}

function histogramQuantile(histogram: readonly number[], total: number, q: number): number {
  let seen = 0;
  const wanted = Math.max(1, Math.ceil(q * total));
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= wanted) return ms;
  }
  return Number.NaN;
}

/** The delivery figures of some client processes' reports of one phase, merged. */
function deliveryOf(phases: readonly ClientsPhase[]): DeliveryFigures {
  const merged = (of: (phase: ClientsPhase) => readonly number[]): number[] => {
    const histogram: number[] = [];
    for (const phase of phases)
      of(phase).forEach((n, ms) => {
        histogram[ms] = (histogram[ms] ?? 0) + n;
      });
    return histogram;
  };
  const histogram = merged((phase) => phase.histogram);
  const liveHistogram = merged((phase) => phase.liveHistogram);
  const delivered = histogram.reduce((sum, n) => sum + n, 0);
  const live = liveHistogram.reduce((sum, n) => sum + n, 0);
  const late = phases.flatMap((phase) => phase.clientLate).sort((a, b) => b - a);
  const lateDeliveries = late.reduce((sum, n) => sum + n, 0);
  const worstTenth = late.slice(0, Math.ceil(late.length / 10)).reduce((sum, n) => sum + n, 0);
  const maxes = phases.flatMap((phase) => phase.clientMaxMs).sort((a, b) => a - b);
  const arrivals = new Map<number, [number, number, number]>();
  for (const phase of phases)
    for (const [seq, at, first, last] of phase.arrivals) {
      const seen = arrivals.get(seq);
      arrivals.set(seq, seen ? [at, Math.min(seen[1], first), Math.max(seen[2], last)] : [at, first, last]);
    }
  const spreads = [...arrivals.values()].map(([, first, last]) => last - first);
  const firsts = [...arrivals.values()].map(([at, first]) => first - at);
  return {
    delivered,
    fromBefore: phases.reduce((sum, phase) => sum + phase.fromBefore, 0),
    connected: phases.reduce((sum, phase) => sum + phase.connected, 0),
    p50Ms: histogramQuantile(histogram, delivered, 0.5),
    p99Ms: histogramQuantile(histogram, delivered, 0.99),
    maxMs: histogramQuantile(histogram, delivered, 1),
    live,
    liveP99Ms: histogramQuantile(liveHistogram, live, 0.99),
    liveMaxMs: histogramQuantile(liveHistogram, live, 1),
    clientsWithLate: late.filter((n) => n > 0).length,
    lateDeliveries,
    worstTenthShareOfLate: lateDeliveries === 0 ? 0 : worstTenth / lateDeliveries,
    clientMaxP50Ms: percentile(maxes, 50),
    clientMaxP90Ms: percentile(maxes, 90),
    clientMaxMaxMs: maxes.at(-1) ?? Number.NaN,
    clientsOverSecond: maxes.filter((ms) => ms > 1_000).length,
    eventSpreadP50Ms: percentile(spreads, 50),
    eventSpreadP99Ms: percentile(spreads, 99),
    firstP50Ms: percentile(firsts, 50),
    firstP99Ms: percentile(firsts, 99),
    firstMaxMs: firsts.length > 0 ? Math.max(...firsts) : Number.NaN,
  };
}

/** Counts why a request failed: fetch hides the socket's own error in `cause`. */
function countReason(reasons: Map<string, number>, error: unknown): void {
  const reason =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

/** The driver: reports and moves incidents through their workflow as the duty commander, EVENTS_PER_S a second. */
class Driver {
  private readonly working: { id: string; version: number; step: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  committed = 0;
  failed = 0;
  /** Why requests failed, with how many times. */
  readonly reasons = new Map<string, number>();
  private n = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      void this.step();
    }, 1000 / EVENTS_PER_S);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async step(): Promise<void> {
    try {
      const next = this.working.length >= WORKING_SET ? this.working.shift() : undefined;
      if (!next) {
        this.n += 1;
        const response = await fetch(`${this.url}/api/incidents`, {
          method: 'POST',
          headers: this.headers,
          body: JSON.stringify({
            sector: 'traffic',
            category: 'collision',
            severity: (this.n % 5) + 1,
            title: `Collision ${this.n} on the Fifth Ring Road`,
            description: 'Two vehicles, lanes blocked',
            location: {
              type: 'Point',
              coordinates: [47.9 + (this.n % 300) / 1000, 29.2 + (this.n % 200) / 1000],
            },
            source: 'bench',
            externalRef: null,
          }),
        });
        if (!response.ok) throw new Error(`report: ${response.status}`);
        const incident = (await response.json()) as { id: string; version: number };
        this.working.push({ id: incident.id, version: incident.version, step: 0 });
      } else {
        const status = WORKFLOW[next.step];
        const response = await fetch(`${this.url}/api/incidents/${next.id}`, {
          method: 'PATCH',
          headers: this.headers,
          body: JSON.stringify({ version: next.version, status }),
        });
        if (!response.ok) throw new Error(`update: ${response.status}`);
        const incident = (await response.json()) as { version: number };
        if (next.step + 1 < WORKFLOW.length)
          this.working.push({ ...next, version: incident.version, step: next.step + 1 });
      }
      this.committed += 1;
    } catch (error) {
      this.failed += 1;
      countReason(this.reasons, error);
    }
  }
}

/** Asks `/api/health` every HEALTH_EVERY_MS whether or not the last answer came, and keeps each latency. */
class HealthProbe {
  latencies: number[] = [];
  failed = 0;
  readonly reasons = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  start(): void {
    this.timer = setInterval(() => {
      const started = performance.now();
      fetch(`${this.url}/api/health`)
        .then(async (response) => {
          await response.arrayBuffer();
          this.latencies.push(performance.now() - started);
        })
        .catch((error: unknown) => {
          this.failed += 1;
          countReason(this.reasons, error);
        });
    }, HEALTH_EVERY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * The heavy reads, one kind per loop: 30-day summaries, 30-day CSV exports, an exercise's
 * review. Each request's window is shifted by a few minutes (by loop and round), so that no
 * two ask the same question and each is a computation of its own, never an answer shared.
 */
function heavyRead(index: number, round: number): string {
  const shiftMs = ((index * 7 + round * 13) % 120) * 60_000;
  const from = new Date(LOG_START_MS + shiftMs).toISOString();
  const to = new Date(LOG_START_MS + LOG_SPAN_MS + shiftMs).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  if (index < 4) return `/api/review/summary?${range}`;
  if (index < 7) return `/api/export/events?format=csv&${range}`;
  const exerciseAt = new Date(LOG_START_MS + 15 * 24 * 3_600_000 + 3_600_000 + shiftMs).toISOString();
  return round % 2 === 0
    ? `/api/review/summary?exercise=${BENCH_EXERCISE_ID}&to=${encodeURIComponent(exerciseAt)}`
    : `/api/picture?at=${encodeURIComponent(exerciseAt)}&exercise=${BENCH_EXERCISE_ID}`;
}

interface HeavyResult {
  path: string;
  isExercise: boolean;
  status: number;
  ms: number;
  /** From the request to the answer's first byte, ms. */
  firstByteMs: number;
  bytes: number;
}

/** The statuses of reads answered neither 200 nor 503, with how many of each, or nothing when none. */
function otherStatuses(results: readonly HeavyResult[]): string {
  const counts = new Map<number, number>();
  for (const { status } of results)
    if (status !== 200 && status !== 503) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts.size === 0 ? '' : ` (${[...counts].map(([status, n]) => `${n}× ${status}`).join(', ')})`;
}

/** What a phase keeps in flight besides the driver: nothing, the heavy reads, or active pictures. */
type PhaseReads = 'none' | 'heavy' | 'picture';

/** Keeps `loops` reads in flight until aborted, each loop asking `routeOf(loop, round)` again once answered. */
async function readLoops(
  url: string,
  cookie: string,
  signal: AbortSignal,
  results: HeavyResult[],
  loops: number,
  routeOf: (index: number, round: number) => string,
): Promise<void> {
  await Promise.all(
    Array.from({ length: loops }, async (_, index) => {
      for (let round = 0; !signal.aborted; round++) {
        const route = routeOf(index, round);
        const started = performance.now();
        try {
          const response = await fetch(`${url}${route}`, { headers: { cookie }, signal });
          const firstByteMs = performance.now() - started;
          let bytes = 0;
          if (response.body)
            for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
          results.push({
            path: route.split('?')[0] ?? route,
            isExercise: route.includes('exercise='),
            status: response.status,
            ms: performance.now() - started,
            firstByteMs,
            bytes,
          });
          if (response.status === 503) await sleep(1_000);
        } catch {
          // Aborted at the end of the phase.
        }
      }
    }),
  );
}

async function main(): Promise<void> {
  console.log(
    `stall benchmark: ${TOTAL_EVENTS.toLocaleString('en')} events, ${CLIENTS} clients, ${EVENTS_PER_S} events/s, ${PHASE_S} s per phase`,
  );
  const cached = await benchStore(TOTAL_EVENTS);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-stall-'));
  fs.copyFileSync(cached, path.join(dataDir, SQLITE_FILE));
  if (OPEN_INCIDENTS > 0) {
    const opening = performance.now();
    await openIncidents(dataDir, OPEN_INCIDENTS);
    console.log(
      `${OPEN_INCIDENTS.toLocaleString('en')} incidents opened in the run's store in ${((performance.now() - opening) / 1000).toFixed(1)} s`,
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MIRSAD_DEMO: '1',
    MIRSAD_DEMO_ACTIVITY: '0',
    LOG_LEVEL: 'warn',
    // The bench's clients, probes and heavy readers all come from one address and account: a
    // load generator, not a person, so no limit may shape what it measures.
    RATE_LIMITS: JSON.stringify({ person: 10_000_000, key: 10_000_000, anonymous: 10_000_000 }),
  };
  const server = fork(here('./stall.server.js'), [], {
    env: serverEnv,
    // `--profile DIR` writes the server's main-thread CPU profile of each phase there, to see what holds its event loop.
    ...(PROFILE_DIR ? { env: { ...serverEnv, STALL_PROFILE_DIR: path.resolve(PROFILE_DIR) } } : {}),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let clients: ChildProcess[] = [];
  try {
    const startedAt = performance.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      const health = await fetch(`${url}/api/health`).catch(() => null);
      if (health?.ok) break;
      await sleep(200);
    }
    console.log(`server up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'commander', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login failed: ${login.status}`);
    const { headSeq } = (await (await fetch(`${url}/api/health`)).json()) as { headSeq: number };

    const connecting = performance.now();
    const parserOf = (index: number): string =>
      PARSER === 'split' ? (index % 2 === 0 ? 'shared' : 'default') : PARSER;
    clients = Array.from({ length: CLIENT_PROCESSES }, (_, index) => {
      const share = Math.floor(CLIENTS / CLIENT_PROCESSES) + (index < CLIENTS % CLIENT_PROCESSES ? 1 : 0);
      return fork(
        here('./stall.clients.js'),
        [url, cookie, String(share), String(headSeq), parserOf(index)],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      );
    });
    const ready = await Promise.all(
      clients.map(
        (child) =>
          new Promise<number>((resolve, reject) => {
            child.once('message', (message) => {
              resolve((message as { ready: number }).ready);
            });
            child.once('exit', (code) => {
              reject(new Error(`the clients exited with ${code}`));
            });
          }),
      ),
    );
    console.log(
      `${ready.reduce((sum, n) => sum + n, 0)} clients in ${CLIENT_PROCESSES} processes (parser ${PARSER}) connected in ${((performance.now() - connecting) / 1000).toFixed(1)} s`,
    );

    const driver = new Driver(url, { 'content-type': 'application/json', cookie, origin: url });
    driver.start();
    // The clients' catch-up after connecting leaves some of them seconds behind for a while;
    // measured from the start, the idle phase would time that transient, not the room at rest.
    await sleep(WARM_UP_MS);

    const phase = async (name: string, reads: PhaseReads) => {
      const probe = new HealthProbe(url);
      const results: HeavyResult[] = [];
      const controller = new AbortController();
      const committedBefore = driver.committed;
      const overflowsBefore = listenOverflows();
      server.send('reset');
      for (const child of clients) child.send('reset');
      probe.start();
      const loops =
        reads === 'heavy'
          ? readLoops(url, cookie, controller.signal, results, HEAVY_READS, heavyRead)
          : reads === 'picture'
            ? readLoops(
                url,
                cookie,
                controller.signal,
                results,
                PICTURE_READS,
                () => '/api/incidents?scope=active',
              )
            : Promise.resolve();
      await sleep(PHASE_S * 1000);
      probe.stop();
      const loop = await ask<ServerFigures>(server, 'read');
      const processes = await Promise.all(clients.map((child) => ask<ClientsPhase>(child, 'read')));
      const delivery = deliveryOf(processes);
      controller.abort();
      await loops;
      const figures = {
        name,
        // The machine's 1-minute load average at the phase's end: figures of a busy machine are not comparable with a quiet one's.
        load: os.loadavg()[0] ?? Number.NaN,
        healthP50: percentile(probe.latencies, 50),
        healthP99: percentile(probe.latencies, 99),
        healthMax: Math.max(...probe.latencies),
        healthCount: probe.latencies.length,
        healthFailed: probe.failed,
        healthReasons: probe.reasons,
        delivery,
        processes,
        loop,
        committed: driver.committed - committedBefore,
        listenOverflows: listenOverflows() - overflowsBefore,
        results,
      };
      // Let the reads that were running when the phase ended finish before the next phase.
      await sleep(reads === 'none' ? 1_000 : 0);
      return figures;
    };
    const idle = await phase('idle', 'none');
    const heavy = await phase('heavy reads', 'heavy');
    const pictures = await phase(`active pictures (${PICTURE_READS} in flight)`, 'picture');
    driver.stop();

    const ms = (value: number): string => `${value.toFixed(1)} ms`;
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
    console.log('');
    for (const figures of [idle, heavy, pictures]) {
      console.log(
        `${figures.name} (${PHASE_S} s, ${figures.committed} events committed, ${figures.healthCount} health checks answered, ${figures.healthFailed} failed; load average ${figures.load.toFixed(2)} on ${os.availableParallelism()} cores):`,
      );
      if (figures.listenOverflows > 0)
        console.log(
          `  the kernel dropped ${figures.listenOverflows.toLocaleString('en')} connections on full listen queues (the whole machine's count: a server that rarely gets a CPU accepts rarely, and its clients' connects time out)`,
        );
      console.log(
        `  /api/health   p50 ${ms(figures.healthP50)}  p99 ${ms(figures.healthP99)}  max ${ms(figures.healthMax)}`,
      );
      const d = figures.delivery;
      const line = (label: string, of: DeliveryFigures): string =>
        `  ${label} (${of.connected} connected, ${of.delivered.toLocaleString('en')} deliveries of the phase's events; ${of.fromBefore.toLocaleString('en')} of earlier ones left out)  p50 ${ms(of.p50Ms)}  p99 ${ms(of.p99Ms)}  max ${ms(of.maxMs)}${of.delivered > of.live ? `; without the ${(of.delivered - of.live).toLocaleString('en')} to sockets catching up after a reconnect: p99 ${ms(of.liveP99Ms)}, max ${ms(of.liveMaxMs)}` : ''}`;
      console.log(line('socket delivery', d));
      const untimed = new Map<string, { deliveries: number; maxMs: number }>();
      for (const child of figures.processes)
        for (const [type, of] of Object.entries(child.untimed)) {
          const seen = untimed.get(type) ?? { deliveries: 0, maxMs: 0 };
          untimed.set(type, {
            deliveries: seen.deliveries + of.deliveries,
            maxMs: Math.max(seen.maxMs, of.maxMs),
          });
        }
      if (untimed.size > 0)
        console.log(
          `    of which not the driver's: ${[...untimed].map(([type, of]) => `${of.deliveries.toLocaleString('en')} deliveries of ${type} (latest ${ms(of.maxMs)} after its \`at\`)`).join(', ')}`,
        );
      if (PARSER === 'split')
        for (const parser of ['shared', 'default'])
          console.log(
            line(
              `  clients with the ${parser} parser`,
              deliveryOf(figures.processes.filter((p) => p.parser === parser)),
            ),
          );
      console.log(
        `  server event loop: longest stall ${ms(figures.loop.maxMs)}, p99 ${ms(figures.loop.p99Ms)}, mean ${ms(figures.loop.meanMs)}`,
      );
      const core = (cpuMs: number): string => `${((cpuMs / (PHASE_S * 1000)) * 100).toFixed(0)} % of a core`;
      const reasons = (counts: Record<string, number>): string =>
        Object.entries(counts)
          .map(([reason, n]) => `${n}× ${reason}`)
          .join(', ') || 'none';
      // CPU per delivery is what the load does not change much; the wait for a CPU says how much of a lag is the machine's.
      const perDelivery = (cpuMs: number, deliveries: number): string =>
        `${deliveries > 0 ? ((cpuMs * 1000) / deliveries).toFixed(1) : '-'} µs a delivery`;
      console.log(
        `  server process: CPU ${core(figures.loop.cpuMs)} (${perDelivery(figures.loop.cpuMs, d.delivered)}), main thread waited ${ms(figures.loop.runQueueWaitMs)} for a CPU; sockets connected ${figures.loop.connects}, closed: ${reasons(figures.loop.disconnects)}`,
      );
      figures.processes.forEach((p, index) => {
        const delivered = p.histogram.reduce((sum, n) => sum + n, 0);
        console.log(
          `  clients process ${index + 1} (${p.clients} clients, ${p.parser} parser: ${p.framesDecoded.toLocaleString('en')} frames decoded, ${p.framesShared.toLocaleString('en')} shared): CPU ${core(p.cpuMs)} (${perDelivery(p.cpuMs, delivered)}), waited ${ms(p.runQueueWaitMs)} for a CPU; event loop longest stall ${ms(p.loop.maxMs)}, p99 ${ms(p.loop.p99Ms)}, mean ${ms(p.loop.meanMs)}; disconnects: ${reasons(p.disconnects)}; reconnects ${p.reconnects}`,
        );
      });
      console.log(
        `  lateness over the clients: ${d.clientsWithLate} of ${CLIENTS} got a delivery over 100 ms (${d.lateDeliveries.toLocaleString('en')} late deliveries, ${(d.worstTenthShareOfLate * 100).toFixed(0)} % of them to the worst tenth); each client's latest: median ${ms(d.clientMaxP50Ms)}, p90 ${ms(d.clientMaxP90Ms)}, max ${ms(d.clientMaxMaxMs)}, ${d.clientsOverSecond} over 1 s`,
      );
      console.log(
        `  per event: from its \`at\` to the first client p50 ${ms(d.firstP50Ms)}, p99 ${ms(d.firstP99Ms)}, max ${ms(d.firstMaxMs)}; first to last client p50 ${ms(d.eventSpreadP50Ms)}, p99 ${ms(d.eventSpreadP99Ms)}`,
      );
    }
    for (const figures of [heavy, pictures]) {
      const byPath = new Map<string, HeavyResult[]>();
      for (const result of figures.results) {
        const kind = result.isExercise ? `${result.path} (exercise)` : result.path;
        byPath.set(kind, [...(byPath.get(kind) ?? []), result]);
      }
      const answered = figures.results.filter((r) => r.status === 200);
      console.log(
        `  ${figures.name}: reads finished during the phase: ${answered.length} answered 200, ${figures.results.filter((r) => r.status === 503).length} refused with 503, ${figures.results.filter((r) => r.status !== 200 && r.status !== 503).length} other${figures === heavy ? ' (each a different window: no answer shared)' : ''}`,
      );
      for (const [route, results] of byPath) {
        const ok = results.filter((r) => r.status === 200);
        const times = ok.map((r) => r.ms);
        console.log(
          `    ${route}: ${ok.length} answered 200 (p50 ${ms(percentile(times, 50))}, max ${ms(times.length > 0 ? Math.max(...times) : Number.NaN)}, first byte p50 ${ms(
            percentile(
              ok.map((r) => r.firstByteMs),
              50,
            ),
          )}, ${(ok.reduce((sum, r) => sum + r.bytes, 0) / 1e6).toFixed(1)} MB), ${results.filter((r) => r.status === 503).length} × 503, ${results.filter((r) => r.status !== 200 && r.status !== 503).length} other${otherStatuses(results)}`,
        );
      }
    }
    console.log('');
    console.log(
      `heavy / idle: /api/health p99 ${ratio(heavy.healthP99, idle.healthP99)}, socket delivery p99 ${ratio(heavy.delivery.p99Ms, idle.delivery.p99Ms)} (target: p99 under 100 ms and at most 1.5× idle)`,
    );
    console.log(
      `active pictures / idle: /api/health p99 ${ratio(pictures.healthP99, idle.healthP99)}, socket delivery p99 ${ratio(pictures.delivery.p99Ms, idle.delivery.p99Ms)}; the server's longest event-loop stall ${ms(pictures.loop.maxMs)} (idle ${ms(idle.loop.maxMs)}; the rule: no request holds it over 50 ms)`,
    );
    console.log(
      `driver: ${driver.committed} events committed, ${driver.failed} failed${driver.failed ? ` (${[...driver.reasons].map(([reason, n]) => `${n}× ${reason}`).join('; ')})` : ''}`,
    );
    for (const figures of [idle, heavy, pictures])
      if (figures.healthFailed)
        console.log(
          `health checks failed in the ${figures.name} phase: ${[...figures.healthReasons].map(([reason, n]) => `${n}× ${reason}`).join('; ')}`,
        );
  } finally {
    for (const child of clients) child.send('close');
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
