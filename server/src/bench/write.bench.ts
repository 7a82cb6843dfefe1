// Benchmark: reports per second over HTTP as the log grows, against raw better-sqlite3.
// Run after a build: `npm run bench:write` (or `node server/dist/bench/write.bench.js [seconds per run]
// [log sizes, comma-separated] [connections, comma-separated] [--profile DIR] [--rate N]`; `… 3 0 64` is a short
// run for a busy machine). `--profile DIR` writes the main thread's CPU profile of each Mirsad run there
// (`write-<log size>-<connections>.cpuprofile`, for Chrome's DevTools or speedscope). `--rate N` offers N
// reports a second in all instead of as many as the server answers: two builds then do the same work
// per second (the same group sizes, the same timers between reports), so their server CPU per report
// compares on a busy machine, where the flat-out rate and what it amortises swing with the load.
// `--no-baselines` measures Mirsad alone (for A/B runs of two builds, alternated). `--sockets N` keeps N
// socket.io clients signed in as a duty commander (the joint room's screens) connected through the
// runs, in a process of their own (stall.clients.ts), so that the server's CPU per report includes
// broadcasting each report and its links to an open room; without it no socket is connected.
// Prints figures; asserts nothing. For each log size (empty, 100,000 and 1,000,000 events, the
// big ones cached under node_modules/.cache), a real server takes `POST /api/incidents` from 16
// and then 64 keep-alive connections of a load generator in a child process, with a reporting
// key; the reports bunch around flooded underpasses where civil defence has already reported,
// so correlation finds neighbours and proposes links. The baselines, measured in the same run just
// before each size's runs:
// - raw better-sqlite3 on the same disk with the same settings (WAL, synchronous=FULL): one row
//   per report into a table like `events` (seq, id, type, at, body of about a report's event, an
//   index on at), one per transaction and 100 per transaction (the issue's baseline);
// - the store alone: what a report minimally writes (its event, subject row, incident row,
//   spatial-index entry and the request's audit row) through the real SqliteEventStore, 100
//   reports per group commit, without HTTP, parsing or correlation; on the same log, after the
//   server's runs, so that it shows what the store's own cost does as the log grows;
// - the HTTP floor (once): a bare Fastify route that parses the same JSON body and answers 201,
//   under the same load generator, for the CPU a request costs before Mirsad does anything.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import {
  incidentReportedEvent,
  reportedIncident,
  type NewIncident,
  type NewMirsadEvent,
  type Principal,
} from '@mirsad/shared';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';

/** Rate limits no benchmark load reaches. */
const BENCH_RATE_LIMITS = { person: 10_000_000, key: 10_000_000, anonymous: 10_000_000, login: 10_000_000 };
import { SqliteAccountStore, SqliteAuditStore } from '../store/sqlite.accounts.js';
import { openSqlite } from '../store/sqlite.database.js';
import { orderedId } from '../store/ordered-id.js';
import { openMigratedSqlite } from '../store/sqlite.migrations.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { BENCH_ADMIN, cachedLog, copyLog, runDir } from './bench-support.js';
import { UNDERPASSES, type LoadOrder, type LoadResult } from './write.load.js';

/** The value of `--name VALUE` on the command line, if given. */
const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const PROFILE_DIR = option('--profile');
const OFFERED_RATE = option('--rate') === undefined ? undefined : Number(option('--rate'));
const HAS_BASELINES = !process.argv.includes('--no-baselines');
const SOCKETS = Number(option('--sockets') ?? 0);
const FIRST_OPTION = process.argv.findIndex((arg) => arg.startsWith('--'));
const ARGS = FIRST_OPTION > 0 ? process.argv.slice(0, FIRST_OPTION) : process.argv;
const LOG_SIZES = ARGS[3]?.split(',').map(Number) ?? [0, 100_000, 1_000_000];
const CONNECTIONS = ARGS[4]?.split(',').map(Number) ?? [16, 64];
const MEASURE_MS = Number(ARGS[2] ?? 6) * 1000;
const WARMUP_MS = 1_500;
const RAW_MS = 3_000;
const RAW_BATCH_ROWS = 100;

/** The real store, counting its group commits: each is one fsync of the write-ahead log. */
class CountingStore extends SqliteEventStore {
  commits = 0;

  override commitGroup(): Promise<void> {
    this.commits++;
    return super.commitGroup();
  }
}

/** The duty commander whose screens (`--sockets N`) watch the joint room during the runs. */
const BENCH_COMMANDER = { username: 'bench-commander', password: 'bench-commander-password-1' };

