// Benchmark: pattern watch. Run after a build: `npm run bench:patterns` (or
// `node server/dist/bench/patterns.bench.js [loadRecords] [scanSizes] [heldOutDays] [parts] [stores]`,
// e.g. `100000 10000,30000 14` for a quick run, or `300000 - - load sqlite,postgres` for the load
// alone on both stores). Prints figures; asserts nothing.
//  1. The forecast on held-out days of generated data with known structure (a year of burglaries
//     with near repeats): hit rate and PAI (hit rate / share of area) at 1 % and 5 % of the area,
//     against last 30 days' hot spots and uniform chance, in the same run.
//  2. The scan's time (999 replications, every group) on a year of 10,000 and 100,000 records,
//     through the server's worker, and the server's event loop delay meanwhile (idle baseline).
//  3. Loading a million past records through `POST /api/history` into each store (SQLite, and
//     PostgreSQL on 127.0.0.1), the loop's delay meanwhile against the same server idle, and of
//     the loop's stalls over 50 ms how long its thread ran and how long it waited for a CPU.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { latLngToCell, gridDisk } from 'h3-js';
import { generateHistory } from '@mirsad/mock-data';
import { PATTERN_H3_RESOLUTION, type HistoryRecord } from '@mirsad/shared';
import { startServer, type MirsadServer } from '../app.js';
import { localConfig } from '../config.js';
import { createTestDatabase } from '../store/pg.test-support.js';
import { pointsOf } from '../patterns/points.js';
import { forecastCells } from '../patterns/stats/forecast.js';
import { runDir } from './bench-support.js';

/** A positional argument, its default when left out or given as `-`. */
const arg = (index: number, fallback: string): string => {
  const value = process.argv[index];
  return value === undefined || value === '-' ? fallback : value;
};
const LOAD_RECORDS = Number(arg(2, '1000000'));
const SCAN_SIZES = arg(3, '10000,100000').split(',').map(Number);
const HELD_OUT_DAYS = Number(arg(4, '28'));
const PARTS = new Set(arg(5, 'forecast,scan,load').split(','));
const LOAD_STORES = arg(6, 'sqlite,postgres').split(',');
/** A loop that waits longer than this has broken the room's rule, ms. */
const STALL_MS = 50;
const execFileAsync = promisify(execFile);
const DAY_MS = 86_400_000;
const END = Date.parse('2026-11-01T21:00:00Z');
const PASSWORD = 'bench-patterns-password';

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const pct = (value: number): string => `${(100 * value).toFixed(1)} %`;

/** The event loop's delay (p50, p99, max, ms) while `work` runs in this process's server. */
async function loopDelayDuring<T>(
  work: () => Promise<T>,
): Promise<{ value: T; p50: number; p99: number; max: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  const value = await work();
  const elapsed = performance.now() - started;
  histogram.disable();
  return {
    value,
    p50: histogram.percentile(50) / 1e6,
    p99: histogram.percentile(99) / 1e6,
    max: histogram.max / 1e6,
    ms: elapsed,
  };
}

