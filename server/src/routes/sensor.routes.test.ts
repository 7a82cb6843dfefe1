// The sensor registry and the HTTP alternative to MQTT on a real server: who may register and
// feed, what a device's key is bound to, and a detection posted over HTTP becoming a report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thermalSource, type Sensor } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, signIn, startTestServer, waitFor } from '../test-support.js';

let server: MirsadServer;
let people: Awaited<ReturnType<typeof signIn>>;
const keys: Record<string, string> = {};

const detection = (maxTempC = 450, at = new Date()) => ({
  at: at.toISOString(),
  location: { type: 'Point', coordinates: [47.71, 29.21] },
  maxTempC,
  areaM2: 120,
  confidence: 0.93,
  thumbnail: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==',
});

const post = (id: string, tail: string, body: unknown, key: string) =>
  api(server.url, 'POST', `/api/sensors/${id}/${tail}`, body, `Bearer ${key}`);

beforeAll(async () => {
  server = await startTestServer();
  people = await signIn(server.url, ['commander', 'admin', 'fire', 'trainer']);
  for (const [name, source, sectors] of [
    ['gate', 'cam-gateway', ['fire-marine-rescue']],
    ['gate-traffic', 'cam-gateway', ['traffic']],
    ['other', 'other-gateway', ['fire-marine-rescue']],
  ] as const) {
    const made = await people.call<{ secret: string }>(
      'admin',
      'POST',
      '/api/keys',
      { name, role: 'reporter', source, sectors },
      201,
    );
    keys[name] = made.secret;
  }
  await people.call(
    'commander',
    'POST',
    '/api/sensors',
    {
      id: 'cam-1',
      kind: 'thermal-camera',
      sector: 'fire-marine-rescue',
      name: 'Mast 1',
      source: 'cam-gateway',
    },
    201,
  );
});

afterAll(async () => {
  await server.close();
});

describe('registering sensors', () => {
  it('lets commanders and administrators register live sensors, not officers or trainers', async () => {
    const body = { id: 'drone-2', kind: 'drone', sector: 'traffic', name: 'Drone 2' };
    for (const who of ['fire', 'trainer']) {
      const answer = await api(server.url, 'POST', '/api/sensors', body, people.as(who));
      expect(answer.status, who).toBe(403);
    }
    const made = await people.call<Sensor>('admin', 'POST', '/api/sensors', body, 201);
    expect(made).toMatchObject({
      source: 'sensor.drone-2',
      thresholds: null,
      category: null,
      exerciseId: null,
    });
  });

  it('changes a registration in place, keeping when it was first registered, but not its kind', async () => {
    const first = server.sensors.get('cam-1');
    const changed = await people.call<Sensor>(
      'commander',
      'POST',
      '/api/sensors',
      {
        id: 'cam-1',
        kind: 'thermal-camera',
        sector: 'fire-marine-rescue',
        name: 'Mast 1 (raised)',
        source: 'cam-gateway',
        thresholds: { minTempC: 200 },
      },
      200,
    );
    expect(changed.thresholds).toEqual({ minTempC: 200, minAreaM2: 2, minConfidence: 0.6 });
    expect(changed.registeredAt).toBe(first?.registeredAt);
    const asDrone = await api(
      server.url,
      'POST',
      '/api/sensors',
      { id: 'cam-1', kind: 'drone', sector: 'fire-marine-rescue', name: 'x' },
      people.as('commander'),
    );
    expect(asDrone.status).toBe(409);
  });

  it('refuses a bad registration naming the field', async () => {
    const answer = await api(
      server.url,
      'POST',
      '/api/sensors',
      { id: 'cam-9', kind: 'thermal-camera', sector: 'fire-marine-rescue', name: 'x', category: 'collision' },
      people.as('commander'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('body.category');
  });
});

describe('feeding a sensor over HTTP', () => {
  it('reports a detection over the camera’s thresholds, posted with a key of its source and sector', async () => {
    const answer = await post('cam-1', 'detections', detection(), keys.gate ?? '');
    expect(answer).toEqual({ status: 202, body: { outcome: 'queued' } });
    await waitFor(
      async () =>
        (await server.store.listIncidents({ scope: 'all', exerciseId: null })).some(
          (incident) => incident.source === thermalSource('cam-1'),
        ),
      'the report',
    );
    const cool = await post('cam-1', 'detections', detection(150), keys.gate ?? '');
    expect(cool.body).toEqual({ outcome: 'below_thresholds' });
  });

  it('refuses a key of another sector, a key of another source, an unregistered sensor and the wrong payload', async () => {
    expect((await post('cam-1', 'detections', detection(), keys['gate-traffic'] ?? '')).status).toBe(403);
    expect((await post('cam-1', 'detections', detection(), keys.other ?? '')).status).toBe(403);
    expect((await post('cam-404', 'detections', detection(), keys.gate ?? '')).status).toBe(404);
    expect((await post('cam-1', 'telemetry', detection(), keys.gate ?? '')).status).toBe(400);
    const bad = await post('cam-1', 'detections', { ...detection(), maxTempC: 'hot' }, keys.gate ?? '');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.maxTempC');
    const old = await post(
      'cam-1',
      'detections',
      detection(500, new Date(Date.now() - 3_600_000)),
      keys.gate ?? '',
    );
    expect(old.status).toBe(400);
    // A person may not feed a sensor, even a commander.
    const person = await api(
      server.url,
      'POST',
      '/api/sensors/cam-1/detections',
      detection(),
      people.as('commander'),
    );
    expect(person.status).toBe(403);
  });
});
