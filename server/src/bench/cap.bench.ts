// Benchmark: does taking in CAP hold the room's event loop? Run from the root: `npm run
// bench:cap` (or, after a build, `node server/dist/bench/cap.bench.js --messages 40 --kib 1000`).
// Prints figures; asserts nothing.
//
// Baseline, in this process: how long reading one message takes on the main thread (what the
// event loop would be held for if the server parsed CAP itself), for a real 60 KB bulletin of
// Environment Canada and for a message of about `--kib` KiB made of its info blocks repeated.
// Then a real server in this process (SQLite in a temp folder) takes `--messages` of each over
// HTTP from an alerting authority's key, one after the other, while perf_hooks measures the
// event loop's delay; the same measure over an idle stretch of the same length is the other
// baseline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';
import { parseCap } from '../warnings/cap.read.js';
import { BENCH_ADMIN, percentile } from './bench-support.js';

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const MESSAGES = numberArg('messages', 40);
const BIG_KIB = numberArg('kib', 1000);

const FIXTURE = new URL('../../src/warnings/fixtures/real/eccc-multi-area-update.xml', import.meta.url);
const bulletin = fs.readFileSync(FIXTURE, 'utf8');

/** The bulletin grown to about `kib` KiB by repeating its info blocks (still valid CAP). */
function grown(kib: number): string {
  const infos = bulletin.slice(
    bulletin.indexOf('<info>'),
    bulletin.lastIndexOf('</info>') + '</info>'.length,
  );
  let xml = bulletin;
  while (Buffer.byteLength(xml) + Buffer.byteLength(infos) < kib * 1024)
    xml = xml.replace('</alert>', `${infos}\n</alert>`);
  return xml;
}

/** The message with its own identifier, so that each is a new one. */
const numbered = (xml: string, n: number): string =>
  xml.replace(/<identifier>([^<]*)<\/identifier>/, `<identifier>$1.bench${n}</identifier>`);

const ms = (ns: number): string => (ns / 1e6).toFixed(1);

function mainThreadParse(xml: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parseCap(xml);
    times.push(performance.now() - started);
  }
  return times;
}

const big = grown(BIG_KIB);
const samples = [
  { name: `bulletin ${(Buffer.byteLength(bulletin) / 1024).toFixed(0)} KiB`, xml: bulletin },
  { name: `grown ${(Buffer.byteLength(big) / 1024).toFixed(0)} KiB`, xml: big },
];

console.log(`CAP intake: ${MESSAGES} messages of each size; ${os.availableParallelism()} cores`);
console.log('\nBaseline: reading one message on the main thread (what the loop would be held for), ms');
for (const { name, xml } of samples) {
  mainThreadParse(xml, 3); // warm up
  const times = mainThreadParse(xml, Math.min(MESSAGES, 20));
  console.log(`  ${name}: p50 ${percentile(times, 50).toFixed(1)}, max ${Math.max(...times).toFixed(1)}`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-cap-bench-'));
const server = await startServer(
  localConfig(dataDir, { rateLimits: { person: 1e6, key: 1e6, anonymous: 1e6, login: 1e6 } }),
);
try {
  const sender = /<sender>([^<]+)</.exec(bulletin)?.[1] ?? '';
  const { secret } = await server.auth.createApiKey(
    { name: 'bench', role: 'alerting-authority', source: sender, sectors: [] },
    BENCH_ADMIN,
  );
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const post = async (xml: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(new URL('/api/cap', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/cap+xml' },
      body: xml,
    });
    await response.text();
    if (response.status !== 201) throw new Error(`POST /api/cap: ${response.status}`);
    return performance.now() - started;
  };
  // Warm the worker up.
  await post(numbered(bulletin, 0));
  let n = 1;
  const phases: { name: string; seconds: number }[] = [];
  for (const { name, xml } of samples) {
    loop.reset();
    loop.enable();
    const started = performance.now();
    const latencies: number[] = [];
    for (let i = 0; i < MESSAGES; i++) latencies.push(await post(numbered(xml, n++)));
    loop.disable();
    const seconds = (performance.now() - started) / 1000;
    phases.push({ name, seconds });
    console.log(
      `\n${name} over HTTP: request p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms;` +
        ` event-loop delay p50 ${ms(loop.percentile(50))} ms, p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms`,
    );
  }
  const idleS = Math.max(...phases.map((p) => p.seconds));
  loop.reset();
  loop.enable();
  await new Promise((resolve) => setTimeout(resolve, idleS * 1000));
  loop.disable();
  console.log(
    `\nBaseline, idle for ${idleS.toFixed(1)} s: event-loop delay p50 ${ms(loop.percentile(50))} ms, p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms`,
  );
} finally {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
