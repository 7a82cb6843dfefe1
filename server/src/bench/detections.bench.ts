// bench:detections — thermal detections through the real Mosquitto into a running server:
// how long a detection takes from the broker to a durable report or attachment, what the
// server's event loop and CPU do meanwhile, and, as the baseline in the same run, how long a
// bare MQTT subscriber takes to receive the same messages. Prints figures; asserts nothing.
// Size: BENCH_RATE detections a second (300), BENCH_SECONDS (10), BENCH_CAMERAS (50),
// MQTT_URL (mqtt://127.0.0.1:1883).
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { type Principal } from '@mirsad/shared';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';
import { percentile, runDir } from './bench-support.js';

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CAMERAS = Number(process.env.BENCH_CAMERAS ?? 50);
const URL_ = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** Share of detections that are a new fire (a report); the rest attach to a known one. */
const NEW_FIRE_SHARE = 0.2;

const commander: Principal = {
  kind: 'user',
  id: 'bench',
  displayName: 'Bench',
  role: 'commander',
  sectors: [],
  source: null,
};

const ms = (values: number[]): string =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;

async function main(): Promise<void> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const server = await startServer(
    localConfig(runDir('detections'), { mqtt: { url: URL_, topicPrefix: prefix } }),
  );
  for (let i = 0; i < CAMERAS; i++)
    await server.sensors.register(
      { id: `bench-cam-${i}`, kind: 'thermal-camera', sector: 'fire-marine-rescue', name: `Bench ${i}` },
      commander,
    );
  const fires: [number, number][] = Array.from({ length: 20 }, (_, i) => [47.5 + i * 0.02, 29.6]);

  // When each detection became durable, by camera and `at`.
  const durable = new Map<string, number>();
  server.log.onEvent((event) => {
    if (event.type !== 'detection.recorded') return;
    const { cameraId, at } = event.data.detection;
    durable.set(`${cameraId} ${at}`, Date.now());
  });

  const baseline = new Map<string, number>();
  const subscriber = new Worker(new URL('./detections.publisher.js', import.meta.url), {
    workerData: { role: 'subscriber', url: URL_, prefix },
  });
  subscriber.on('message', (m: { kind: string; camera: string; at: string; receivedAt: number }) => {
    if (m.kind === 'received') baseline.set(`${m.camera} ${m.at}`, m.receivedAt);
  });
  await new Promise<void>((resolve) => {
    subscriber.once('message', () => {
      resolve();
    });
  });

  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  idle.disable();

  const loaded = monitorEventLoopDelay({ resolution: 10 });
  const sent = new Map<string, number>();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  loaded.enable();
  const publisher = new Worker(new URL('./detections.publisher.js', import.meta.url), {
    workerData: {
      role: 'publisher',
      url: URL_,
      prefix,
      rate: RATE,
      seconds: SECONDS,
      cameras: CAMERAS,
      fires,
      newFireShare: NEW_FIRE_SHARE,
    },
  });
  await new Promise<void>((resolve) => {
    publisher.on('message', (m: { kind: string; camera: string; at: string; sentAt: number }) => {
      if (m.kind === 'sent') sent.set(`${m.camera} ${m.at}`, m.sentAt);
      if (m.kind === 'done') resolve();
    });
  });
  const total = RATE * SECONDS;
  const deadline = Date.now() + 60_000;
  while (durable.size < total && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  loaded.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;

  const latencies = (arrived: Map<string, number>): number[] =>
    [...arrived].flatMap(([key, at]) => {
      const from = sent.get(key);
      return from === undefined ? [] : [at - from];
    });
  const incidents = (await server.store.listIncidents({ scope: 'all', exerciseId: null })).filter((i) =>
    i.source.startsWith('thermal:'),
  );
  const stats = server.sensorStats();
  console.log(
    `bench:detections — ${RATE}/s for ${SECONDS} s from ${CAMERAS} cameras (${NEW_FIRE_SHARE * 100}% new fires)`,
  );
  console.log(`  bare MQTT subscriber (baseline): ${ms(latencies(baseline))}`);
  console.log(`  broker → durable report/attach:  ${ms(latencies(durable))}`);
  console.log(
    `  reported ${stats.detections.reported}, attached ${stats.detections.attached}, coalesced ${stats.detections.coalesced}, dropped ${JSON.stringify(stats.dropped)}; thermal incidents ${incidents.length}`,
  );
  const loop = (h: ReturnType<typeof monitorEventLoopDelay>): string =>
    `p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`;
  console.log(`  event-loop delay idle (baseline): ${loop(idle)}`);
  console.log(`  event-loop delay under load:      ${loop(loaded)}`);
  console.log(
    `  server CPU under load: ${(((cpu.user + cpu.system) / 1_000 / wallMs) * 100).toFixed(0)}% of one core`,
  );
  subscriber.postMessage('stop');
  await subscriber.terminate();
  await server.close();
}

void main();
