// Random histories of the room (reports across sectors, notes, merges, support asked and answered,
// shelters, exercises with trainees) and, after each, every caller's view of the log over REST and
// over a real socket (catch-up and live, and resumed where the history began): exactly the events
// the shared policy lets them see.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  feedOf,
  maySeeEvent,
  type EventPage,
  type Exercise,
  type Incident,
  type Link,
  type SectorId,
  type SupportRequest,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  api,
  recordingClient,
  sampleReport,
  startTestServer,
  waitFor,
  type RecordingClient,
} from '../test-support.js';
import { signInCallers, type Caller } from './callers.test-support.js';

/** Histories per run: enough to meet merges, support and exercises together, few enough to stay quick. */
const HISTORIES = 20;

let server: MirsadServer;
let callers: Caller[];

beforeAll(async () => {
  server = await startTestServer();
  callers = await signInCallers(server);
});

afterAll(async () => {
  await server.close();
});

const REPORTERS = [
  { who: 'traffic', sector: 'traffic', category: 'collision' },
  { who: 'fire', sector: 'fire-marine-rescue', category: 'vehicle-fire' },
  { who: 'civil-defence', sector: 'civil-defence', category: 'flooding' },
  { who: 'commander', sector: 'traffic', category: 'flooded-road' },
] as const;
const OFFICERS = ['traffic', 'fire', 'civil-defence'] as const;
const SECTORS: SectorId[] = ['traffic', 'fire-marine-rescue', 'civil-defence', 'correctional'];

/** One step of a history; indices pick among what exists when it runs. */
const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant('report' as const),
    reporter: fc.nat(REPORTERS.length - 1),
    isNear: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('note' as const), who: fc.nat(3), incident: fc.nat() }),
  fc.record({ kind: fc.constant('merge' as const), who: fc.nat(3), link: fc.nat() }),
  fc.record({
    kind: fc.constant('support' as const),
    who: fc.nat(3),
    incident: fc.nat(),
    toSector: fc.nat(SECTORS.length - 1),
  }),
  fc.record({
    kind: fc.constant('answer' as const),
    who: fc.nat(3),
    request: fc.nat(),
    isAccepted: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('shelter' as const), who: fc.nat(3), inExercise: fc.boolean() }),
  fc.record({
    kind: fc.constant('exercise' as const),
    trainees: fc.subarray([...OFFICERS]),
    toMin: fc.integer({ min: 0, max: 16 }),
  }),
);

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

const callerNamed = (name: string): Caller => {
  const caller = callers.find((c) => c.name === name);
  if (!caller) throw new Error(`no caller ${name}`);
  return caller;
};
const personOf = (index: number): Caller => callerNamed([...OFFICERS, 'commander'][index] ?? 'commander');
const pick = <T>(list: readonly T[], index: number): T | undefined => list[index % Math.max(list.length, 1)];

/** Runs one step as whoever it names; refusals and conflicts are part of a history too. */
async function run(step: Step, reports: number): Promise<void> {
  const url = server.url;
  const call = (caller: Caller, method: string, path: string, body?: unknown) =>
    api(url, method, path, body, caller.credential);
  const exercises = await server.store.listEntities<Exercise>('exercise', null);
  const latest = exercises.at(-1) ?? null;
  const incidents = await server.store.listIncidents({ scope: 'all', exerciseId: null });
  const drill = latest ? await server.store.listIncidents({ scope: 'all', exerciseId: latest.id }) : [];
  switch (step.kind) {
    case 'report': {
      const { who, sector, category } = REPORTERS[step.reporter] ?? REPORTERS[0];
      const spot: [number, number] = step.isNear ? [47.98, 29.37] : [48.0 + reports / 1000, 29.2];
      await call(callerNamed(who), 'POST', '/api/incidents', {
        ...sampleReport(reports, { sector, category, externalRef: null }),
        location: { type: 'Point', coordinates: spot },
      });
      return;
    }
    case 'note': {
      const target = pick([...incidents, ...drill], step.incident);
      if (target)
        await call(personOf(step.who), 'POST', `/api/incidents/${target.id}/notes`, { text: 'noted' });
      return;
    }
    case 'merge': {
      const links = [
        ...(await server.store.listEntities<Link>('link', null, ['proposed'])),
        ...(latest ? await server.store.listEntities<Link>('link', latest.id, ['proposed']) : []),
      ];
      const link = pick(links, step.link);
      if (link) await call(personOf(step.who), 'POST', `/api/links/${link.id}/merge`, {});
      return;
    }
    case 'support': {
      const target = pick<Incident>([...incidents, ...drill], step.incident);
      if (target)
        await call(personOf(step.who), 'POST', `/api/incidents/${target.id}/support-requests`, {
          toSector: SECTORS[step.toSector],
          request: 'help',
        });
      return;
    }
    case 'answer': {
      const requests = [
        ...(await server.store.listEntities<SupportRequest>('support', null, ['pending'])),
        ...(latest ? await server.store.listEntities<SupportRequest>('support', latest.id, ['pending']) : []),
      ];
      const request = pick(requests, step.request);
      if (request)
        await call(
          personOf(step.who),
          'POST',
          `/api/support-requests/${request.id}/${step.isAccepted ? 'accept' : 'decline'}`,
          {},
        );
      return;
    }
    case 'shelter':
      await call(personOf(step.who), 'POST', '/api/shelters', {
        name: 'Hall',
        location: { type: 'Point', coordinates: [47.9, 29.3] },
        capacity: 20,
        ...(step.inExercise && latest ? { exerciseId: latest.id } : {}),
      });
      return;
    case 'exercise': {
      const trainer = callerNamed('trainer');
      const created = await call(trainer, 'POST', '/api/exercises', {
        scenarioId: 'heavy-rain-capital',
        trainees: step.trainees,
        seed: reports,
        speed: 1,
      });
      const { id } = created.body as Exercise;
      await call(trainer, 'POST', `/api/exercises/${id}/control`, { action: 'start' });
      await call(trainer, 'POST', `/api/exercises/${id}/control`, { action: 'jump', toMin: step.toMin });
      await call(trainer, 'POST', `/api/exercises/${id}/control`, { action: 'end' });
      return;
    }
  }
}

