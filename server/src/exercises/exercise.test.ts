import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ScenarioSchema,
  type Debrief,
  type Exercise,
  type Incident,
  type MirsadEvent,
  type Scenario,
  type ScenarioOverview,
} from '@mirsad/shared';
import type { MirsadServer, Scenarios } from '../app.js';
import type { EntityKind } from '../store/event.store.js';
import {
  api,
  signIn,
  type SignedIn,
  login,
  principalFor,
  recordingClient,
  sampleReport,
  startTestServer,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

/** A small scenario, validated like a file: a flood, a call, an escalation and an overlay. */
const SCENARIO: Scenario = ScenarioSchema.parse({
  id: 'test-rain',
  kind: 'heavy-rain',
  name: { en: 'Test rain', ar: 'أمطار تجريبية' },
  summary: { en: 'A short test', ar: 'اختبار قصير' },
  durationMin: 30,
  view: { center: [47.98, 29.37], zoom: 10 },
  units: [
    { id: 'cd-1', sector: 'civil-defence', type: 'rescue-team', callSign: 'X-CD-01', base: [47.97, 29.33] },
  ],
  injects: [
    {
      id: 'rain-1',
      kind: 'weather',
      atMin: 0,
      text: { en: 'Heavy rain', ar: 'أمطار غزيرة' },
      rainMmPerHour: 40,
      windFromDeg: 320,
      windSpeedKmh: 30,
    },
    {
      id: 'underpass',
      kind: 'incident',
      atMin: 2,
      sector: 'traffic',
      category: 'flooded-road',
      severity: 3,
      title: { en: 'Underpass flooded', ar: 'نفق مغمور' },
      description: { en: 'Cars stuck', ar: 'سيارات عالقة' },
      location: { type: 'Point', coordinates: [47.99, 29.34] },
    },
    {
      id: 'underpass-worse',
      kind: 'incident-update',
      atMin: 7,
      target: 'underpass',
      severity: 5,
      condition: { unlessIncident: 'underpass', hasReached: 'acknowledged' },
    },
    {
      id: 'flood-zone',
      kind: 'flooded-zone',
      atMin: 5,
      key: 'underpass-water',
      name: { en: 'Water in the underpass', ar: 'مياه في النفق' },
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [47.989, 29.339],
            [47.991, 29.339],
            [47.991, 29.341],
            [47.989, 29.341],
            [47.989, 29.339],
          ],
        ],
      },
      depthCm: 60,
    },
    {
      id: 'shelter-need',
      kind: 'incident',
      atMin: 10,
      sector: 'civil-defence',
      category: 'shelter',
      severity: 3,
      title: { en: 'Families need shelter', ar: 'عائلات بحاجة إلى إيواء' },
      description: { en: 'Twelve families', ar: 'اثنتا عشرة عائلة' },
      location: { type: 'Point', coordinates: [47.98, 29.33] },
    },
    {
      id: 'breakdown',
      kind: 'unit-breakdown',
      atMin: 20,
      unitId: 'cd-1',
      text: { en: 'Engine failure', ar: 'عطل في المحرك' },
    },
  ],
  expectations: [
    {
      id: 'ack-underpass',
      target: 'underpass',
      action: 'acknowledge',
      withinMin: 5,
      description: { en: 'Acknowledge', ar: 'استلام' },
    },
    {
      id: 'dispatch-underpass',
      target: 'underpass',
      action: 'dispatch',
      withinMin: 10,
      description: { en: 'Dispatch', ar: 'إرسال' },
    },
  ],
});

const scenarios: Scenarios = {
  load: (id) => {
    if (id !== SCENARIO.id) throw new Error(`no scenario ${id}`);
    return SCENARIO;
  },
  list: () => [
    { id: SCENARIO.id, kind: SCENARIO.kind, name: SCENARIO.name, durationMin: SCENARIO.durationMin },
  ],
};

let clock = Date.parse('2026-11-29T00:00:00Z');
let server: MirsadServer;
let people: SignedIn;
const clients: RecordingClient[] = [];

beforeAll(async () => {
  server = await startTestServer(undefined, {}, { scenarios, now: () => new Date(clock) });
  people = await signIn(server.url, ['trainer', 'traffic', 'civil-defence', 'commander', 'fire']);
});

const as = (username: string): string => people.as(username);
const call = <T>(
  username: string,
  method: string,
  route: string,
  body?: unknown,
  expected?: number,
): Promise<T> => people.call<T>(username, method, route, body, expected);

afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

async function newExercise(trainees: string[], seed = 1): Promise<Exercise> {
  const exercise = await call<Exercise>(
    'trainer',
    'POST',
    '/api/exercises',
    { scenarioId: 'test-rain', trainees, seed, speed: 60, locale: 'en' },
    201,
  );
  await call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'start' });
  return exercise;
}

const jump = (id: string, toMin: number) =>
  call<Exercise>('trainer', 'POST', `/api/exercises/${id}/control`, { action: 'jump', toMin });

describe('exercises', () => {
  it('keeps two exercises and the live picture apart: stores, sockets, lists and exports', async () => {
    const liveRoom = recordingClient(server.url, { cookie: as('commander') });
    clients.push(liveRoom);
    await waitFor(() => liveRoom.liveSeqs.length > 0, 'the live room');
    const a = await newExercise(['traffic']);
    const b = await newExercise(['civil-defence']);
    const roomA = recordingClient(server.url, { cookie: as('traffic'), exerciseId: a.id });
    clients.push(roomA);
    await waitFor(() => roomA.liveSeqs.length > 0, 'exercise A room');
    const live = await call<Incident>(
      'commander',
      'POST',
      '/api/incidents',
      sampleReport(1, { externalRef: null }),
      201,
    );
    await jump(a.id, 30);
    await jump(b.id, 30);
    await waitFor(
      () => liveRoom.events.some((e) => e.type === 'incident.reported' && e.data.incident.id === live.id),
      'the live report',
    );
    await waitFor(
      () => roomA.events.some((e) => e.type === 'exercise.updated' && e.data.exercise.status === 'ended'),
      'A to end',
    );

    expect(liveRoom.events.every((e) => e.exerciseId === null)).toBe(true);
    expect(roomA.events.every((e) => e.exerciseId === a.id)).toBe(true);
    expect(roomA.events.filter((e) => e.type === 'incident.reported').map((e) => e.sectors)).toEqual([
      ['traffic'],
    ]);
    const livePicture = await call<{ incidents: Incident[] }>('commander', 'GET', '/api/incidents?scope=all');
    expect(livePicture.incidents.map((i) => i.id)).toEqual([live.id]);
    const exported = await call<{ events: MirsadEvent[] }>('commander', 'GET', '/api/export/events');
    expect(exported.events.every((e) => e.exerciseId === null)).toBe(true);
    const inA = await call<{ incidents: Incident[] }>(
      'traffic',
      'GET',
      `/api/incidents?scope=all&exercise=${a.id}`,
    );
    expect(inA.incidents.map((i) => i.exerciseId)).toEqual([a.id]);
    expect(
      (await api(server.url, 'GET', `/api/incidents?exercise=${b.id}`, undefined, as('traffic'))).status,
    ).toBe(403);
    const liveUnits = await call<{ units: { exerciseId: string | null }[] }>(
      'commander',
      'GET',
      '/api/units',
    );
    expect(liveUnits.units.every((u) => u.exerciseId === null)).toBe(true);
  });

  it('never fires again an inject the log records as fired, whatever this node remembers', async () => {
    const exercise = await newExercise(['traffic']);
    const started = server.exercises.list(principalFor('trainer')).find((e) => e.id === exercise.id);
    if (!started) throw new Error('no exercise');
    await jump(exercise.id, 6);
    // What another node would write had it read the exercise before these injects were
    // recorded (its control's read and this node's tick interleaved on a slow store), reaching
    // this node later through the tailer: newer in sequence, older in what it says has fired.
    server.exercises.applyRemote({
      id: randomUUID(),
      seq: (await server.store.headSeq()) + 1,
      type: 'exercise.updated',
      at: new Date(clock).toISOString(),
      actor: 'user:trainer',
      exerciseId: exercise.id,
      sectors: [],
      data: { exercise: { ...started, clockMin: 6 } },
    });
    await jump(exercise.id, 8);
    const events = (await server.store.readEvents(0, 100_000)).filter((e) => e.exerciseId === exercise.id);
    const overlays = events.filter((e) => e.type === 'exercise.overlay');
    const reports = events.filter((e) => e.type === 'incident.reported');
    expect(overlays).toHaveLength(2);
    expect(reports).toHaveLength(1);
  });

  it('reads the committed exercise once for each inject it fires', async () => {
    const exercise = await newExercise(['traffic']);
    await jump(exercise.id, 3);
    // Counts this exercise's reads from the store, by wrapping the store's own method.
    let reads = 0;
    const getEntity = server.store.getEntity.bind(server.store);
    server.store.getEntity = <T>(kind: EntityKind, id: string): Promise<T | null> => {
      if (kind === 'exercise' && id === exercise.id) reads++;
      return getEntity<T>(kind, id);
    };
    try {
      // A minute with nothing due: the control's read and the clock's save.
      await jump(exercise.id, 4);
      const withoutInjects = reads;
      reads = 0;
      // The flood zone (5 min), the conditional escalation (7) and the shelter call (10).
      await jump(exercise.id, 12);
      expect(reads - withoutInjects).toBe(3);
    } finally {
      server.store.getEntity = getEntity;
    }
  });

  it('escalates an unacknowledged incident, and not one the trainees acknowledged in time', async () => {
    const ignored = await newExercise(['traffic']);
    await jump(ignored.id, 8);
    const inIgnored = await call<{ incidents: Incident[] }>(
      'traffic',
      'GET',
      `/api/incidents?exercise=${ignored.id}`,
    );
    expect(inIgnored.incidents[0]?.severity).toBe(5);

    const worked = await newExercise(['traffic']);
    await jump(worked.id, 3);
    const [underpass] = (
      await call<{ incidents: Incident[] }>('traffic', 'GET', `/api/incidents?exercise=${worked.id}`)
    ).incidents;
    if (!underpass) throw new Error('no underpass incident');
    await call('traffic', 'PATCH', `/api/incidents/${underpass.id}`, {
      version: underpass.version,
      status: 'acknowledged',
    });
    const after = await jump(worked.id, 8);
    expect(after.skipped).toEqual(['underpass-worse']);
    expect((await call<Incident>('traffic', 'GET', `/api/incidents/${underpass.id}`)).severity).toBe(3);
  });

  it('gives the same events for the same scenario, seed and trainee actions', async () => {
    const run = async (): Promise<string[]> => {
      const exercise = await newExercise(['traffic'], 42);
      await jump(exercise.id, 3);
      const [incident] = (
        await call<{ incidents: Incident[] }>('traffic', 'GET', `/api/incidents?exercise=${exercise.id}`)
      ).incidents;
      if (!incident) throw new Error('no incident');
      await call('traffic', 'PATCH', `/api/incidents/${incident.id}`, {
        version: incident.version,
        status: 'acknowledged',
      });
      await jump(exercise.id, 30);
      const events: MirsadEvent[] = [];
      for (let after = 0; ;) {
        const page = await server.store.readEvents(after, 1000);
        if (page.length === 0) break;
        events.push(...page.filter((e) => e.exerciseId === exercise.id));
        after = page.at(-1)?.seq ?? after;
      }
      const ids = new Map<string, string>();
      // Compare what happened, not when or under which generated names.
      return events.map((event) =>
        JSON.stringify({ type: event.type, actor: event.actor, sectors: event.sectors, data: event.data })
          .replaceAll(exercise.id, 'EX')
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (uuid) => {
            if (!ids.has(uuid)) ids.set(uuid, `U${ids.size}`);
            return ids.get(uuid) ?? uuid;
          }),
      );
    };
    const first = await run();
    const second = await run();
    expect(first.length).toBeGreaterThan(8);
    expect(second).toEqual(first);
  });

  it('scores the debrief in scenario minutes against the scenario’s expectations', async () => {
    const exercise = await newExercise(['traffic']);
    await jump(exercise.id, 2.5);
    const [incident] = (
      await call<{ incidents: Incident[] }>('traffic', 'GET', `/api/incidents?exercise=${exercise.id}`)
    ).incidents;
    if (!incident) throw new Error('no incident');
    // One real second at 60× is one scenario minute: acknowledge about two minutes after the report.
    clock += 1_500;
    const acknowledgedAt = new Date(clock).toISOString();
    await call('traffic', 'PATCH', `/api/incidents/${incident.id}`, {
      version: incident.version,
      status: 'acknowledged',
    });
    await jump(exercise.id, 30);
    const debrief = await call<Debrief>('trainer', 'GET', `/api/exercises/${exercise.id}/debrief`);
    const ack = debrief.items.find((item) => item.expectationId === 'ack-underpass');
    expect(ack?.isMet).toBe(true);
    expect(ack?.tookMin).toBeCloseTo(2, 0);
    expect(ack?.by).toBe('user:traffic');
    // The clock times beside the scenario minutes: when it was reported and acknowledged.
    expect(ack?.doneAt).toBe(acknowledgedAt);
    expect(ack?.reportedAt).toBe(incident.reportedAt);
    expect(debrief.items.find((item) => item.expectationId === 'dispatch-underpass')?.isMet).toBe(false);
    expect(debrief.trainees.find((t) => t.actor === 'user:traffic')?.acknowledged).toBe(1);
    expect(debrief.team.avoidedEscalations).toEqual(['underpass-worse']);
    expect(
      (await api(server.url, 'GET', `/api/exercises/${exercise.id}/debrief`, undefined, as('traffic')))
        .status,
    ).toBe(403);
  });
});