/** The main thread's time on a CPU and waiting for one, ms since it started (Linux's schedstat), or null elsewhere. */
function mainThreadSchedule(): { runMs: number; waitMs: number } | null {
  try {
    const [run = 0, wait = 0] = fs
      .readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
      .split(' ')
      .map(Number);
    return { runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return null;
  }
}

/**
 * The loop's stalls (gaps over STALL_MS between 10 ms ticks) while `work` runs, and of their
 * time how long the main thread ran (its own work: parsing, GC, a synchronous query) and how
 * long it was ready but waited for a CPU (other threads and processes ran).
 */
async function stallsDuring<T>(
  work: () => Promise<T>,
): Promise<{ value: T; count: number; ms: number; runMs: number; waitMs: number }> {
  const stalls = { count: 0, ms: 0, runMs: 0, waitMs: 0 };
  let last = performance.now();
  let lastSchedule = mainThreadSchedule();
  const ticker = setInterval(() => {
    const now = performance.now();
    const schedule = mainThreadSchedule();
    if (now - last > STALL_MS) {
      stalls.count++;
      stalls.ms += now - last;
      if (schedule && lastSchedule) {
        stalls.runMs += schedule.runMs - lastSchedule.runMs;
        stalls.waitMs += schedule.waitMs - lastSchedule.waitMs;
      }
    }
    last = now;
    lastSchedule = schedule;
  }, 10);
  try {
    return { value: await work(), ...stalls };
  } finally {
    clearInterval(ticker);
  }
}

async function startBenchServer(
  name: string,
  now?: () => Date,
  databaseUrl: string | null = null,
): Promise<MirsadServer> {
  return startServer(localConfig(runDir(name), { databaseUrl }), {
    ...(now ? { now } : {}),
    prepare: async ({ auth }) => {
      await auth.createAccount(
        { username: 'admin', displayName: 'Admin', role: 'admin', sectors: [], password: PASSWORD },
        { kind: 'user', id: 'bench', displayName: 'Bench', role: 'admin', sectors: [], source: null },
      );
    },
  });
}

async function cookieOf(server: MirsadServer): Promise<string> {
  const answer = await fetch(new URL('/api/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(server.url).origin },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  return (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Part 1: the forecast against two baselines on held-out days. */
function forecastBench(): void {
  const records = generateHistory({
    seed: 77,
    end: END,
    count: 6_000,
    categories: ['burglary'],
    contagion: { share: 0.35, meanDays: 3, radiusM: 200 },
  });
  const points = pointsOf(records.map((r, i) => ({ ...r, id: String(i) })));
  const cellOf = (i: number): string =>
    latLngToCell(points.lat[i] ?? 0, points.lon[i] ?? 0, PATTERN_H3_RESOLUTION);
  const cells = Array.from({ length: points.t.length }, (_, i) => cellOf(i));
  // The study area is the same for every method: cells with any incident in the year and their ring.
  const area = new Set<string>();
  for (const cell of new Set(cells)) for (const near of gridDisk(cell, 1)) area.add(near);
  const areaCells = [...area];
  const fractions = [0.01, 0.05];
  const methods = ['self-exciting forecast', 'last 30 days’ hot spots', 'uniform'] as const;
  const hits = new Map<string, number>();
  let incidents = 0;
  let forecastMs = 0;
  for (let d = HELD_OUT_DAYS; d >= 1; d--) {
    const at = END - d * DAY_MS;
    const dayIndices: number[] = [];
    for (let i = 0; i < points.t.length; i++) {
      const t = points.t[i] ?? 0;
      if (t > at && t <= at + DAY_MS) dayIndices.push(i);
    }
    incidents += dayIndices.length;
    const started = performance.now();
    const forecast = forecastCells({
      lon: points.lon,
      lat: points.lat,
      t: points.t,
      at,
      hours: 24,
      resolution: PATTERN_H3_RESOLUTION,
    });
    forecastMs += performance.now() - started;
    const forecastScore = new Map(forecast.cells.map((c) => [c.h3, c.expected]));
    const recent = new Map<string, number>();
    const year = new Map<string, number>();
    for (let i = 0; i < points.t.length; i++) {
      const t = points.t[i] ?? 0;
      if (t > at || t <= at - 365 * DAY_MS) continue;
      const cell = cells[i] ?? '';
      year.set(cell, (year.get(cell) ?? 0) + 1);
      if (t > at - 30 * DAY_MS) recent.set(cell, (recent.get(cell) ?? 0) + 1);
    }
    const ranked = {
      'self-exciting forecast': [...areaCells].sort(
        (a, b) => (forecastScore.get(b) ?? 0) - (forecastScore.get(a) ?? 0),
      ),
      // Ties (many cells with one or two) are broken by the year's count, as an analyst's map would.
      'last 30 days’ hot spots': [...areaCells].sort(
        (a, b) => (recent.get(b) ?? 0) - (recent.get(a) ?? 0) || (year.get(b) ?? 0) - (year.get(a) ?? 0),
      ),
    };
    for (const fraction of fractions) {
      const k = Math.max(1, Math.round(fraction * areaCells.length));
      for (const method of ['self-exciting forecast', 'last 30 days’ hot spots'] as const) {
        const chosen = new Set(ranked[method].slice(0, k));
        const got = dayIndices.filter((i) => chosen.has(cells[i] ?? '')).length;
        hits.set(`${method}|${fraction}`, (hits.get(`${method}|${fraction}`) ?? 0) + got);
      }
      // Uniform: k cells at random hold k/area of the day's incidents in expectation.
      hits.set(
        `uniform|${fraction}`,
        (hits.get(`uniform|${fraction}`) ?? 0) + (dayIndices.length * k) / areaCells.length,
      );
    }
  }
  console.log(
    `forecast: ${records.length.toLocaleString('en')} burglaries in a year with near repeats (35 % followed within ~200 m, mean 3 days); ` +
      `${HELD_OUT_DAYS} held-out days, ${incidents} incidents; area ${areaCells.length} H3 cells of resolution ${PATTERN_H3_RESOLUTION}; ` +
      `${ms(forecastMs / HELD_OUT_DAYS)} per forecast`,
  );
  console.log('| method | hit rate at 1 % of area | PAI at 1 % | hit rate at 5 % of area | PAI at 5 % |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const method of methods) {
    const row = fractions.flatMap((fraction) => {
      const k = Math.max(1, Math.round(fraction * areaCells.length));
      const rate = (hits.get(`${method}|${fraction}`) ?? 0) / Math.max(1, incidents);
      return [pct(rate), (rate / (k / areaCells.length)).toFixed(2)];
    });
    console.log(`| ${method} | ${row.join(' | ')} |`);
  }
}

/** Part 2: the scan's time through the server's worker, and the loop's delay meanwhile. */
async function scanBench(): Promise<void> {
  // The server's clock stands at the end of the generated year: its scans are that moment's.
  const server = await startBenchServer('patterns-scan', () => new Date(END));
  try {
    const idle = await loopDelayDuring(() => new Promise((resolve) => setTimeout(resolve, 2_000)));
    console.log(`event loop idle (baseline): p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)}, max ${ms(idle.max)}`);
    let loaded = 0;
    for (const size of SCAN_SIZES) {
      const records = generateHistory({ seed: size, end: END, count: size - loaded });
      for (let i = 0; i < records.length; i += 5_000)
        await server.history.addBatch(records.slice(i, i + 5_000));
      loaded = size;
      // Loaded beside the route (which tells the service itself): answers of the smaller year are stale.
      server.patterns.changed(null);
      const run = await loopDelayDuring(() => server.patterns.scanNow(null));
      console.log(
        `scan of a year of ${size.toLocaleString('en')} records (7 groups, 999 replications): ${(run.ms / 1000).toFixed(1)} s; ` +
          `event loop meanwhile p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, max ${ms(run.max)}`,
      );
    }
  } finally {
    await server.close();
  }
}

/** Part 3: a million past records through `POST /api/history` into one store. */
async function loadBench(store: string): Promise<void> {
  const dir = runDir('patterns-load-files');
  const database = store === 'postgres' ? await createTestDatabase('mirsad_bench') : null;
  const server = await startBenchServer(`patterns-load-${store}`, undefined, database?.url ?? null);
  try {
    const cookie = await cookieOf(server);
    const idle = await stallsDuring(() =>
      loopDelayDuring(() => new Promise((resolve) => setTimeout(resolve, 5_000))),
    );
    const perRequest = 150_000;
    let imported = 0;
    let loadMs = 0;
    let bytes = 0;
    let worst = { p99: 0, max: 0 };
    const stalls = { count: 0, ms: 0, runMs: 0, waitMs: 0 };
    for (let start = 0; start < LOAD_RECORDS; start += perRequest) {
      const count = Math.min(perRequest, LOAD_RECORDS - start);
      const records: HistoryRecord[] = generateHistory({ seed: 1_000 + start, end: END, count });
      // The client is another process (curl, from a file written first), so that the delay
      // measured is the server's own and not the sending of 45 MB from this thread.
      const file = path.join(dir, `history-${start}.ndjson`);
      fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
      bytes += fs.statSync(file).size;
      const measured = await stallsDuring(() =>
        loopDelayDuring(async () => {
          const { stdout } = await execFileAsync(
            'curl',
            [
              '-sS',
              '-X',
              'POST',
              '-H',
              'content-type: application/x-ndjson',
              '-H',
              `cookie: ${cookie}`,
              '-H',
              `origin: ${new URL(server.url).origin}`,
              '--data-binary',
              `@${file}`,
              new URL('/api/history', server.url).href,
            ],
            { maxBuffer: 64 * 1024 * 1024 },
          );
          return JSON.parse(stdout) as { imported: number };
        }),
      );
      const run = measured.value;
      fs.rmSync(file);
      imported += run.value.imported;
      loadMs += run.ms;
      worst = { p99: Math.max(worst.p99, run.p99), max: Math.max(worst.max, run.max) };
      stalls.count += measured.count;
      stalls.ms += measured.ms;
      stalls.runMs += measured.runMs;
      stalls.waitMs += measured.waitMs;
    }
    console.log(
      `history load into ${store}: ${imported.toLocaleString('en')} records (${(bytes / 1e6).toFixed(0)} MB of NDJSON in ${Math.ceil(LOAD_RECORDS / perRequest)} requests) in ${(loadMs / 1000).toFixed(1)} s ` +
        `(${Math.round(imported / (loadMs / 1000)).toLocaleString('en')} records/s); event loop meanwhile p99 ${ms(worst.p99)}, max ${ms(worst.max)} ` +
        `(idle, same server: p99 ${ms(idle.value.p99)}, max ${ms(idle.value.max)})`,
    );
    console.log(
      `  loop stalls over ${STALL_MS} ms during the load: ${stalls.count} (${ms(stalls.ms)} in all; idle: ${idle.count} in 5 s), ` +
        `in which the main thread ran ${ms(stalls.runMs)} and waited for a CPU ${ms(stalls.waitMs)}`,
    );
  } finally {
    await server.close();
    await database?.drop();
  }
}

async function main(): Promise<void> {
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(', ')} on ${os.availableParallelism()} cores`,
  );
  if (PARTS.has('forecast')) forecastBench();
  if (PARTS.has('scan')) await scanBench();
  if (PARTS.has('load')) for (const store of LOAD_STORES) await loadBench(store);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
