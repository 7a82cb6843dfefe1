// The load generator of `npm run bench:write`, run as a child process so that its CPU is not the
// server's. Keeps `connections` keep-alive connections each posting one report after another
// with a reporting system's API key, and sends the parent what it saw in the measured window.
import http from 'node:http';
import type { NewIncident } from '@mirsad/shared';
import { createRandom } from '@mirsad/mock-data';
import { percentile } from './bench-support.js';

/** What the parent asks for. */
export interface LoadOrder {
  url: string;
  /** `mk_…`, a reporting key of the traffic sector. */
  key: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  seed: number;
  /** Makes every externalRef of this run unique. */
  prefix: string;
  /**
   * Reports offered per second in all, spread evenly over the connections; each connection
   * still waits for its answer before it posts again. Left out: each posts as soon as answered.
   */
  ratePerS?: number;
}

/** What the child answers. */
export interface LoadResult {
  /** Reports answered 201 in the measured window. */
  created: number;
  /** Answers other than 201, and failed connections, in the measured window. */
  failed: number;
  /** Answers of the whole run, warm-up included (for figures per report over the run). */
  answeredInRun: number;
  /** Reports per second in the measured window. */
  ratePerS: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Underpasses of the capital's ring roads where water gathers in a cloudburst: reports bunch
 * around them, so correlation finds many reports in its box.
 */
export const UNDERPASSES: readonly (readonly [number, number])[] = [
  [47.9783, 29.3759],
  [47.9906, 29.3655],
  [48.0005, 29.352],
  [47.965, 29.345],
  [48.02, 29.34],
  [48.042, 29.33],
  [47.956, 29.33],
  [48.075, 29.339],
  [47.94, 29.313],
  [48.09, 29.299],
  [47.915, 29.275],
  [48.105, 29.16],
];
/** How far reports scatter around their underpass: one standard deviation, degrees (about 150 m). */
const SCATTER_DEG = 0.0014;

function run(order: LoadOrder): Promise<LoadResult> {
  const random = createRandom(order.seed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: order.connections });
  const { hostname, port } = new URL(order.url);
  const startedAt = performance.now();
  const measureFrom = startedAt + order.warmupMs;
  const stopAt = measureFrom + order.durationMs;
  const latencies: number[] = [];
  let created = 0;
  let failed = 0;
  let answeredInRun = 0;
  let n = 0;

  const body = (): string => {
    const [lon, lat] = random.pick(UNDERPASSES);
    const report: NewIncident = {
      sector: 'traffic',
      category: random.chance(0.7) ? 'flooded-road' : 'stranded-vehicle',
      severity: random.int(2, 4),
      title: 'Water over the road in the underpass',
      description: 'Vehicles stalled in standing water; lanes closed in both directions',
      location: {
        type: 'Point',
        coordinates: [lon + random.normal(0, SCATTER_DEG), lat + random.normal(0, SCATTER_DEG)],
      },
      source: 'bench-feed',
      externalRef: `${order.prefix}-${n++}`,
    };
    return JSON.stringify(report);
  };

  const post = (): Promise<number> =>
    new Promise((resolve) => {
      const request = http.request(
        {
          host: hostname,
          port,
          path: '/api/incidents',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${order.key}` },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            resolve(response.statusCode ?? 0);
          });
        },
      );
      request.on('error', () => {
        resolve(0);
      });
      request.end(body());
    });

  // At a fixed rate, connection i posts at startedAt + (i + k × connections) / rate, k = 0, 1, …
  const intervalMs = order.ratePerS === undefined ? 0 : (1000 * order.connections) / order.ratePerS;
  const connection = async (index: number): Promise<void> => {
    let due = startedAt + (index * intervalMs) / order.connections;
    while (performance.now() < stopAt) {
      if (intervalMs > 0) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        due += intervalMs;
      }
      const sent = performance.now();
      const status = await post();
      const answered = performance.now();
      answeredInRun++;
      // Counted by when they were answered: the window holds what the server finished in it.
      if (answered < measureFrom || answered > stopAt) continue;
      if (status === 201) {
        created++;
        latencies.push(answered - sent);
      } else {
        failed++;
      }
    }
  };

  return Promise.all(Array.from({ length: order.connections }, (_, index) => connection(index))).then(() => {
    agent.destroy();
    return {
      created,
      failed,
      answeredInRun,
      ratePerS: created / (order.durationMs / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  });
}

process.once('message', (message: LoadOrder) => {
  run(message)
    .then((result) => {
      process.send?.(result, () => process.exit(0));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
