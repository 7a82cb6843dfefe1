// Field sensors through the real Mosquitto on loopback (each run on its own topic prefix), a
// real server and real socket.io clients: thermal detections become one incident, drones reach
// the rooms of their sector, bad and unregistered messages are counted, not taken.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  thermalSource,
  type DetectionHistory,
  type DroneState,
  type Incident,
  type SensorStats,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  api,
  freePort,
  login,
  recordingClient,
  signIn,
  startTestServer,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

const BROKER = 'mqtt://127.0.0.1:1883';
const prefix = `test-${randomUUID().slice(0, 8)}`;
let server: MirsadServer;
let publisher: MqttClient;
let people: Awaited<ReturnType<typeof signIn>>;

const here: [number, number] = [47.8301, 29.2601];

/** A point `metres` east of `from`. */
const east = (from: [number, number], metres: number): [number, number] => [
  from[0] + metres / (111_320 * Math.cos((from[1] * Math.PI) / 180)),
  from[1],
];

const detection = (at: [number, number], maxTempC: number, areaM2 = 40) => ({
  at: new Date().toISOString(),
  location: { type: 'Point', coordinates: at },
  maxTempC,
  areaM2,
  confidence: 0.9,
});

const telemetry = (position: [number, number]) => ({
  at: new Date().toISOString(),
  position,
  altitudeM: 90,
  headingDeg: 45,
  speedMps: 11,
  batteryPct: 64,
  footprint: {
    type: 'Polygon',
    coordinates: [
      [
        [position[0] - 0.001, position[1] - 0.001],
        [position[0] + 0.001, position[1] - 0.001],
        [position[0] + 0.001, position[1] + 0.001],
        [position[0] - 0.001, position[1] - 0.001],
      ],
    ],
  },
});

const publish = (topic: string, payload: unknown): Promise<unknown> =>
  publisher.publishAsync(
    `${prefix}/${topic}`,
    typeof payload === 'string' ? payload : JSON.stringify(payload),
    {
      qos: 1,
    },
  );

const thermalIncidents = async (cameraId: string, exerciseId: string | null = null): Promise<Incident[]> =>
  (await server.store.listIncidents({ scope: 'all', exerciseId })).filter(
    (incident) => incident.source === thermalSource(cameraId),
  );

const stats = async (): Promise<SensorStats> => {
  const answer = await api(server.url, 'GET', '/api/sensors/stats', undefined, people.as('admin'));
  expect(answer.status).toBe(200);
  return answer.body as SensorStats;
};

beforeAll(async () => {
  server = await startTestServer(undefined, { mqtt: { url: BROKER, topicPrefix: prefix } });
  people = await signIn(server.url, ['commander', 'admin', 'traffic', 'fire']);
  const register = (body: object) => people.call('commander', 'POST', '/api/sensors', body, 201);
  await register({
    id: 'cam-amghara',
    kind: 'thermal-camera',
    sector: 'fire-marine-rescue',
    name: 'Amghara mast',
    location: { type: 'Point', coordinates: east(here, -800) },
    fieldOfView: { bearingDeg: 90, widthDeg: 60, rangeM: 3_000 },
    category: 'industrial-fire',
  });
  await register({ id: 'cam-quiet', kind: 'thermal-camera', sector: 'fire-marine-rescue', name: 'Quiet' });
  await register({ id: 'drone-7', kind: 'drone', sector: 'traffic', name: 'Drone 7' });
  publisher = await mqtt.connectAsync(BROKER, { clientId: `test-pub-${randomUUID().slice(0, 8)}` });
  await waitFor(async () => (await stats()).mqtt.isConnected, 'the server to subscribe');
});

afterAll(async () => {
  await publisher.endAsync();
  await server.close();
});

