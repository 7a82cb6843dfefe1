// Benchmark: what each of the stall benchmark's heavy reads costs ALONE, with nothing else
// running in this process. Run after a build: `node server/dist/bench/reads.bench.js [events]`
// (add `--cpu-prof` before the script to see where the time goes). Uses the stall benchmark's
// cached store (stall.store.ts), opened read-only as the read pool's workers open it, and runs
// each read on this thread, one after the other: wall time, this process's CPU time, and the
// size of the answer. Prints figures; asserts nothing. The machine may be shared: the load
// average is printed, and a read's CPU time is a steadier figure than its wall time.
import os from 'node:os';
import { DEFAULT_RESPONSE_TARGETS, type ExportQuery } from '@mirsad/shared';
import { exportChunks } from '../review/export.service.js';
import { ReplayService } from '../review/replay.service.js';
import { ReviewService } from '../review/review.service.js';
import type { EventStore, LogQuery } from '../store/event.store.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { BENCH_EXERCISE_ID, LOG_SPAN_MS, LOG_START_MS, benchStore } from './stall.store.js';

const TOTAL_EVENTS = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

async function measure(name: string, read: () => Promise<number>): Promise<void> {
  if (ONLY && !name.includes(ONLY)) return;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const bytes = await read();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    `${name.padEnd(34)} wall ${(wallMs / 1000).toFixed(2).padStart(6)} s  cpu ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s  answer ${(bytes / 1e6).toFixed(1).padStart(6)} MB  (load average ${(os.loadavg()[0] ?? 0).toFixed(2)})`,
  );
}

/** The store as the JSON export read it until it passed the stored text through: each event parsed, then stringified. */
function reparsing(store: EventStore): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    readLogText: async (query: LogQuery) =>
      (await store.readLog(query)).map((event) => ({ seq: event.seq, body: JSON.stringify(event) })),
  });
}

async function main(): Promise<void> {
  const file = await benchStore(TOTAL_EVENTS);
  const store = SqliteEventStore.openReadOnly(file);
  const replay = new ReplayService(store);
  const review = new ReviewService(store, replay, DEFAULT_RESPONSE_TARGETS);
  const from = new Date(LOG_START_MS);
  const to = new Date(LOG_START_MS + LOG_SPAN_MS);
  console.log(
    `heavy reads alone on ${TOTAL_EVENTS.toLocaleString('en')} events (${os.availableParallelism()} cores)`,
  );
  await measure('30-day summary', async () => JSON.stringify(await review.summary({ from, to }, {})).length);
  await measure(
    '30-day summary, traffic only',
    async () => JSON.stringify(await review.summary({ from, to }, { sector: ['traffic'] })).length,
  );
  await measure('1-day summary', async () => {
    const dayTo = new Date(LOG_START_MS + 24 * 3_600_000);
    return JSON.stringify(await review.summary({ from, to: dayTo }, {})).length;
  });
  // The JSON export twice, alternated: as it writes now (each event's stored text) and as it
  // wrote before (every event parsed and stringified again), the baseline in the same run.
  const exports: [string, EventStore, ExportQuery['format']][] = [
    ['30-day export (csv)', store, 'csv'],
    ['30-day export (json)', store, 'json'],
    ['30-day export (json), reparsed', reparsing(store), 'json'],
    ['30-day export (json)', store, 'json'],
    ['30-day export (json), reparsed', reparsing(store), 'json'],
  ];
  for (const [name, source, format] of exports)
    await measure(name, async () => {
      let bytes = 0;
      let firstMs = Number.NaN;
      const started = performance.now();
      for await (const chunk of exportChunks(
        source,
        { format, from: from.toISOString(), to: to.toISOString() },
        new Date().toISOString(),
      )) {
        if (Number.isNaN(firstMs)) firstMs = performance.now() - started;
        bytes += Buffer.byteLength(chunk);
      }
      console.log(`  (first chunk after ${firstMs.toFixed(0)} ms)`);
      return bytes;
    });
  await measure(
    'exercise summary',
    async () =>
      JSON.stringify(await review.summary({ from: null, to: null }, { exercise: BENCH_EXERCISE_ID })).length,
  );
  await measure('exercise picture', async () => {
    const at = new Date(LOG_START_MS + 15 * 24 * 3_600_000 + 3_600_000);
    return JSON.stringify(await review.exercisePictureAt(BENCH_EXERCISE_ID, at)).length;
  });
  await store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