describe("the trainer's console reads", () => {
  it('lists the enabled officers as possible trainees to trainers, and to nobody who does not run exercises', async () => {
    const { trainees } = await call<{ trainees: { username: string; sectors: string[] }[] }>(
      'trainer',
      'GET',
      '/api/trainees',
    );
    expect(trainees.map((t) => t.username)).toEqual(['civil-defence', 'fire', 'traffic']);
    expect(trainees.find((t) => t.username === 'traffic')?.sectors).toEqual(['traffic']);
    // No password hash, lock or role: only what choosing a trainee needs.
    expect(Object.keys(trainees[0] ?? {}).sort()).toEqual(['displayName', 'sectors', 'username']);
    expect((await api(server.url, 'GET', '/api/trainees', undefined, as('traffic'))).status).toBe(403);
  });

  it('describes each scenario by its length, sectors, injects and expectations', async () => {
    const { scenarios: listed } = await call<{ scenarios: ScenarioOverview[] }>(
      'trainer',
      'GET',
      '/api/scenarios',
    );
    expect(listed).toEqual([
      {
        id: 'test-rain',
        kind: 'heavy-rain',
        name: SCENARIO.name,
        summary: SCENARIO.summary,
        durationMin: 30,
        injectCount: SCENARIO.injects.length,
        sectors: ['civil-defence', 'traffic'],
        expectationCount: 2,
      },
    ]);
  });

  it("gives an exercise's whole timeline to its trainer and commanders, never to its trainees", async () => {
    const exercise = await newExercise(['traffic']);
    const scenario = await call<Scenario>('trainer', 'GET', `/api/exercises/${exercise.id}/scenario`);
    expect(scenario.injects.map((inject) => inject.id)).toEqual(SCENARIO.injects.map((inject) => inject.id));
    expect(
      (await api(server.url, 'GET', `/api/exercises/${exercise.id}/scenario`, undefined, as('commander')))
        .status,
    ).toBe(200);
    expect(
      (await api(server.url, 'GET', `/api/exercises/${exercise.id}/scenario`, undefined, as('traffic')))
        .status,
    ).toBe(403);
    await call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'end' });
  });

  it("lists an exercise's support requests to its trainees apart from the live ones", async () => {
    const exercise = await newExercise(['traffic', 'civil-defence']);
    await jump(exercise.id, 2.5);
    const [incident] = (
      await call<{ incidents: Incident[] }>('traffic', 'GET', `/api/incidents?exercise=${exercise.id}`)
    ).incidents;
    if (!incident) throw new Error('no incident');
    await call(
      'traffic',
      'POST',
      `/api/incidents/${incident.id}/support-requests`,
      { toSector: 'civil-defence', request: 'A boat for the underpass' },
      201,
    );
    type Requests = { requests: { incidentId: string; exerciseId: string | null }[] };
    const inside = await call<Requests>(
      'civil-defence',
      'GET',
      `/api/support-requests?status=pending&exercise=${exercise.id}`,
    );
    expect(inside.requests.map((r) => [r.incidentId, r.exerciseId])).toEqual([[incident.id, exercise.id]]);
    const live = await call<Requests>('civil-defence', 'GET', '/api/support-requests?status=pending');
    expect(live.requests.some((r) => r.exerciseId !== null)).toBe(false);
    const links = await call<{ links: unknown[] }>(
      'traffic',
      'GET',
      `/api/links?status=proposed&exercise=${exercise.id}`,
    );
    expect(links.links).toEqual([]);
    // Someone outside the exercise cannot list it.
    for (const route of [
      `/api/support-requests?exercise=${exercise.id}`,
      `/api/links?exercise=${exercise.id}`,
    ]) {
      expect((await api(server.url, 'GET', route, undefined, as('fire'))).status).toBe(403);
    }
    await call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'end' });
  });

  it('lets a trainee review and export only their own sectors of the exercise', async () => {
    const exercise = await newExercise(['traffic', 'civil-defence']);
    await jump(exercise.id, 20);
    const summary = (who: string, tail = '') =>
      call<unknown>(who, 'GET', `/api/review/summary?exercise=${exercise.id}${tail}`);
    // The whole exercise has both sectors' incidents; a trainee of traffic gets what traffic's filter gives.
    expect(await summary('traffic')).toEqual(await summary('trainer', '&sector=traffic'));
    expect(await summary('traffic')).not.toEqual(await summary('trainer'));
    const refused = await api(
      server.url,
      'GET',
      `/api/review/summary?exercise=${exercise.id}&sector=civil-defence`,
      undefined,
      as('traffic'),
    );
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toMatch(/own sectors \(traffic\).*civil-defence/);
    const exported = await call<{ events: MirsadEvent[] }>(
      'traffic',
      'GET',
      `/api/export/events?exercise=${exercise.id}`,
    );
    expect(exported.events.length).toBeGreaterThan(0);
    expect(exported.events.every((event) => event.sectors.includes('traffic'))).toBe(true);
    const whole = await call<{ events: MirsadEvent[] }>(
      'trainer',
      'GET',
      `/api/export/events?exercise=${exercise.id}`,
    );
    expect(whole.events.some((event) => !event.sectors.includes('traffic'))).toBe(true);
    await call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'end' });
  });
});

