// Benchmark: reports per second over HTTP as the log grows, against raw better-sqlite3.
// Run after a build: `npm run bench:write` (or `node server/dist/bench/write.bench.js [seconds per run] [log sizes, comma-separated]`).
// Prints figures; asserts nothing. For each log size (empty, 100,000 and 1,000,000 events, the
// big ones cached under node_modules/.cache), a real server takes `POST /api/incidents` from 16
// and then 64 keep-alive connections of a load generator in a child process, with a reporting
// key; the reports bunch around flooded underpasses where civil defence has already reported,
// so correlation finds neighbours and proposes links. The baseline, measured on the same disk
// with the same settings (WAL, synchronous=FULL) just before each size's runs: raw inserts of
// rows the size of a report's event, one per transaction and 100 per transaction.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NewIncident, Principal } from '@mirsad/shared';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';

/** Rate limits no benchmark load reaches. */
const BENCH_RATE_LIMITS = { person: 10_000_000, key: 10_000_000, anonymous: 10_000_000, login: 10_000_000 };
import { SqliteAccountStore, SqliteAuditStore } from '../store/sqlite.accounts.js';
import { openSqlite } from '../store/sqlite.database.js';
import { openMigratedSqlite } from '../store/sqlite.migrations.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { BENCH_ADMIN, cachedLog, copyLog, runDir } from './bench-support.js';
import { UNDERPASSES, type LoadOrder, type LoadResult } from './write.load.js';

const LOG_SIZES = process.argv[3]?.split(',').map(Number) ?? [0, 100_000, 1_000_000];
const CONNECTIONS = [16, 64];
const MEASURE_MS = Number(process.argv[2] ?? 6) * 1000;
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

const perS = (value: number): string => `${Math.round(value).toLocaleString('en')}/s`;

interface SizeFigures {
  rawSingle: number;
  rawBatched: number;
  mirsad: Map<number, LoadResult>;
}

async function measure(size: number): Promise<SizeFigures> {
  const rawDirs = [runDir('raw-single'), runDir('raw-batched')] as const;
  const rawSingle = rawRate(rawDirs[0], 1);
  const rawBatched = rawRate(rawDirs[1], RAW_BATCH_ROWS);
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
      for (const [index, place] of UNDERPASSES.entries())
        await incidents.report(floodingReport(index, place), civilDefence);
    },
  });
  const mirsad = new Map<number, LoadResult>();
  try {
    for (const connections of CONNECTIONS) {
      const commitsBefore = events.commits;
      const headBefore = await events.headSeq();
      // The server runs in this process and nothing else does meanwhile: its CPU per report
      // holds even when other work on the machine slows the run down.
      const cpuBefore = process.cpuUsage();
      const result = await load({
        url: server.url,
        key,
        connections,
        warmupMs: WARMUP_MS,
        durationMs: MEASURE_MS,
        seed: size + connections,
        prefix: `bench-${size}-${connections}`,
      });
      const cpu = process.cpuUsage(cpuBefore);
      const reports = result.answeredInRun;
      const commits = events.commits - commitsBefore;
      const appended = (await events.headSeq()) - headBefore;
      mirsad.set(connections, result);
      console.log(
        `  log ${size.toLocaleString('en')}, ${connections} connections: ${perS(result.ratePerS)} reports ` +
          `(p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failed} failed); ` +
          `per report over the run: ${(appended / Math.max(1, reports)).toFixed(2)} events, ` +
          `${(commits / Math.max(1, reports)).toFixed(3)} commits (fsyncs), ` +
          `${((cpu.user + cpu.system) / 1000 / Math.max(1, reports)).toFixed(2)} ms of server CPU`,
      );
    }
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const rawDir of rawDirs) fs.rmSync(rawDir, { recursive: true, force: true });
  }
  return { rawSingle, rawBatched, mirsad };
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
    figures.set(size, measured);
  }
  console.log('\nsummary (reports/s; against raw batched of the same size):');
  console.log(
    'log events  | ' +
      CONNECTIONS.map((c) => `${c} connections`.padEnd(22)).join(' | ') +
      ' | raw 1/tx  | raw 100/tx',
  );
  for (const [size, measured] of figures) {
    const cells = CONNECTIONS.map((c) => {
      const rate = measured.mirsad.get(c)?.ratePerS ?? 0;
      return `${perS(rate)} (${(rate / measured.rawBatched).toFixed(2)}×)`.padEnd(22);
    });
    console.log(
      `${size.toLocaleString('en').padEnd(11)} | ${cells.join(' | ')} | ${perS(measured.rawSingle).padEnd(9)} | ${perS(measured.rawBatched)}`,
    );
  }
  const first = figures.get(LOG_SIZES[0] ?? 0);
  const last = figures.get(LOG_SIZES.at(-1) ?? 0);
  for (const c of CONNECTIONS) {
    const empty = first?.mirsad.get(c)?.ratePerS ?? NaN;
    const full = last?.mirsad.get(c)?.ratePerS ?? NaN;
    console.log(
      `${c} connections: ${(LOG_SIZES.at(-1) ?? 0).toLocaleString('en')}-event log at ${((full / empty) * 100).toFixed(0)} % of the empty log's rate`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