/** Every event of a log a caller gets over `GET /api/events`, page after page; null when refused. */
async function overRest(caller: Caller, exerciseId: string | null): Promise<number[] | null> {
  const seqs: number[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const scope = exerciseId === null ? '' : `&exercise=${exerciseId}`;
    const answer = await api(
      server.url,
      'GET',
      `/api/events?after=${after}&limit=1000${scope}`,
      undefined,
      caller.credential,
    );
    if (answer.status === 401 || answer.status === 403) return null;
    expect(answer.status).toBe(200);
    const page = answer.body as EventPage;
    seqs.push(...page.events.map((event) => event.seq));
    after = page.nextAfter;
  }
  return seqs;
}

/** A socket of a caller following a log; null when the handshake is refused. */
async function following(
  caller: Caller,
  exerciseId: string | null,
  lastSeq = 0,
): Promise<RecordingClient | null> {
  const client = recordingClient(server.url, {
    lastSeq,
    ...(caller.credential?.startsWith('Bearer ') ? { token: caller.credential.slice(7) } : {}),
    ...(caller.credential && !caller.credential.startsWith('Bearer ') ? { cookie: caller.credential } : {}),
    ...(exerciseId === null ? {} : { exerciseId }),
  });
  client.socket.io.opts.reconnection = false;
  const isConnected = await new Promise<boolean>((resolve) => {
    client.socket.once('log.live', () => {
      resolve(true);
    });
    client.socket.once('connect_error', () => {
      resolve(false);
    });
  });
  if (isConnected) return client;
  client.close();
  return null;
}

describe('the log each caller receives', () => {
  it(
    'over REST and over a socket (catch-up, live, and resumed) is exactly what the policy lets them see',
    { timeout: 300_000 },
    async () => {
      let reports = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 10 }), async (steps) => {
          // Live sockets opened before the history: they catch up on earlier runs, then see this one live.
          const live = new Map<string, RecordingClient | null>();
          for (const caller of callers) live.set(caller.name, await following(caller, null));
          const startSeq = await server.store.headSeq();
          for (const step of steps) await run(step, (reports += 1));
          const events = await server.store.readEvents(0, 1_000_000);
          // The live log, and the exercises this history wrote to (earlier ones were checked in their own run).
          const touched = events.flatMap((event) =>
            event.seq > startSeq && event.exerciseId !== null ? [event.exerciseId] : [],
          );
          const logs = [null, ...new Set(touched)];
          for (const exerciseId of logs) {
            const members = server.roster.of(exerciseId);
            for (const caller of callers) {
              const p = caller.principal;
              const mayFollow = p !== null && !('refused' in feedOf(p, exerciseId, members));
              const expected = mayFollow
                ? events
                    .filter((event) => event.exerciseId === exerciseId && maySeeEvent(p, event, members))
                    .map((event) => event.seq)
                : null;
              const what = `${caller.name} in ${exerciseId ?? 'the live log'}`;
              expect(await overRest(caller, exerciseId), `${what} over REST`).toEqual(expected);
              const socket =
                exerciseId === null ? (live.get(caller.name) ?? null) : await following(caller, exerciseId);
              if (expected === null) {
                expect(socket, `${what}: a refused feed must not connect`).toBeNull();
                continue;
              }
              if (!socket)
                throw new Error(`${what}: the socket was refused though the policy allows the feed`);
              await waitFor(
                () => expected.every((seq) => socket.events.some((event) => event.seq === seq)),
                `${what} to receive its events over the socket`,
              );
              expect(
                socket.events.map((event) => event.seq),
                `${what} over the socket`,
              ).toEqual(expected);
              if (exerciseId !== null) socket.close();
              // A reconnect that resumes where this history began: caught up from the gateway's
              // ring of recent events, it must receive exactly the same rest of the log.
              const resumed = await following(caller, exerciseId, startSeq);
              if (!resumed) throw new Error(`${what}: the resumed socket was refused`);
              const rest = expected.filter((seq) => seq > startSeq);
              await waitFor(
                () => rest.every((seq) => resumed.events.some((event) => event.seq === seq)),
                `${what} to receive the rest of its log after resuming`,
              );
              expect(
                resumed.events.map((event) => event.seq),
                `${what} over a socket resumed at ${startSeq}`,
              ).toEqual(rest);
              resumed.close();
            }
          }
          for (const socket of live.values()) socket?.close();
        }),
        { numRuns: Number(process.env.HISTORIES ?? HISTORIES), seed: 20261130 },
      );
    },
  );
});
