import type { Exercise } from '@mirsad/shared';
import { runSensorSimulation, type Simulation } from '@mirsad/mock-data/simulate';
import type { MirsadServer } from '../app.js';
import type { ServerConfig } from '../config.js';

/** The training scenarios whose exercises get their own simulated sensors. */
const SCENARIOS_WITH_SENSORS = new Set(['industrial-fire-amghara', 'heavy-rain-capital']);

/** How often the demo looks for exercises that started or ended, ms. */
const EXERCISE_POLL_MS = 10_000;

/**
 * The demo's field sensors, when MQTT_URL is set: drones over the live picture and patrols
 * reporting over CoT (when COT_PORT is set), and for each running exercise of a training
 * scenario its own drones (and the Amghara cameras), registered in that exercise so they stay
 * apart from the live picture. They go through the broker and the CoT port like real devices.
 */
export async function startDemoSensors(
  server: MirsadServer,
  config: ServerConfig,
  credentials: { username: string; password: string },
): Promise<() => Promise<void>> {
  const mqtt = config.mqtt;
  if (!mqtt) return () => Promise.resolve();
  const base = {
    baseUrl: server.url,
    ...credentials,
    mqttUrl: mqtt.url,
    topicPrefix: mqtt.topicPrefix,
    telemetryHz: 1,
    detectionIntervalMs: 10_000,
    cotIntervalMs: 2_000,
    log: (line: string) => {
      server.app.log.info(line);
    },
  };
  const cot = config.cot ? { host: config.cot.host, port: server.cot?.port ?? config.cot.port } : null;
  const live = await runSensorSimulation({ ...base, cot, scenario: 'demo', exerciseId: null });
  const drills = new Map<string, Promise<Simulation | null>>();
  const poll = setInterval(() => {
    void (async () => {
      const exercises = await server.store.listEntities<Exercise>('exercise', null);
      for (const exercise of exercises) {
        const isRunning = exercise.status === 'running' || exercise.status === 'paused';
        if (isRunning && !drills.has(exercise.id) && SCENARIOS_WITH_SENSORS.has(exercise.scenarioId)) {
          drills.set(
            exercise.id,
            runSensorSimulation({
              ...base,
              cot: null,
              scenario: exercise.scenarioId as 'industrial-fire-amghara' | 'heavy-rain-capital',
              exerciseId: exercise.id,
            }).catch((error: unknown) => {
              server.app.log.warn(
                { error: String(error) },
                `simulated sensors for exercise ${exercise.id} failed`,
              );
              return null;
            }),
          );
        }
        if (exercise.status === 'ended' && drills.has(exercise.id)) {
          const drill = drills.get(exercise.id);
          drills.delete(exercise.id);
          await (await drill)?.stop();
        }
      }
    })();
  }, EXERCISE_POLL_MS);
  poll.unref();
  return async () => {
    clearInterval(poll);
    await live.stop();
    for (const drill of drills.values()) await (await drill)?.stop();
  };
}
