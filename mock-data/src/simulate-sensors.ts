import net from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  droneRegistration,
  areaAround,
  droneTelemetry,
  patrolCot,
  sensorPlan,
  thermalDetection,
  type SensorPlan,
  type SensorScenario,
} from './sensors.js';

// The sensor simulator's transport: registers its drones, cameras and TAK-carrying patrols with
// a running Mirsad (over its API, as a commander), then publishes drone telemetry and thermal
// detections over MQTT and the patrols' positions over CoT (TCP), as real devices would.

/** What a run needs: where Mirsad, the broker and the CoT endpoint are, and what to fly. */
export interface SimulationOptions {
  baseUrl: string;
  username: string;
  password: string;
  mqttUrl: string;
  topicPrefix: string;
  /** The CoT endpoint (plain TCP on loopback); patrols do not report when null. */
  cot: { host: string; port: number } | null;
  scenario: SensorScenario;
  /** An exercise the sensors belong to (registered in it, kept apart from the live picture). */
  exerciseId: string | null;
  droneCount?: number;
  /** Telemetry messages per drone per second. */
  telemetryHz: number;
  /** Time between two detections of one camera, ms. */
  detectionIntervalMs: number;
  /** Time between two CoT reports of one patrol, ms. */
  cotIntervalMs: number;
  log: (line: string) => void;
  /** Called with each published telemetry message (the benchmark marks its publish time). */
  stamp?: (droneId: string, payload: Record<string, unknown>) => Record<string, unknown>;
}

/** A running simulation: how much it sent, and how to stop it. */
export interface Simulation {
  plan: SensorPlan;
  sent: { telemetry: number; detections: number; cot: number };
  stop(): Promise<void>;
}