/** Opens `count` commander sockets on `url` in a child process; resolves once all are connected. */
async function openScreens(url: string, headSeq: number, count: number): Promise<ChildProcess> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(BENCH_COMMANDER),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`the bench commander's login failed: ${login.status}`);
  const child = fork(fileURLToPath(new URL('./stall.clients.js', import.meta.url)), [
    url,
    cookie,
    String(count),
    String(headSeq),
    'shared',
  ]);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => {
      resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the socket clients exited with ${code}`));
    });
  });
  return child;
}

/** Civil defence's own report at each underpass, made before the storm of drivers' reports. */
const civilDefence: Principal = {
  kind: 'user',
  id: 'bench-civil-defence',
  displayName: 'Civil Defence',
  role: 'officer',
  sectors: ['civil-defence'],
  source: null,
};

function floodingReport(index: number, [lon, lat]: readonly [number, number]): NewIncident {
  return {
    sector: 'civil-defence',
    category: 'flooding',
    severity: 4,
    title: `Underpass ${index + 1} flooded`,
    description: 'Water about a metre deep; pumps requested',
    location: { type: 'Point', coordinates: [lon, lat] },
    source: 'web',
    externalRef: null,
  };
}

/** Rows per second that raw better-sqlite3 commits in `dir`, `perTransaction` at a time. */
function rawRate(dir: string, perTransaction: number): number {
  const { db } = openSqlite(dir);
  db.exec(`CREATE TABLE raw (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    at TEXT NOT NULL, body TEXT NOT NULL); CREATE INDEX raw_at ON raw (at)`);
  const insert = db.prepare('INSERT INTO raw (seq, id, type, at, body) VALUES (?, ?, ?, ?, ?)');
  // About the size of a report's event as the server stores it.
  const body = JSON.stringify({ padding: 'x'.repeat(1_100) });
  let seq = 0;
  const insertRows = db.transaction((count: number) => {
    for (let i = 0; i < count; i++) {
      seq++;
      insert.run(seq, `event-${seq}-${Math.random()}`, 'incident.reported', new Date().toISOString(), body);
    }
  });
  const started = performance.now();
  while (performance.now() - started < RAW_MS) insertRows(perTransaction);
  const rate = seq / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/** The event of a driver's report at an underpass, as the service writes it. */
function driverReportEvent(n: number): NewMirsadEvent {
  const at = new Date().toISOString();
  const [lon, lat] = UNDERPASSES[n % UNDERPASSES.length] ?? [48, 29.3];
  const incident = reportedIncident({
    id: orderedId(),
    sector: 'traffic',
    category: 'flooded-road',
    severity: 3,
    title: 'Water over the road in the underpass',
    description: 'Vehicles stalled in standing water; lanes closed in both directions',
    location: { type: 'Point', coordinates: [lon + (n % 7) * 1e-4, lat + (n % 5) * 1e-4] },
    governorate: 'capital',
    reportedAt: at,
    updatedAt: at,
    source: 'bench-feed',
    externalRef: `store-${n}`,
    exerciseId: null,
  });
  return incidentReportedEvent(incident, { id: orderedId(), at, actor: 'key:bench' });
}

/**
 * Reports per second the store alone commits in `dir`: each report's event (with its subject
 * row, incident row and spatial-index entry) and its audit row, RAW_BATCH_ROWS reports per group.
 */
async function storeRate(dir: string): Promise<number> {
  const { db, file } = await openMigratedSqlite(dir);
  const store = new SqliteEventStore(db, file);
  const audit = new SqliteAuditStore(db);
  let reports = 0;
  const started = performance.now();
  while (performance.now() - started < RAW_MS) {
    await store.beginGroup();
    for (let i = 0; i < RAW_BATCH_ROWS; i++) {
      await store.beginWork();
      const event = await store.append(driverReportEvent(reports++));
      await audit.append({
        at: event.at,
        actor: 'key:bench',
        action: 'incident.report',
        target: '/api/incidents',
        outcome: 'ok',
        detail: `seq ${event.seq}`,
        ip: '127.0.0.1',
      });
      await store.endWork(true);
    }
    await store.commitGroup();
  }
  const rate = reports / ((performance.now() - started) / 1000);
  await store.close();
  return rate;
}

/** What a bare Fastify route does with the same load: parse the body, answer 201; with its CPU per request. */
async function httpFloor(connections: number): Promise<{ result: LoadResult; cpuMsPerReport: number }> {
  const app = Fastify();
  app.post('/api/incidents', (request, reply) =>
    reply.code(201).send({ ...(request.body as object), id: randomUUID() }),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const cpuBefore = process.cpuUsage();
    const result = await load({
      url,
      key: 'mk_unused',
      connections,
      warmupMs: WARMUP_MS,
      durationMs: MEASURE_MS,
      seed: connections,
      prefix: 'floor',
    });
    const cpu = process.cpuUsage(cpuBefore);
    return { result, cpuMsPerReport: (cpu.user + cpu.system) / 1000 / Math.max(1, result.answeredInRun) };
  } finally {
    await app.close();
  }
}

function load(order: LoadOrder): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./write.load.js', import.meta.url)), { stdio: 'inherit' });
    child.once('message', (result: LoadResult) => {
      resolve(result);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`));
    });
    child.send(order);
  });
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
}