describe('the shipped scenarios', () => {
  it('both load and run to the end at 60×, every inject dealt with', async () => {
    const shipped = await startTestServer();
    try {
      const trainer = await login(shipped.url, 'trainer');
      const { body } = await api(shipped.url, 'GET', '/api/scenarios', undefined, trainer);
      const ids = (body as { scenarios: { id: string }[] }).scenarios.map((s) => s.id).sort();
      expect(ids).toEqual(['heavy-rain-capital', 'industrial-fire-amghara']);
      for (const scenarioId of ids) {
        const created = await api(
          shipped.url,
          'POST',
          '/api/exercises',
          { scenarioId, trainees: ['traffic'], speed: 60 },
          trainer,
        );
        expect(created.status).toBe(201);
        const exercise = created.body as Exercise;
        await api(shipped.url, 'POST', `/api/exercises/${exercise.id}/control`, { action: 'start' }, trainer);
        const ended = (
          await api(
            shipped.url,
            'POST',
            `/api/exercises/${exercise.id}/control`,
            { action: 'jump', toMin: 24 * 60 },
            trainer,
          )
        ).body as Exercise;
        expect(ended.status).toBe('ended');
        const scenario = shipped.exercises.scenarioOf(exercise.id);
        expect(new Set(ended.fired)).toEqual(new Set(scenario.injects.map((inject) => inject.id)));
        const overlays = (
          await api(shipped.url, 'GET', `/api/exercises/${exercise.id}/overlays`, undefined, trainer)
        ).body as {
          overlays: unknown[];
        };
        expect(overlays.overlays.length).toBeGreaterThan(3);
        const debrief = (
          await api(shipped.url, 'GET', `/api/exercises/${exercise.id}/debrief`, undefined, trainer)
        ).body as Debrief;
        expect(debrief.items).toHaveLength(scenario.expectations.length);
        // Nobody acted, so every conditional escalation fired.
        expect(debrief.team.missedEscalations.length).toBe(
          scenario.injects.filter((i) => i.condition).length,
        );
      }
    } finally {
      await shipped.close();
    }
  });
});

describe('choosing trainees', () => {
  it('takes only enabled officers, and names each one it refuses', async () => {
    const server = await startTestServer();
    try {
      const trainer = await login(server.url, 'trainer');
      const before = await server.store.headSeq();
      const refused = await api(
        server.url,
        'POST',
        '/api/exercises',
        { scenarioId: 'heavy-rain-capital', trainees: ['traffic', 'nobody-here', 'commander'], speed: 60 },
        trainer,
      );
      expect(refused.status).toBe(400);
      const issues = (refused.body as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((issue) => issue.path)).toEqual(['body.trainees.1', 'body.trainees.2']);
      expect(issues[0]?.message).toContain('nobody-here');
      // Nothing was written for the refused exercise.
      expect(await server.store.headSeq()).toBe(before);
      const accepted = await api(
        server.url,
        'POST',
        '/api/exercises',
        { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], speed: 60 },
        trainer,
      );
      expect(accepted.status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