/** A signed-in session against Mirsad's API: a JSON call that answers status and body. */
async function signIn(options: Pick<SimulationOptions, 'baseUrl' | 'username' | 'password'>) {
  const origin = new URL(options.baseUrl).origin;
  const login = await fetch(new URL('/api/auth/login', options.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: options.username, password: options.password }),
  });
  if (!login.ok)
    throw new Error(`signing in as ${options.username} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(new URL(path, options.baseUrl), {
      method,
      headers: { cookie, origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

type Call = Awaited<ReturnType<typeof signIn>>;

const expectStatus = (what: string, answer: { status: number; body: unknown }, ok: readonly number[]) => {
  if (!ok.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
};

/** Registers the plan's sensors, and its patrols' units (with their TAK uids) and patrol areas. */
async function register(call: Call, plan: SensorPlan): Promise<void> {
  for (const drone of plan.drones)
    expectStatus(
      `registering ${drone.id}`,
      await call('POST', '/api/sensors', droneRegistration(drone, plan.exerciseId)),
      [200, 201],
    );
  for (const camera of plan.cameras)
    expectStatus(
      `registering ${camera.sensor.id}`,
      await call('POST', '/api/sensors', camera.sensor),
      [200, 201],
    );
  if (plan.patrols.length === 0) return;
  const listed = await call('GET', '/api/patrols');
  const names = new Set(((listed.body as { patrols?: { name: string }[] }).patrols ?? []).map((p) => p.name));
  for (const patrol of plan.patrols) {
    const unit = await call('POST', '/api/units', {
      id: patrol.unitId,
      sector: patrol.sector,
      type: 'patrol',
      callSign: patrol.callSign,
      takUid: patrol.takUid,
    });
    expectStatus(`registering unit ${patrol.unitId}`, unit, [201, 409]);
    const name = `${patrol.callSign} beat`;
    if (names.has(name)) continue;
    const defined = await call('POST', '/api/patrols', {
      name,
      sector: patrol.sector,
      area: areaAround(patrol.loop, 400),
    });
    expectStatus(`defining ${name}`, defined, [201]);
    const area = defined.body as { id: string; version: number };
    expectStatus(
      `manning ${name}`,
      await call('PUT', `/api/patrols/${area.id}/units`, { version: area.version, unitIds: [patrol.unitId] }),
      [200],
    );
  }
}

/** Keeps one CoT connection open (reconnecting when it drops) and writes each event to it. */
function cotWriter(target: { host: string; port: number }, log: (line: string) => void) {
  let socket: net.Socket | null = null;
  let isStopped = false;
  const open = (): void => {
    if (isStopped) return;
    const next = net.connect(target.port, target.host);
    next.setNoDelay(true);
    next.on('error', (error) => {
      log(`CoT ${target.host}:${target.port}: ${error.message}`);
    });
    next.on('close', () => {
      socket = null;
      if (!isStopped) setTimeout(open, 2_000).unref();
    });
    // TAK clients receive the room's markers; the simulator has no use for them.
    next.on('data', () => undefined);
    socket = next;
  };
  open();
  return {
    write(xml: string): boolean {
      return socket?.writable === true ? socket.write(xml) : false;
    },
    stop(): void {
      isStopped = true;
      socket?.destroy();
    },
  };
}

/** Registers the plan's sensors and starts publishing: telemetry, detections and CoT positions. */
export async function runSensorSimulation(options: SimulationOptions): Promise<Simulation> {
  const plan = sensorPlan({
    scenario: options.scenario,
    startMs: Date.now(),
    exerciseId: options.exerciseId,
    ...(options.droneCount === undefined ? {} : { droneCount: options.droneCount }),
  });
  await register(await signIn(options), plan);
  const client: MqttClient = await connectAsync(options.mqttUrl, {
    clientId: `mirsad-sim-${process.pid}-${Math.round(Math.random() * 1e6)}`,
    reconnectPeriod: 2_000,
  });
  const sent = { telemetry: 0, detections: 0, cot: 0 };
  const timers: ReturnType<typeof setInterval>[] = [];

  // Each drone at its own phase of the second, so a fleet does not arrive in one burst.
  const periodMs = 1000 / options.telemetryHz;
  plan.drones.forEach((drone, i) => {
    const start = setTimeout(
      () => {
        timers.push(
          setInterval(() => {
            const telemetry = droneTelemetry(drone, Date.now()) as unknown as Record<string, unknown>;
            const payload = options.stamp ? options.stamp(drone.id, telemetry) : telemetry;
            client.publish(`${options.topicPrefix}/drone/${drone.id}/telemetry`, JSON.stringify(payload), {
              qos: 0,
            });
            sent.telemetry += 1;
          }, periodMs),
        );
      },
      (i / Math.max(1, plan.drones.length)) * periodMs,
    );
    timers.push(start);
  });

  let tick = 0;
  if (plan.cameras.length > 0)
    timers.push(
      setInterval(() => {
        tick += 1;
        for (const camera of plan.cameras) {
          const detection = thermalDetection(camera, Date.now(), tick);
          if (!detection) continue;
          client.publish(
            `${options.topicPrefix}/thermal/${camera.sensor.id}/detection`,
            JSON.stringify(detection),
            {
              qos: 1,
            },
          );
          sent.detections += 1;
        }
      }, options.detectionIntervalMs),
    );

  const cot = options.cot && plan.patrols.length > 0 ? cotWriter(options.cot, options.log) : null;
  if (cot)
    timers.push(
      setInterval(() => {
        for (const patrol of plan.patrols) if (cot.write(patrolCot(patrol, Date.now()))) sent.cot += 1;
      }, options.cotIntervalMs),
    );

  options.log(
    `Simulating ${plan.drones.length} drones, ${plan.cameras.length} thermal cameras and ${plan.patrols.length} TAK patrols` +
      `${plan.exerciseId === null ? '' : ` in exercise ${plan.exerciseId}`} (${options.scenario}).`,
  );
  return {
    plan,
    sent,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      cot?.stop();
      await client.endAsync();
    },
  };
}