/** The machine's 1-minute load average (2 cores here: above 2, other work competes with the run). */
const loadAverage = (): string => (os.loadavg()[0] ?? NaN).toFixed(1);

const perS = (value: number): string => `${Math.round(value).toLocaleString('en')}/s`;

interface SizeFigures {
  rawSingle: number;
  rawBatched: number;
  store: number;
  mirsad: Map<number, LoadResult>;
  /** The server's CPU per report, ms, by connections: unlike the rate, it holds on a busy machine. */
  cpuMsPerReport: Map<number, number>;
}

async function measure(size: number): Promise<SizeFigures> {
  const rawDirs = [runDir('raw-single'), runDir('raw-batched')] as const;
  const rawSingle = HAS_BASELINES ? rawRate(rawDirs[0], 1) : NaN;
  const rawBatched = HAS_BASELINES ? rawRate(rawDirs[1], RAW_BATCH_ROWS) : NaN;
  const dir = runDir('write');
  await copyLog(size, dir);
  const { db, file } = await openMigratedSqlite(dir);
  const events = new CountingStore(db, file);
  let key = '';
  // The load generator posts thousands a second through one key: far past a feed's limit, which
  // is lifted here so the figure is the write path's (the limiter's own check still runs).
  const server = await startServer(localConfig(dir, { rateLimits: BENCH_RATE_LIMITS }), {
    stores: { events, accounts: new SqliteAccountStore(db), audit: new SqliteAuditStore(db) },
    prepare: async ({ auth, incidents }) => {
      const created = await auth.createApiKey(
        { name: 'Traffic reports feed', role: 'reporter', source: 'bench-feed', sectors: ['traffic'] },
        BENCH_ADMIN,
      );
      key = created.secret;
      if (SOCKETS > 0)
        await auth.createAccount(
          { ...BENCH_COMMANDER, displayName: 'Bench commander', role: 'commander', sectors: [] },
          BENCH_ADMIN,
        );
      for (const [index, place] of UNDERPASSES.entries())
        await incidents.report(floodingReport(index, place), civilDefence);
    },
  });
  const mirsad = new Map<number, LoadResult>();
  const cpuMsPerReport = new Map<number, number>();
  let screens: ChildProcess | null = null;
  try {
    if (SOCKETS > 0) screens = await openScreens(server.url, await events.headSeq(), SOCKETS);
    for (const connections of CONNECTIONS) {
      const commitsBefore = events.commits;
      const headBefore = await events.headSeq();
      // The server runs in this process and nothing else does meanwhile: its CPU per report
      // holds even when other work on the machine slows the run down.
      const cpuBefore = process.cpuUsage();
      // How long the loop stayed unavailable to other requests (sockets, health) under the load.
      const loopDelay = monitorEventLoopDelay({ resolution: 5 });
      loopDelay.enable();
      const profiler = PROFILE_DIR ? await startProfile() : null;
      const result = await load({
        url: server.url,
        key,
        connections,
        warmupMs: WARMUP_MS,
        durationMs: MEASURE_MS,
        seed: size + connections,
        prefix: `bench-${size}-${connections}`,
        ...(OFFERED_RATE === undefined ? {} : { ratePerS: OFFERED_RATE }),
      });
      const cpu = process.cpuUsage(cpuBefore);
      loopDelay.disable();
      if (profiler && PROFILE_DIR)
        await stopProfile(profiler, path.join(PROFILE_DIR, `write-${size}-${connections}.cpuprofile`));
      const reports = result.answeredInRun;
      const commits = events.commits - commitsBefore;
      const appended = (await events.headSeq()) - headBefore;
      mirsad.set(connections, result);
      cpuMsPerReport.set(connections, (cpu.user + cpu.system) / 1000 / Math.max(1, reports));
      console.log(
        `  log ${size.toLocaleString('en')}, ${connections} connections${SOCKETS > 0 ? `, ${SOCKETS} commander sockets` : ''}: ${perS(result.ratePerS)} reports ` +
          `(p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failed} failed); ` +
          `per report over the run: ${(appended / Math.max(1, reports)).toFixed(2)} events, ` +
          `${(commits / Math.max(1, reports)).toFixed(3)} commits (fsyncs), ` +
          `${((cpu.user + cpu.system) / 1000 / Math.max(1, reports)).toFixed(2)} ms of server CPU; ` +
          `event loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms; ` +
          `machine's load average ${loadAverage()}`,
      );
    }
  } catch (error) {
    screens?.kill();
    await server.close();
    for (const failedDir of [dir, ...rawDirs]) fs.rmSync(failedDir, { recursive: true, force: true });
    throw error;
  }
  screens?.kill();
  await server.close();
  let store: number;
  try {
    // On the same log, just after the server let go of it: what the store alone costs at this size.
    store = HAS_BASELINES ? await storeRate(dir) : NaN;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const rawDir of rawDirs) fs.rmSync(rawDir, { recursive: true, force: true });
  }
  return { rawSingle, rawBatched, store, mirsad, cpuMsPerReport };
}

