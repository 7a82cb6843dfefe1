import { randomUUID } from 'node:crypto';
import net from 'node:net';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  thermalSource,
  type DroneState,
  type Health,
  type Incident,
  type PresenceEntry,
  type Sensor,
  type Unit,
  type UnitPosition,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { incidentUid } from '../tak/cot.markers.js';
import { login, recordingClient, signIn, waitFor, type RecordingClient } from '../test-support.js';
import { twoNodes, type Closers } from './cluster.test-support.js';

const closers: Closers = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function client(url: string, cookie: string): RecordingClient {
  const recording = recordingClient(url, { cookie });
  closers.push(() => {
    recording.close();
  });
  return recording;
}

describe('nodes of one room', () => {
  it('leads on one node only, and follows on the other what the leader writes', async () => {
    const { a, b } = await twoNodes(closers);
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const onA = await signIn(a.url, ['commander']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'p-1', sector: 'traffic', type: 'patrol', callSign: 'P-01' },
      201,
    );
    // B's memory of the fleet follows A's write: its own list shows the unit.
    const onB = await signIn(b.url, ['commander']);
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.some(
          (unit) => unit.id === 'p-1',
        ),
      'B to know the unit registered on A',
    );
  });

  it('sends positions reported on one node to the sockets of the other, and keeps them in its memory', async () => {
    const { a, b } = await twoNodes(closers);
    const onA = await signIn(a.url, ['commander']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'p-2', sector: 'traffic', type: 'patrol', callSign: 'P-02' },
      201,
    );
    const onB = await signIn(b.url, ['commander']);
    const watcher = client(b.url, onB.as('commander'));
    const moved: { unitId: string; position: UnitPosition }[] = [];
    watcher.socket.on('units.moved', (positions) => moved.push(...positions));
    await waitFor(() => watcher.liveSeqs.length > 0, 'the client on B to go live');
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.some(
          (unit) => unit.id === 'p-2',
        ),
      'B to know the unit',
    );
    const position: UnitPosition = {
      coordinates: [47.98, 29.37],
      headingDeg: 90,
      speedMps: 12,
      at: new Date().toISOString(),
    };
    await onA.call('commander', 'POST', '/api/units/p-2/position', position, 202);
    await waitFor(
      () => moved.some((entry) => entry.unitId === 'p-2'),
      'the position to reach the socket on B',
    );
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.find(
          (unit) => unit.id === 'p-2',
        )?.position?.at === position.at,
      "B's own list to show the position",
    );
  });

  it('closes on every node the sockets of an account disabled on one', async () => {
    const { a, b } = await twoNodes(closers);
    const admin = await signIn(a.url, ['admin']);
    const traffic = client(b.url, await login(b.url, 'traffic'));
    await waitFor(() => traffic.liveSeqs.length > 0, 'the officer on B to go live');
    await admin.call('admin', 'PATCH', '/api/accounts/traffic', { isDisabled: true });
    await waitFor(() => !traffic.socket.connected, "the officer's socket on B to close");
  });

  it('shows in presence the people connected to the other node', async () => {
    const { a, b } = await twoNodes(closers);
    const fire = client(b.url, await login(b.url, 'fire'));
    let people: PresenceEntry[] = [];
    fire.socket.on('presence.changed', (entries) => {
      people = entries;
    });
    await waitFor(() => fire.liveSeqs.length > 0, 'the fire officer on B to go live');
    const commander = client(a.url, await login(a.url, 'commander'));
    await waitFor(() => commander.liveSeqs.length > 0, 'the commander on A to go live');
    await waitFor(
      () => people.some((entry) => entry.actor === 'user:commander'),
      'the officer on B to see the commander on A',
    );
  });

  it('says on each node which node leads, and how far this one has followed the log', async () => {
    const { a, b } = await twoNodes(closers);
    const onA = await signIn(a.url, ['commander']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'p-3', sector: 'traffic', type: 'patrol', callSign: 'P-03' },
      201,
    );
    const health = async (url: string): Promise<Health> =>
      (await fetch(`${url}/api/health`)).json() as Promise<Health>;
    await waitFor(async () => (await health(b.url)).node.leaderId === 'node-a', 'B to learn that A leads');
    const fromA = await health(a.url);
    expect(fromA.node).toMatchObject({ id: 'node-a', isLeader: true, leaderId: 'node-a' });
    await waitFor(async () => {
      const fromB = await health(b.url);
      return fromB.node.tailSeq === fromB.headSeq && fromB.node.lagEvents === 0;
    }, 'B to have followed the whole log');
    expect((await health(b.url)).node).toMatchObject({ id: 'node-b', isLeader: false });
  });
});

