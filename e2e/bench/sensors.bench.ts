// Benchmark: field sensors through Mosquitto into a running server with the room open.
// Run from the root: `npm run bench:sensors` (or, after a build and `tsc -b e2e`,
// `node e2e/dist/bench/sensors.bench.js --drones 50 --cameras 5 --seconds 30`). Prints
// figures; asserts nothing.
//
// A built server (TestServer) with MQTT_URL on the broker at 127.0.0.1:1883 (a topic prefix of
// its own per run), and Debian's Chromium signed in as the duty commander on the room. This
// process publishes `--drones` drones at `--hz` (each message's `at` is its publish time) and
// `--cameras` thermal cameras, each seeing a fire of its own every 5 s. Measured:
// - broker-to-screen: publish time to the moment the room's map takes the drone's new fix
//   (the drone layer's `setData`, wrapped in the page; the paint follows in the next frame);
// - the baseline: a bare MQTT subscriber in this process, on the same topics, in the same run;
// - detection-to-incident: publish of a camera's first detection to its `incident.reported`
//   on a socket.io client, and of every detection to its `detection.recorded`;
// - the server's CPU and event-loop delay (a probe loaded into its process), idle and under load.
import { createRequire } from 'node:module';
import os from 'node:os';
import { PROTOCOL_VERSION } from '@mirsad/shared';
import { launchBrowser, openRoom, VIEWPORTS } from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

const require = createRequire(new URL('../../../server/package.json', import.meta.url));
/** The MQTT client and socket.io client the server depends on: the e2e package does not. */
const mqtt = require('mqtt') as {
  connectAsync(url: string, options: { clientId: string }): Promise<MqttClient>;
};

/** What the benchmark uses of an MQTT client. */
interface MqttClient {
  publishAsync(topic: string, payload: string, options: { qos: 0 | 1 }): Promise<unknown>;
  subscribeAsync(topic: string, options: { qos: 0 | 1 }): Promise<unknown>;
  on(event: 'message', listener: (topic: string, payload: Buffer) => void): void;
  endAsync(): Promise<void>;
}
const { io } = require('socket.io-client') as {
  io: (
    url: string,
    options: { transports: string[]; auth: Record<string, unknown> },
  ) => {
    on(
      event: 'log.events',
      listener: (events: { type: string; data: Record<string, unknown> }[]) => void,
    ): void;
    close(): void;
  };
};

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const DRONES = numberArg('drones', 500);
const CAMERAS = numberArg('cameras', 50);
const SECONDS = numberArg('seconds', 60);
const HZ = numberArg('hz', 1);
/** Idle time measured before the load starts (the server's own baseline), s. */
const IDLE_SECONDS = 10;
const DETECTION_EVERY_MS = 5_000;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number): string => (Number.isNaN(value) ? '—' : `${value.toFixed(0)} ms`);
const summary = (values: readonly number[]): string =>
  `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))} (n=${values.length})`;

/** Where drone `i` flies: spread over Kuwait's inhabited east, circling slowly. */
function droneFix(i: number, nowMs: number) {
  const lon0 = 47.7 + (i % 25) * 0.02;
  const lat0 = 29.0 + Math.floor(i / 25) * 0.02;
  const angle = (nowMs / 60_000 + i) % (2 * Math.PI);
  return {
    at: new Date(nowMs).toISOString(),
    position: [lon0 + 0.003 * Math.cos(angle), lat0 + 0.003 * Math.sin(angle)],
    altitudeM: 100,
    headingDeg: Math.round(((((angle * 180) / Math.PI + 90) % 360) + 360) % 360),
    speedMps: 12,
    batteryPct: 80,
    footprint: null,
  };
}

/** Where camera `j`'s fire is: 3 km apart, so that each reports its own incident. */
const fireOf = (j: number): [number, number] => [47.75 + (j % 10) * 0.03, 29.1 + Math.floor(j / 10) * 0.03];

interface ProbeLine {
  t: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuPct: number;
}

function probeLines(output: string, from: number, to: number): ProbeLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('LOOP_PROBE '))
    .map((line) => JSON.parse(line.slice('LOOP_PROBE '.length)) as ProbeLine)
    .filter((line) => line.t >= from && line.t <= to);
}

