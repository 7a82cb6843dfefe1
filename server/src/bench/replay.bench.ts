// Benchmark: the picture at any moment of a log of one million events, over HTTP.
// Run after a build: `npm run bench:replay` (or `node server/dist/bench/replay.bench.js [events] [moments]`).
// Prints figures; asserts nothing. A real server answers `GET /api/picture?at=` for random
// moments, timed from the request to the last byte of the answer. Baselines in the same run:
// the moment's sequence found as the server once did (MAX(seq) … WHERE at <= ?, which walks the
// table back from the newest event) against the `at` index, and folding the whole log from the
// first event, which is what a replay without snapshots would cost.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PictureSchema, emptyPictureState, foldPicture } from '@mirsad/shared';
import { createRandom } from '@mirsad/mock-data';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import { SQLITE_FILE } from '../store/sqlite.database.js';
import { BENCH_ADMIN, LOG_SPAN_MS, LOG_START_MS, copyLog, percentile, runDir } from './bench-support.js';

const TOTAL_EVENTS = Number(process.argv[2] ?? 1_000_000);
const MOMENTS = Number(process.argv[3] ?? 200);
const PASSWORD = 'bench-replay-password';

const ms = (value: number): string => `${value.toFixed(1)} ms`;

function summary(timings: readonly number[]): string {
  return `p50 ${ms(percentile(timings, 50))}, p95 ${ms(percentile(timings, 95))}, p99 ${ms(percentile(timings, 99))}, max ${ms(Math.max(...timings))}`;
}

async function main(): Promise<void> {
  const dir = runDir('replay');
  await copyLog(TOTAL_EVENTS, dir);
  const file = path.join(dir, SQLITE_FILE);
  console.log(
    `log: ${TOTAL_EVENTS.toLocaleString('en')} events over 30 days, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`,
  );
  const random = createRandom(7);
  const moments = Array.from({ length: MOMENTS }, () =>
    new Date(LOG_START_MS + random.float(0, 1) * LOG_SPAN_MS).toISOString(),
  );

  const server = await startServer(localConfig(dir), {
    prepare: async ({ auth }) => {
      await auth.createAccount(
        {
          username: 'commander',
          displayName: 'Commander',
          role: 'commander',
          sectors: [],
          password: PASSWORD,
        },
        BENCH_ADMIN,
      );
    },
  });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'commander', password: PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((header) => header.split(';')[0] ?? '')
      .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error(`signing in answered ${login.status}`);

    const timings: number[] = [];
    let incidents = 0;
    for (const at of moments) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/picture?at=${encodeURIComponent(at)}`, {
        headers: { cookie },
      });
      const text = await response.text();
      timings.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`GET /api/picture answered ${response.status}: ${text}`);
      incidents += PictureSchema.parse(JSON.parse(text)).incidents.length;
    }
    console.log(
      `GET /api/picture at ${MOMENTS} random moments: ${summary(timings)} (${Math.round(incidents / MOMENTS)} active incidents on average)`,
    );
  } finally {
    await server.close();
  }

  // Baselines, on a connection of their own once the server is gone.
  const db = new Database(file, { readonly: true });
  const byMax = db.prepare<[string], { seq: number | null }>(
    'SELECT MAX(seq) AS seq FROM events WHERE at <= ?',
  );
  const byIndex = db.prepare<[string], { seq: number }>(
    'SELECT seq FROM events WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT 1',
  );
  const time = (run: (at: string) => unknown): number[] =>
    moments.slice(0, 25).map((at) => {
      const started = performance.now();
      run(at);
      return performance.now() - started;
    });
  console.log(
    `  the moment's sequence through the at index (25 moments): ${summary(time((at) => byIndex.get(at)))}`,
  );
  console.log(
    `  baseline, the same by MAX(seq) WHERE at <= ? (25 moments): ${summary(time((at) => byMax.get(at)))}`,
  );
  const started = performance.now();
  const state = emptyPictureState();
  const page = db.prepare<[number], { seq: number; body: string }>(
    'SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT 5000',
  );
  for (let cursor = 0; ;) {
    const rows = page.all(cursor);
    const last = rows.at(-1);
    if (!last) break;
    for (const row of rows) foldPicture(state, JSON.parse(row.body) as Parameters<typeof foldPicture>[1]);
    cursor = last.seq;
  }
  console.log(
    `  baseline, folding all ${TOTAL_EVENTS.toLocaleString('en')} events from the start: ${(performance.now() - started).toFixed(0)} ms`,
  );
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