async function main(): Promise<void> {
  // Written first (once), so that no log is being generated while anything is timed.
  for (const size of LOG_SIZES) if (size > 0) await cachedLog(size);
  const figures = new Map<number, SizeFigures>();
  for (const size of LOG_SIZES) {
    console.log(`log of ${size.toLocaleString('en')} events:`);
    const measured = await measure(size);
    console.log(
      `  raw better-sqlite3, same disk and settings: ${perS(measured.rawSingle)} one per transaction, ` +
        `${perS(measured.rawBatched)} in transactions of ${RAW_BATCH_ROWS}`,
    );
    console.log(
      `  the store alone (event, subject, incident, spatial index and audit rows; ${RAW_BATCH_ROWS} reports a group): ${perS(measured.store)} reports`,
    );
    figures.set(size, measured);
  }
  // Once, after the stores: a floor for the CPU of one request, whatever the log holds.
  const floorConnections = CONNECTIONS.at(-1) ?? 64;
  const floor = HAS_BASELINES ? await httpFloor(floorConnections) : null;
  if (floor)
    console.log(
      `HTTP floor, a bare Fastify route answering 201 to the same bodies at ${floorConnections} connections: ` +
        `${perS(floor.result.ratePerS)} (p50 ${floor.result.p50Ms.toFixed(1)} ms), ${floor.cpuMsPerReport.toFixed(2)} ms of server CPU per request`,
    );
  console.log('\nsummary (reports/s; against raw batched of the same size):');
  console.log(
    'log events  | ' +
      CONNECTIONS.map((c) => `${c} connections`.padEnd(22)).join(' | ') +
      ' | raw 1/tx  | raw 100/tx | store alone',
  );
  for (const [size, measured] of figures) {
    const cells = CONNECTIONS.map((c) => {
      const rate = measured.mirsad.get(c)?.ratePerS ?? 0;
      return `${perS(rate)} (${(rate / measured.rawBatched).toFixed(2)}×)`.padEnd(22);
    });
    console.log(
      `${size.toLocaleString('en').padEnd(11)} | ${cells.join(' | ')} | ${perS(measured.rawSingle).padEnd(9)} | ${perS(measured.rawBatched).padEnd(10)} | ${perS(measured.store)}`,
    );
  }
  const first = figures.get(LOG_SIZES[0] ?? 0);
  const last = figures.get(LOG_SIZES.at(-1) ?? 0);
  for (const c of CONNECTIONS) {
    const empty = first?.mirsad.get(c)?.ratePerS ?? NaN;
    const full = last?.mirsad.get(c)?.ratePerS ?? NaN;
    const emptyCpu = first?.cpuMsPerReport.get(c) ?? NaN;
    const fullCpu = last?.cpuMsPerReport.get(c) ?? NaN;
    console.log(
      `${c} connections: ${(LOG_SIZES.at(-1) ?? 0).toLocaleString('en')}-event log at ${((full / empty) * 100).toFixed(0)} % of the ` +
        `${(LOG_SIZES[0] ?? 0).toLocaleString('en')}-event log's rate; server CPU per report ${fullCpu.toFixed(2)} ms against ` +
        `${emptyCpu.toFixed(2)} ms (${((fullCpu / emptyCpu) * 100).toFixed(0)} %)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
