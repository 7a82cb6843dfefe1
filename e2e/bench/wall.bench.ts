// Benchmark: a wall display under 200 incident events per second, for ten minutes.
// Run from the root: `npm run bench:wall` (or, after a build and `tsc -b e2e`,
// `node e2e/dist/bench/wall.bench.js --minutes 2`). Prints figures; asserts nothing.
//
// A built server (TestServer) and Debian's Chromium showing /wall with a display key. A driver
// posts reports and moves them through their workflow over HTTP as the duty commander. Measured
// in the page: the JS heap after a forced GC (start, every minute, end), React commits per
// second (counted by a React DevTools hook the benchmark installs before the page loads: the
// app carries no code for it), and how far the page's applied sequence (`meta[name=mirsad-seq]`)
// is behind the server's head (`GET /api/health`), sampled every second. The baseline is a bare
// socket.io client in Node with the same handshake and key, receiving the same stream.
import { createRequire } from 'node:module';
import { PROTOCOL_VERSION, SECTORS, type IncidentStatus } from '@mirsad/shared';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { TestServer } from '../support/server.js';

/** Events the driver aims to commit each second. */
const EVENTS_PER_SECOND = 200;
/** The driver's beat, in ms: EVENTS_PER_SECOND / (1000 / TICK_MS) events per beat. */
const TICK_MS = 100;
/** Requests the driver lets wait for an answer before it skips a beat (the server is saturated). */
const MAX_IN_FLIGHT = 200;
/** Incidents kept moving through their workflow at once: a very busy room, not a runaway list. */
const WORKING_SET = 400;
/** How often the lag is sampled, and the heap, in ms. */
const LAG_SAMPLE_MS = 1_000;
const HEAP_SAMPLE_MS = 60_000;

/** After its report, each incident goes through these: four status events per report. */
const WORKFLOW: readonly IncidentStatus[] = ['acknowledged', 'dispatched', 'on_scene', 'closed'];

/** The socket.io client the server's own tests use: the e2e package does not depend on it. */
const { io } = createRequire(new URL('../../../server/package.json', import.meta.url))(
  'socket.io-client',
) as {
  io: (
    url: string,
    options: { transports: string[]; auth: Record<string, unknown> },
  ) => {
    on(event: 'log.events', listener: (events: { seq: number }[]) => void): void;
    on(event: 'log.live', listener: (info: { seq: number }) => void): void;
    close(): void;
  };
};

function minutesArg(): number {
  const at = process.argv.indexOf('--minutes');
  const value = at === -1 ? 10 : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error('--minutes takes a positive number');
  return value;
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The page's JS heap after a full garbage collection, in bytes. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** Installs a React DevTools hook that counts commits into `window.__wallCommits`. */
async function countReactCommits(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counter = window as unknown as { __wallCommits: number; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    counter.__wallCommits = 0;
    counter.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => undefined,
      onScheduleFiberRoot: () => undefined,
      onCommitFiberRoot: () => {
        counter.__wallCommits += 1;
      },
      onCommitFiberUnmount: () => undefined,
      onPostCommitFiberRoot: () => undefined,
    };
  });
}

/** The driver: posts reports and moves them along their workflow, at a steady rate. */
class Driver {
  private readonly working: { id: string; version: number; step: number }[] = [];
  private inFlight = 0;
  private reportCount = 0;
  sent = 0;
  committed = 0;
  failed = 0;
  skippedBeats = 0;
  private lastFailure = '';

  constructor(
    private readonly server: TestServer,
    private readonly cookie: string,
  ) {}

  /** One beat's worth of events, without waiting for the answers. */
  beat(): void {
    const count = (EVENTS_PER_SECOND * TICK_MS) / 1_000;
    if (this.inFlight > MAX_IN_FLIGHT) {
      this.skippedBeats += 1;
      return;
    }
    for (let n = 0; n < count; n += 1) {
      const next = this.working.length >= WORKING_SET ? this.working.shift() : undefined;
      void (next ? this.advance(next) : this.report());
    }
  }

  failures(): string {
    return this.lastFailure;
  }

  private async send(method: string, route: string, body: unknown): Promise<unknown> {
    this.inFlight += 1;
    this.sent += 1;
    try {
      const answer = await this.server.api(method, route, body, undefined, this.cookie);
      if (answer.status >= 300) {
        this.failed += 1;
        this.lastFailure = `${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`;
        return null;
      }
      this.committed += 1;
      return answer.body;
    } catch (error) {
      this.failed += 1;
      this.lastFailure = String(error);
      return null;
    } finally {
      this.inFlight -= 1;
    }
  }

  private async report(): Promise<void> {
    this.reportCount += 1;
    const n = this.reportCount;
    const sector = SECTORS.at(n % SECTORS.length);
    if (!sector) throw new Error('no sectors');
    const body = await this.send('POST', '/api/incidents', {
      sector: sector.id,
      category: sector.categories.at(0)?.id ?? 'other',
      severity: (n % 5) + 1,
      title: `Bench report ${n}`,
      description: 'Driven by the wall benchmark',
      location: { type: 'Point', coordinates: [47.7 + (n % 97) * 0.006, 29.0 + (n % 89) * 0.006] },
      source: 'bench',
      externalRef: null,
    });
    if (body) {
      const { id, version } = body as { id: string; version: number };
      this.working.push({ id, version, step: 0 });
    }
  }

  private async advance(incident: { id: string; version: number; step: number }): Promise<void> {
    const status = WORKFLOW[incident.step];
    if (!status) return;
    const body = await this.send('PATCH', `/api/incidents/${incident.id}`, {
      version: incident.version,
      status,
    });
    if (body && incident.step + 1 < WORKFLOW.length) {
      this.working.push({
        id: incident.id,
        version: (body as { version: number }).version,
        step: incident.step + 1,
      });
    }
  }
}