function describeProbe(lines: readonly ProbeLine[]): string {
  if (lines.length === 0) return 'no samples';
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return (
    `CPU ${mean(lines.map((l) => l.cpuPct)).toFixed(0)} % of a core (mean), ` +
    `event-loop delay (sampled every 10 ms, as bench:stall: idle reads ~10 ms) p50 ${mean(lines.map((l) => l.p50Ms)).toFixed(1)} ms, ` +
    `p99 ${percentile(
      lines.map((l) => l.p99Ms),
      50,
    ).toFixed(1)} ms (median second), worst ${Math.max(...lines.map((l) => l.maxMs)).toFixed(0)} ms`
  );
}

async function main(): Promise<void> {
  const prefix = `bench${process.pid}x${Date.now() % 100_000}`;
  const mqttUrl = process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
  const probe = new URL('./loop-probe.js', import.meta.url).pathname;
  const server = await TestServer.start({
    MQTT_URL: mqttUrl,
    MQTT_TOPIC_PREFIX: prefix,
    NODE_OPTIONS: `--import=${probe}`,
    // The load comes from this one address: lift the request limits it is not measuring.
    RATE_LIMITS: JSON.stringify({ person: 1_000_000, key: 1_000_000, anonymous: 1_000_000, login: 1_000 }),
  });
  const browser = await launchBrowser();
  const publisher = await mqtt.connectAsync(mqttUrl, { clientId: `${prefix}-pub` });
  const baseline = await mqtt.connectAsync(mqttUrl, { clientId: `${prefix}-sub` });
  try {
    const commander = await server.login('commander');
    const register = async (body: Record<string, unknown>) => {
      const answer = await server.api('POST', '/api/sensors', body, server.port, commander);
      if (answer.status !== 201) throw new Error(`registering ${String(body['id'])}: ${answer.status}`);
    };
    for (let i = 0; i < DRONES; i += 1)
      await register({ id: `bd-${i}`, kind: 'drone', sector: 'civil-defence', name: `Drone ${i}` });
    for (let j = 0; j < CAMERAS; j += 1)
      await register({
        id: `bc-${j}`,
        kind: 'thermal-camera',
        sector: 'fire-marine-rescue',
        name: `Mast ${j}`,
        location: { type: 'Point', coordinates: [fireOf(j)[0] - 0.005, fireOf(j)[1] - 0.005] },
        fieldOfView: { bearingDeg: 45, widthDeg: 90, rangeM: 3_000 },
      });

    // The room, as the duty commander at a laptop; its drone layer's setData is timed.
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'en-GB' });
    const page = await context.newPage();
    await openRoom(page, server.url, 'commander', E2E_PASSWORD);
    await page.waitForFunction(
      () =>
        (
          window as unknown as { __MIRSAD_MAP__?: { getSource(id: string): unknown } }
        ).__MIRSAD_MAP__?.getSource('sensors-drones') !== undefined,
      undefined,
      { timeout: 60_000 },
    );
    await page.evaluate(() => {
      type Source = {
        setData(data: { features: { id?: unknown; properties: { atMs: number } }[] }): unknown;
      };
      const w = window as unknown as {
        __MIRSAD_MAP__: { getSource(id: string): Source };
        __benchLatencies: number[];
      };
      w.__benchLatencies = [];
      const source = w.__MIRSAD_MAP__.getSource('sensors-drones');
      const original = source.setData.bind(source);
      const seen = new Map<unknown, number>();
      source.setData = (data) => {
        const now = Date.now();
        for (const feature of data.features) {
          // Each fix once: the first time the map is handed it.
          if (seen.get(feature.id) === feature.properties.atMs) continue;
          seen.set(feature.id, feature.properties.atMs);
          w.__benchLatencies.push(now - feature.properties.atMs);
        }
        return original(data);
      };
    });

    // The baseline: a bare subscriber on the same topics.
    const bareLatencies: number[] = [];
    await baseline.subscribeAsync(`${prefix}/drone/+/telemetry`, { qos: 0 });
    baseline.on('message', (_topic, payload) => {
      const at = Date.parse((JSON.parse(payload.toString()) as { at: string }).at);
      bareLatencies.push(Date.now() - at);
    });

    // Detections as the room's socket sees them.
    const secret = await server.createDisplayKey('Bench room', 'bench-room');
    const socket = io(server.url, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION, lastSeq: 0, token: secret },
    });
    const firstPublish = new Map<string, number>();
    const publishedAt = new Map<string, number>();
    const reportedLatencies: number[] = [];
    const recordedLatencies: number[] = [];
    socket.on('log.events', (events) => {
      const now = Date.now();
      for (const event of events) {
        if (event.type === 'incident.reported') {
          const source = (event.data['incident'] as { source: string }).source;
          const sent = firstPublish.get(source.replace('thermal:', ''));
          if (sent !== undefined) reportedLatencies.push(now - sent);
        }
        if (event.type === 'detection.recorded') {
          const detection = event.data['detection'] as { cameraId: string; at: string };
          const sent = publishedAt.get(`${detection.cameraId}@${detection.at}`);
          if (sent !== undefined) recordedLatencies.push(now - sent);
        }
      }
    });

    const idleFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1_000));
    const loadFrom = Date.now();
    await page.evaluate(() => {
      (window as unknown as { __benchLatencies: number[] }).__benchLatencies.length = 0;
    });
    bareLatencies.length = 0;

    let published = 0;
    const periodMs = 1_000 / HZ;
    const timers: ReturnType<typeof setInterval>[] = [];
    for (let i = 0; i < DRONES; i += 1) {
      timers.push(
        setTimeout(
          () => {
            timers.push(
              setInterval(() => {
                void publisher.publishAsync(
                  `${prefix}/drone/bd-${i}/telemetry`,
                  JSON.stringify(droneFix(i, Date.now())),
                  { qos: 0 },
                );
                published += 1;
              }, periodMs),
            );
          },
          (i / DRONES) * periodMs,
        ),
      );
    }
    let tick = 0;
    timers.push(
      setInterval(() => {
        tick += 1;
        for (let j = 0; j < CAMERAS; j += 1) {
          const now = Date.now();
          const at = new Date(now).toISOString();
          const [lon, lat] = fireOf(j);
          const detection = {
            at,
            location: { type: 'Point', coordinates: [lon + (tick % 3) * 0.0001, lat] },
            maxTempC: 300 + tick * 5,
            areaM2: 40 + tick,
            confidence: 0.9,
          };
          if (!firstPublish.has(`bc-${j}`)) firstPublish.set(`bc-${j}`, now);
          publishedAt.set(`bc-${j}@${at}`, now);
          void publisher.publishAsync(`${prefix}/thermal/bc-${j}/detection`, JSON.stringify(detection), {
            qos: 1,
          });
        }
      }, DETECTION_EVERY_MS),
    );
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
    for (const timer of timers) clearInterval(timer);
    const loadTo = Date.now();
    // Let the last messages arrive.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const screenLatencies = await page.evaluate(
      () => (window as unknown as { __benchLatencies: number[] }).__benchLatencies,
    );
    const stats = await server.api('GET', '/api/sensors/stats', undefined, server.port, commander);
    socket.close();

    const load = os.loadavg().map((value) => value.toFixed(2));
    console.log(
      `bench:sensors: ${DRONES} drones at ${HZ} Hz and ${CAMERAS} thermal cameras (one detection each per ${DETECTION_EVERY_MS / 1000} s) for ${SECONDS} s, through Mosquitto at ${mqttUrl}`,
    );
    console.log(`  machine: ${os.cpus().length} cores, load ${load.join(', ')} (1, 5, 15 min)`);
    console.log(`  published ${published} telemetry messages (${(published / SECONDS).toFixed(0)}/s)`);
    console.log(`  broker → bare MQTT subscriber (baseline): ${summary(bareLatencies)}`);
    console.log(`  broker → the room's map (Chromium):       ${summary(screenLatencies)}`);
    console.log(
      `  target: p99 broker → screen under 1000 ms: ${percentile(screenLatencies, 99) < 1_000 ? 'met' : 'NOT met'}`,
    );
    console.log(`  first detection → incident.reported:      ${summary(reportedLatencies)}`);
    console.log(`  detection → detection.recorded:           ${summary(recordedLatencies)}`);
    console.log(
      `  server idle (baseline, ${IDLE_SECONDS} s): ${describeProbe(probeLines(server.output, idleFrom, loadFrom))}`,
    );
    console.log(
      `  server under load:           ${describeProbe(probeLines(server.output, loadFrom, loadTo))}`,
    );
    console.log(`  ingest: ${JSON.stringify(stats.body)}`);
    await context.close();
  } finally {
    await publisher.endAsync();
    await baseline.endAsync();
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
