// Benchmark: the main-thread cost of one socket's catch-up near the head of the log, as in a
// storm of reconnects. Run after a build: `npm run bench:catchup` (or
// `node server/dist/bench/catchup.bench.js [events] [missed] [rounds]`). Prints figures; asserts nothing.
// A real server (SQLite in a temporary folder) takes `events` reports; then, interleaved round by
// round in the same process and minutes, one catch-up of the `missed` newest events is timed
// as the gateway did it before (a page from the store) and as it does now (a page from the ring
// of recent events), each filtered for the joint room and a sector room as the gateway filters,
// and apart the JSON that socket.io then writes for it (the same either way).
import os from 'node:os';
import { CATCH_UP_BATCH_SIZE, isInFeed, type MirsadEvent } from '@mirsad/shared';
import { EventRing } from '../realtime/event.ring.js';
import { principalFor, sampleReport, startTestServer } from '../test-support.js';
import { percentile } from './bench-support.js';

const EVENTS = Number(process.argv[2] ?? 2_000);
const MISSED = Number(process.argv[3] ?? 250);
const ROUNDS = Number(process.argv[4] ?? 400);

const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
const summary = (timings: readonly number[]): string =>
  `p50 ${us(percentile(timings, 50))}, p95 ${us(percentile(timings, 95))}, p99 ${us(percentile(timings, 99))}`;

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    const commander = principalFor('commander');
    for (let n = 0; n < EVENTS; n++) await server.incidents.report(sampleReport(n), commander);
    const head = await server.store.headSeq();
    const cursor = head - MISSED;
    // The gateway's own ring holds what it published; a twin filled alike is timed here.
    const ring = new EventRing();
    for (const event of await server.store.readEvents(0, head)) ring.push(event);
    const feeds = [
      { exerciseId: null, sectors: null },
      { exerciseId: null, sectors: ['traffic' as const] },
    ];
    const fromStore: number[] = [];
    const fromRing: number[] = [];
    const stringify: number[] = [];
    let bytes = 0;
    const timed = async (
      read: () => MirsadEvent[] | Promise<MirsadEvent[]>,
      into: number[],
    ): Promise<void> => {
      const started = performance.now();
      const page = await read();
      for (const feed of feeds) page.filter((event) => isInFeed(event, feed));
      into.push(performance.now() - started);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const store = (): Promise<MirsadEvent[]> => server.store.readEvents(cursor, CATCH_UP_BATCH_SIZE, head);
      const memory = (): MirsadEvent[] => ring.after(cursor, CATCH_UP_BATCH_SIZE, head) ?? [];
      // Alternate which goes first, so neither always runs on a warmer cache.
      if (round % 2 === 0) {
        await timed(store, fromStore);
        await timed(memory, fromRing);
      } else {
        await timed(memory, fromRing);
        await timed(store, fromStore);
      }
      const page = memory();
      const started = performance.now();
      bytes = JSON.stringify(page).length;
      stringify.push(performance.now() - started);
    }
    const [load1, load5] = os.loadavg();
    console.log(
      `catch-up of ${MISSED} events at the head of ${head.toLocaleString('en')}, ${ROUNDS} rounds, load average ${load1?.toFixed(1)} / ${load5?.toFixed(1)} (shared machine: compare the rows, not absolutes)`,
    );
    console.log(`  read from the store (before) + filter: ${summary(fromStore)}`);
    console.log(`  read from the ring (now) + filter:     ${summary(fromRing)}`);
    console.log(
      `  JSON of the page (both):               ${summary(stringify)}, ${(bytes / 1024).toFixed(0)} KiB`,
    );
    const perSocket = (timings: number[]): number => percentile(timings, 50) + percentile(stringify, 50);
    console.log(
      `  800 reconnecting sockets, main thread at p50: ${(800 * perSocket(fromStore)).toFixed(0)} ms before, ${(800 * perSocket(fromRing)).toFixed(0)} ms now`,
    );
  } finally {
    await server.close();
  }
}

await main();