describe('field sensors on nodes of one room', () => {
  it('knows on every node a sensor registered on one, and takes MQTT in once: one incident per heat, drones on every node', async () => {
    const topicPrefix = `test-${randomUUID().slice(0, 8)}`;
    const { a, b } = await twoNodes(closers, {
      config: { mqtt: { url: 'mqtt://127.0.0.1:1883', topicPrefix } },
    });
    const onA = await signIn(a.url, ['commander']);
    const onB = await signIn(b.url, ['commander', 'traffic']);
    // Registered through B, the node that does not lead: the leader, which takes MQTT in, must know them.
    await onB.call(
      'commander',
      'POST',
      '/api/sensors',
      { id: 'cam-n', kind: 'thermal-camera', sector: 'fire-marine-rescue', name: 'Mast N' },
      201,
    );
    await onB.call(
      'commander',
      'POST',
      '/api/sensors',
      { id: 'drone-n', kind: 'drone', sector: 'traffic', name: 'N' },
      201,
    );
    await waitFor(
      async () =>
        (await onA.call<{ sensors: Sensor[] }>('commander', 'GET', '/api/sensors')).sensors.length === 2,
      'A to know the sensors registered on B',
    );
    const watcher = client(b.url, onB.as('traffic'));
    const seen: DroneState[] = [];
    watcher.socket.on('drones.moved', (states) => seen.push(...states));
    await waitFor(() => watcher.liveSeqs.length > 0, 'the officer on B to go live');
    const publisher = await mqtt.connectAsync('mqtt://127.0.0.1:1883', {
      clientId: `test-pub-${randomUUID().slice(0, 8)}`,
    });
    closers.push(() => publisher.endAsync());
    const spot: [number, number] = [47.9, 29.3];
    const publish = (topic: string, payload: object): Promise<unknown> =>
      publisher.publishAsync(`${topicPrefix}/${topic}`, JSON.stringify(payload), { qos: 1 });
    await publish('thermal/cam-n/detection', {
      at: new Date().toISOString(),
      location: { type: 'Point', coordinates: spot },
      maxTempC: 400,
      areaM2: 50,
      confidence: 0.9,
    });
    await publish('drone/drone-n/telemetry', {
      at: new Date().toISOString(),
      position: spot,
      altitudeM: 90,
      headingDeg: 45,
      speedMps: 11,
      batteryPct: 64,
    });
    const thermal = async (server: MirsadServer) =>
      (await server.store.listIncidents({ scope: 'all', exerciseId: null })).filter(
        (incident) => incident.source === thermalSource('cam-n'),
      );
    await waitFor(async () => (await thermal(a)).length > 0, 'the thermal report');
    await waitFor(() => seen.some((state) => state.droneId === 'drone-n'), 'the drone on the socket on B');
    await waitFor(
      async () =>
        (await onB.call<{ drones: DroneState[] }>('traffic', 'GET', '/api/sensors/drones')).drones.some(
          (drone) => drone.droneId === 'drone-n',
        ),
      "the drone in B's own list",
    );
    // Each node subscribed would have written the heat once each.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [incident] = await thermal(a);
    expect(incident).toBeDefined();
    const recorded = (await a.store.eventsAbout(incident?.id ?? '')).filter(
      (event) => event.type === 'detection.recorded',
    );
    expect(recorded).toHaveLength(1);
    // The leader samples the drone for replay, read back from PostgreSQL.
    await a.replay.flushPositions();
    const positions = await b.store.positionsAt(new Date(Date.now() + 1_000).toISOString());
    expect(positions.get('drone:drone-n')?.coordinates).toEqual(spot);
    expect([a.sensorStats().accepted.telemetry, b.sensorStats().accepted.telemetry]).toEqual([1, 0]);
  });
});

describe('the CoT endpoint on nodes of one room', () => {
  it('moves on every node a unit its TAK device reports to one node, and sends that device what was reported through the other', async () => {
    const { a, b } = await twoNodes(closers, { config: { cot: { port: 0, host: '127.0.0.1', tls: null } } });
    const onA = await signIn(a.url, ['commander', 'traffic']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'tr-n', sector: 'traffic', type: 'patrol', callSign: 'TR-N', takUid: 'ANDROID-node-b' },
      201,
    );
    await waitFor(() => b.units.listAll().some((unit) => unit.id === 'tr-n'), 'B to know the unit');
    // The device is connected to B's endpoint.
    let received = '';
    const device = await new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(b.cot?.port ?? 0, '127.0.0.1', () => {
        resolve(socket);
      });
      socket.once('error', reject);
    });
    closers.push(() => {
      device.destroy();
    });
    device.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
    });
    const now = new Date();
    device.write(
      `<event version="2.0" uid="ANDROID-node-b" type="a-f-G-U-C" time="${now.toISOString()}" start="${now.toISOString()}" stale="${new Date(now.getTime() + 120_000).toISOString()}" how="m-g">` +
        `<point lat="29.3697" lon="47.9781" hae="12.0" ce="4.9" le="9999999.0"/><detail><track course="90" speed="5"/></detail></event>`,
    );
    await waitFor(
      () => a.units.listAll().find((unit) => unit.id === 'tr-n')?.position?.coordinates[0] === 47.9781,
      "the unit moved in A's memory",
    );
    // Reported through A: B's endpoint hears it from the log, not from its own commits.
    const reported = await onA.call<Incident>(
      'traffic',
      'POST',
      '/api/incidents',
      {
        sector: 'traffic',
        category: 'collision',
        severity: 3,
        title: 'Collision reported through A',
        location: { type: 'Point', coordinates: [47.98, 29.37] },
      },
      201,
    );
    await waitFor(() => received.includes(incidentUid(reported.id)), 'the incident as CoT on B');
  });
});
