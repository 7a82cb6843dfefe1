// `npm run simulate:sensors`: flies the simulated drones, cameras and TAK patrols against a
// running Mirsad until stopped. Settings come from the environment (see the README).
import { z } from 'zod';
import { runSensorSimulation } from './simulate-sensors.js';

const EnvSchema = z.object({
  MIRSAD_URL: z.url().default('http://127.0.0.1:8080'),
  MIRSAD_USERNAME: z.string().min(1).default('commander'),
  MIRSAD_PASSWORD: z.string().min(1).default('demo'),
  MQTT_URL: z.url({
    protocol: /^(mqtts?|wss?)$/,
    error: 'MQTT_URL is required, such as mqtt://127.0.0.1:1883',
  }),
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .default('mirsad'),
  COT_HOST: z.string().min(1).default('127.0.0.1'),
  COT_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  SIM_SCENARIO: z.enum(['demo', 'industrial-fire-amghara', 'heavy-rain-capital']).default('demo'),
  SIM_EXERCISE: z.string().min(1).max(64).optional(),
  SIM_DRONES: z.coerce.number().int().min(0).max(5_000).optional(),
  SIM_HZ: z.coerce.number().min(0.1).max(20).default(1),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}
const env = parsed.data;
const simulation = await runSensorSimulation({
  baseUrl: env.MIRSAD_URL,
  username: env.MIRSAD_USERNAME,
  password: env.MIRSAD_PASSWORD,
  mqttUrl: env.MQTT_URL,
  topicPrefix: env.MQTT_TOPIC_PREFIX,
  cot: env.COT_PORT === undefined ? null : { host: env.COT_HOST, port: env.COT_PORT },
  scenario: env.SIM_SCENARIO,
  exerciseId: env.SIM_EXERCISE ?? null,
  ...(env.SIM_DRONES === undefined ? {} : { droneCount: env.SIM_DRONES }),
  telemetryHz: env.SIM_HZ,
  detectionIntervalMs: 10_000,
  cotIntervalMs: 2_000,
  log: (line) => {
    console.log(line);
  },
});
const report = setInterval(() => {
  const { telemetry, detections, cot } = simulation.sent;
  console.log(`sent ${telemetry} telemetry, ${detections} detections, ${cot} CoT positions`);
}, 30_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    clearInterval(report);
    void simulation.stop().then(() => process.exit(0));
  });