async function main(): Promise<void> {
  const minutes = minutesArg();
  const durationMs = minutes * 60_000;
  console.log(`Wall benchmark: ${EVENTS_PER_SECOND} events/s for ${minutes} min`);
  const [server, browser] = await Promise.all([
    TestServer.start({
      LOG_LEVEL: 'error',
      // The driver is one commander writing EVENTS_PER_SECOND, far past a person's limit:
      // a load generator, not a person.
      RATE_LIMITS: JSON.stringify({ person: EVENTS_PER_SECOND * 60 * 2 }),
    }),
    launchBrowser(),
  ]);
  try {
    const commander = await server.login('commander');
    const secret = await server.createDisplayKey('Bench wall', 'bench-wall');
    const headSeq = async (): Promise<number> =>
      ((await (await fetch(`${server.url}/api/health`)).json()) as { headSeq: number }).headSeq;

    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await countReactCommits(page);
    await page.goto(`${server.url}/wall?key=${encodeURIComponent(secret)}&lang=en`);
    await page.getByTestId('wall-tile-open').waitFor({ timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const pageSeq = async (): Promise<number> =>
      Number(
        await page.evaluate(
          () => document.querySelector('meta[name="mirsad-seq"]')?.getAttribute('content') ?? 'NaN',
        ),
      );
    const commits = (): Promise<number> =>
      page.evaluate(() => (window as unknown as { __wallCommits: number }).__wallCommits);

    let baselineSeq = await headSeq();
    const baseline = io(server.url, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION, lastSeq: baselineSeq, token: secret },
    });
    baseline.on('log.events', (events) => {
      for (const event of events) baselineSeq = Math.max(baselineSeq, event.seq);
    });
    baseline.on('log.live', (info) => {
      baselineSeq = Math.max(baselineSeq, info.seq);
    });

    const heaps: { atMin: number; bytes: number }[] = [{ atMin: 0, bytes: await heapAfterGc(cdp) }];
    console.log(`heap at start: ${mb(heaps[0]?.bytes ?? Number.NaN)}`);
    const driver = new Driver(server, commander);
    const pageLag: number[] = [];
    const baselineLag: number[] = [];
    const rates: number[] = [];
    const started = Date.now();
    const startCommits = await commits();
    const startSeq = await headSeq();
    const beat = setInterval(() => {
      driver.beat();
    }, TICK_MS);
    let lastSeq = startSeq;
    let nextHeapAt = HEAP_SAMPLE_MS;
    while (Date.now() - started < durationMs) {
      await new Promise((resolve) => setTimeout(resolve, LAG_SAMPLE_MS));
      const [server, shown] = await Promise.all([headSeq(), pageSeq()]);
      pageLag.push(Math.max(0, server - shown));
      baselineLag.push(Math.max(0, server - baselineSeq));
      rates.push(server - lastSeq);
      lastSeq = server;
      const elapsed = Date.now() - started;
      if (elapsed >= nextHeapAt) {
        nextHeapAt += HEAP_SAMPLE_MS;
        const bytes = await heapAfterGc(cdp);
        heaps.push({ atMin: Math.round(elapsed / 60_000), bytes });
        console.log(
          `  ${Math.round(elapsed / 1000)} s: heap ${mb(bytes)}, server ${server - startSeq} events, page lag ${server - shown}, failed ${driver.failed}`,
        );
      }
    }
    clearInterval(beat);
    const elapsedS = (Date.now() - started) / 1_000;
    const endCommits = await commits();
    const endSeq = await headSeq();
    // Let the page and the baseline drain what is still in flight, then measure the end.
    await page
      .waitForFunction(
        (seq) => Number(document.querySelector('meta[name="mirsad-seq"]')?.getAttribute('content')) >= seq,
        endSeq,
        { timeout: 60_000 },
      )
      .catch(() => undefined);
    const endHeap = await heapAfterGc(cdp);
    heaps.push({ atMin: Math.round(elapsedS / 60), bytes: endHeap });
    baseline.close();

    // The lag in ms: events behind, at the rate the server committed them.
    const meanRate = (endSeq - startSeq) / elapsedS;
    const toMs = (events: number): string => `${Math.round((events / meanRate) * 1_000)} ms`;
    const row = (name: string, lags: number[]): string =>
      `${name.padEnd(26)} ${[50, 95, 100]
        .map((p) => `${String(percentile(lags, p)).padStart(6)} ev (${toMs(percentile(lags, p))})`.padEnd(22))
        .join(' ')}`;
    console.log('\n=== Wall display benchmark ===');
    console.log(`duration                   ${elapsedS.toFixed(0)} s`);
    console.log(
      `events committed           ${endSeq - startSeq} (${meanRate.toFixed(1)}/s; target ${EVENTS_PER_SECOND}/s; median ${percentile(rates, 50)}/s)`,
    );
    console.log(
      `driver                     ${driver.sent} sent, ${driver.failed} failed, ${driver.skippedBeats} beats skipped`,
    );
    if (driver.failed > 0) console.log(`last failure               ${driver.failures()}`);
    console.log(`JS heap after GC           start ${mb(heaps[0]?.bytes ?? Number.NaN)}, end ${mb(endHeap)}`);
    console.log(`  every minute             ${heaps.map((h) => `${h.atMin}:${mb(h.bytes)}`).join('  ')}`);
    console.log(
      `React commits              ${((endCommits - startCommits) / elapsedS).toFixed(1)} per second`,
    );
    console.log(`lag behind the server      ${'median'.padEnd(22)} ${'p95'.padEnd(22)} max`);
    console.log(row('  wall page (Chromium)', pageLag));
    console.log(row('  bare socket.io client', baselineLag));
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