describe('thermal detections over MQTT', () => {
  it('reports a fire incident within seconds, and a second detection nearby attaches to it instead of duplicating', async () => {
    await publish('thermal/cam-amghara/detection', detection(here, 380));
    await waitFor(async () => (await thermalIncidents('cam-amghara')).length === 1, 'the thermal report');
    const [reported] = await thermalIncidents('cam-amghara');
    expect(reported).toMatchObject({
      sector: 'fire-marine-rescue',
      category: 'industrial-fire',
      status: 'reported',
      source: 'thermal:cam-amghara',
      severity: 2,
      location: { type: 'Point', coordinates: here },
    });

    // 120 m away and hotter and larger: evidence on the same incident, which grows more severe.
    await publish('thermal/cam-amghara/detection', detection(east(here, 120), 720, 900));
    const history = async (): Promise<DetectionHistory> =>
      people.call<DetectionHistory>('fire', 'GET', `/api/incidents/${reported?.id ?? ''}/detections`);
    await waitFor(async () => (await history()).detections.length === 2, 'the second detection attached');
    expect(await thermalIncidents('cam-amghara')).toHaveLength(1);
    const { detections } = await history();
    expect(detections.map((d) => [d.outcome, d.maxTempC, d.cameraId])).toEqual([
      ['reported', 380, 'cam-amghara'],
      ['attached', 720, 'cam-amghara'],
    ]);
    const grown = await server.store.getIncident(reported?.id ?? '');
    expect(grown?.severity).toBe(5);

    // Another sector's officer does not see the fire, nor its history.
    const traffic = await api(
      server.url,
      'GET',
      `/api/incidents/${reported?.id ?? ''}/detections`,
      undefined,
      people.as('traffic'),
    );
    expect(traffic.status).toBe(403);
  });

  it('attaches to an active incident a person reported near it, without changing its severity', async () => {
    const spot: [number, number] = [48.05, 29.1];
    const person = await people.call<Incident>(
      'fire',
      'POST',
      '/api/incidents',
      {
        sector: 'fire-marine-rescue',
        category: 'building-fire',
        severity: 2,
        title: 'Smoke from a warehouse',
        location: { type: 'Point', coordinates: spot },
      },
      201,
    );
    await publish('thermal/cam-quiet/detection', detection(east(spot, 250), 900, 6_000));
    await waitFor(
      async () =>
        (await people.call<DetectionHistory>('fire', 'GET', `/api/incidents/${person.id}/detections`))
          .detections.length === 1,
      'the detection attached to the person’s report',
    );
    expect(await thermalIncidents('cam-quiet')).toHaveLength(0);
    expect((await server.store.getIncident(person.id))?.severity).toBe(2);
  });

  it('counts detections under the camera’s thresholds without reporting them', async () => {
    const before = await stats();
    await publish('thermal/cam-quiet/detection', detection([47.5, 29.5], 60));
    await waitFor(
      async () => (await stats()).detections.belowThresholds === before.detections.belowThresholds + 1,
      'the cool detection counted',
    );
    expect(await thermalIncidents('cam-quiet')).toHaveLength(0);
  });

  it('drops, counts and logs bad payloads, unregistered devices and bad topics, and keeps taking good ones', async () => {
    const before = await stats();
    const dropped = (s: SensorStats, reason: string): number => s.dropped[reason] ?? 0;
    await publish('thermal/cam-amghara/detection', 'not json {');
    await publish('thermal/cam-amghara/detection', { ...detection(here, 400), maxTempC: 'hot' });
    await publish('drone/drone-7/telemetry', { ...telemetry(here), batteryPct: 130 });
    await publish('thermal/cam-nobody/detection', detection(here, 400));
    await publish('drone/Drone-7/telemetry', telemetry(here));
    await publish('thermal/drone-7/detection', detection(here, 400));
    await waitFor(async () => {
      const now = await stats();
      return (
        dropped(now, 'bad_payload') === dropped(before, 'bad_payload') + 3 &&
        dropped(now, 'unregistered') === dropped(before, 'unregistered') + 1 &&
        dropped(now, 'bad_topic') === dropped(before, 'bad_topic') + 1 &&
        dropped(now, 'wrong_kind') === dropped(before, 'wrong_kind') + 1
      );
    }, 'every bad message counted');
    // The server still takes good messages.
    await publish('drone/drone-7/telemetry', telemetry(here));
    await waitFor(
      async () => (await stats()).accepted.telemetry > before.accepted.telemetry,
      'a good telemetry accepted after the bad ones',
    );
  });

  it('keeps the stats for commanders and administrators', async () => {
    const officer = await api(server.url, 'GET', '/api/sensors/stats', undefined, people.as('traffic'));
    expect(officer.status).toBe(403);
  });
});

describe('drones over MQTT', () => {
  let room: RecordingClient;
  let otherRoom: RecordingClient;
  const seen: DroneState[][] = [];
  const seenByOther: DroneState[][] = [];

  beforeAll(async () => {
    room = recordingClient(server.url, { cookie: people.as('traffic') });
    otherRoom = recordingClient(server.url, { cookie: people.as('fire') });
    room.socket.on('drones.moved', (batch) => seen.push(batch));
    otherRoom.socket.on('drones.moved', (batch) => seenByOther.push(batch));
    await waitFor(() => room.liveSeqs.length > 0 && otherRoom.liveSeqs.length > 0, 'both rooms live');
  });

  afterAll(() => {
    room.close();
    otherRoom.close();
  });

  it('reaches the rooms of the drone’s sector, volatile, with its footprint and battery, and not another sector’s', async () => {
    const spot = east(here, 5_000);
    await publish('drone/drone-7/telemetry', telemetry(spot));
    await waitFor(
      () =>
        seen.flat().some((state) => state.droneId === 'drone-7' && state.telemetry.position[0] === spot[0]),
      'the drone in the traffic room',
    );
    const state = seen.flat().find((s) => s.telemetry.position[0] === spot[0]);
    expect(state?.telemetry).toMatchObject({
      batteryPct: 64,
      headingDeg: 45,
      footprint: { type: 'Polygon' },
    });
    expect(state?.sector).toBe('traffic');
    expect(Date.parse(state?.heardAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // A later batch for traffic went out; the fire room has had none of them.
    expect(seenByOther.flat().filter((s) => s.droneId === 'drone-7')).toEqual([]);
    const listed = await people.call<{ drones: DroneState[] }>('traffic', 'GET', '/api/sensors/drones');
    expect(listed.drones.map((d) => d.droneId)).toEqual(['drone-7']);
    const hidden = await people.call<{ drones: DroneState[] }>('fire', 'GET', '/api/sensors/drones');
    expect(hidden.drones).toEqual([]);
  });

  it('samples live drones into the position history for replay', async () => {
    await server.replay.flushPositions();
    const positions = await server.store.positionsAt(new Date(Date.now() + 1_000).toISOString());
    expect(positions.get('drone:drone-7')?.coordinates).toBeDefined();
  });
});

describe('an exercise’s sensors', () => {
  it('report into the exercise, never into the live picture', async () => {
    const trainer = await login(server.url, 'trainer');
    const exercise = await api(
      server.url,
      'POST',
      '/api/exercises',
      { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], seed: 3, speed: 1 },
      trainer,
    );
    expect(exercise.status).toBe(201);
    const exerciseId = (exercise.body as { id: string }).id;
    const registered = await api(
      server.url,
      'POST',
      '/api/sensors',
      { id: 'cam-drill', kind: 'thermal-camera', sector: 'fire-marine-rescue', name: 'Drill', exerciseId },
      trainer,
    );
    expect(registered.status).toBe(201);
    await publish('thermal/cam-drill/detection', detection([47.7, 29.2], 500));
    await waitFor(
      async () => (await thermalIncidents('cam-drill', exerciseId)).length === 1,
      'the drill report',
    );
    expect(await thermalIncidents('cam-drill', null)).toHaveLength(0);
    // The live room's list does not show the exercise's camera.
    const live = await people.call<{ sensors: { id: string }[] }>('commander', 'GET', '/api/sensors');
    expect(live.sensors.map((s) => s.id)).not.toContain('cam-drill');
  });
});

describe('when the broker restarts', () => {
  let broker: ChildProcess | null = null;
  let own: MirsadServer | null = null;

  const startBroker = async (port: number): Promise<ChildProcess> => {
    const child = spawn('/usr/sbin/mosquitto', ['-p', String(port)], { stdio: 'ignore' });
    await waitFor(async () => {
      try {
        const probe = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
          reconnectPeriod: 0,
          connectTimeout: 500,
        });
        await probe.endAsync();
        return true;
      } catch {
        return false;
      }
    }, `mosquitto on ${port}`);
    return child;
  };

  afterAll(async () => {
    await own?.close();
    broker?.kill();
  });

  it('reconnects and takes messages again', async () => {
    const port = await freePort();
    broker = await startBroker(port);
    const url = `mqtt://127.0.0.1:${port}`;
    own = await startTestServer(undefined, { mqtt: { url, topicPrefix: prefix } });
    const commander = await login(own.url, 'commander');
    await api(
      own.url,
      'POST',
      '/api/sensors',
      { id: 'drone-r', kind: 'drone', sector: 'traffic', name: 'R' },
      commander,
    );
    const sendOnce = async (): Promise<void> => {
      const client = await mqtt.connectAsync(url);
      await client.publishAsync(`${prefix}/drone/drone-r/telemetry`, JSON.stringify(telemetry(here)), {
        qos: 1,
      });
      await client.endAsync();
    };
    const admin = await login(own.url, 'admin');
    const taken = async (): Promise<number> => {
      const answer = await api(own?.url ?? '', 'GET', '/api/sensors/stats', undefined, admin);
      return (answer.body as SensorStats).accepted.telemetry;
    };
    await waitFor(() => own?.mqtt?.state().isConnected === true, 'connected');
    await sendOnce();
    await waitFor(async () => (await taken()) === 1, 'the first telemetry');

    broker.kill();
    await waitFor(() => own?.mqtt?.state().isConnected === false, 'the loss noticed');
    broker = await startBroker(port);
    await waitFor(() => own?.mqtt?.state().isConnected === true, 'reconnected', 30_000);
    expect(own.mqtt?.state().reconnects).toBeGreaterThan(0);
    await sendOnce();
    await waitFor(async () => (await taken()) === 2, 'a telemetry after the restart');
  });
});
