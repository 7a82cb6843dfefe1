// Walks the server's own route table as every kind of caller and checks each answer against the
// shared access policy: what it refuses is refused (and writes nothing), what it lets read holds
// exactly the things the policy lets this caller see. A route added without a row here fails.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_RULES,
  ACCESS_RULE_NAMES,
  isActive,
  feedOf,
  mayAcknowledgePattern,
  mayAnswerSupport,
  mayAssignPatrol,
  mayApproveWarning,
  mayAssignUnit,
  mayAuthorWarnings,
  mayCall,
  mayCommandUnit,
  mayDecideLink,
  mayFeedSensor,
  mayMoveUnit,
  mayPlanPatrols,
  mayReadIncident,
  mayReadNotes,
  reviewSectorsOf,
  mayRegisterSensor,
  mayReportFor,
  mayReview,
  mayRunExercise,
  mayRunShelters,
  maySeeEvent,
  maySeeExercise,
  maySeeIncident,
  maySeeLink,
  maySeePatrol,
  maySeeSensor,
  maySeePattern,
  maySeeShelter,
  maySeeSupportRequest,
  maySeeUnit,
  maySeeWarning,
  mayReceiveCap,
  mayWorkIncident,
  patternSectorsInView,
  standingIn,
  type AccessRule,
  type Exercise,
  type Incident,
  type Link,
  type MirsadEvent,
  type Pattern,
  type PatrolArea,
  type Principal,
  type Sensor,
  type Shelter,
  type SupportRequest,
  type Unit,
  type Warning,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { generateHistory } from '@mirsad/mock-data';
import { api, login, sampleReport, signIn, startTestServer } from '../test-support.js';
import { DEFAULT_RATE_LIMITS } from './rate-limits.js';
import { sampleCapXml, sampleNewWarning } from '../warnings/cap.test-support.js';
import { MET_SENDER, signInCallers, type Caller } from './callers.test-support.js';

let server: MirsadServer;
let callers: Caller[];

/** The things the routes are asked about, by name; their state is read from the store at each case. */
const world = {
  trafficIncident: '',
  fireIncident: '',
  floodIncident: '',
  drillIncident: '',
  link: '',
  support: '',
  drillSupport: '',
  trafficUnit: 'u-traffic-1',
  fireUnit: 'u-fire-1',
  drillUnit: '',
  shelter: '',
  drillShelter: '',
  exercise: '',
  patrol: '',
  drillPatrol: '',
  /** A fire camera fed by the fire tracker key; a traffic drone fed by the traffic key; a traffic drone whose source is the fire key's (another sector). */
  camera: 'cam-fire',
  drone: 'drone-traffic',
  crossDrone: 'drone-cross',
  drillDrone: 'drone-drill',
  pattern: '',
  /** Warnings: drafts to approve and withdraw, issued ones to update and cancel, an exercise's draft. */
  warningDraft: '',
  warningToWithdraw: '',
  warningIssued: '',
  warningToCancel: '',
  drillWarningDraft: '',
  warningReceived: '',
};

beforeAll(async () => {
  // The walk signs in as many people from one address, and calls as the anonymous, revoked and
  // disabled (all counted per address), more often than a minute's limits allow a real address;
  // the limits themselves have tests of their own.
  // Pattern watch scans only when told to here: a scan's events must not land in the middle
  // of a case that checks a refused call wrote nothing.
  server = await startTestServer(
    undefined,
    { rateLimits: { ...DEFAULT_RATE_LIMITS, login: 10_000, anonymous: 10_000 } },
    { patterns: { replications: 99, debounceMs: 3_600_000 } },
  );
  const people = await signIn(server.url, ['commander', 'traffic', 'civil-defence', 'fire', 'trainer']);
  const here = { type: 'Point' as const, coordinates: [47.98, 29.37] as [number, number] };
  const created = async (who: string, path: string, body: object): Promise<string> =>
    (await people.call<{ id: string }>(who, 'POST', path, body, 201)).id;
  const reported = (who: string, body: object): Promise<string> => created(who, '/api/incidents', body);
  world.trafficIncident = await reported('traffic', sampleReport(1, { location: here }));
  world.fireIncident = await reported(
    'fire',
    sampleReport(2, { sector: 'fire-marine-rescue', category: 'vehicle-fire', location: here }),
  );
  world.floodIncident = await reported(
    'civil-defence',
    sampleReport(3, { sector: 'civil-defence', category: 'flooding' }),
  );
  const links = await people.call<{ links: Link[] }>('commander', 'GET', '/api/links?status=proposed');
  world.link = links.links[0]?.id ?? '';
  await people.call(
    'traffic',
    'POST',
    `/api/incidents/${world.trafficIncident}/notes`,
    { text: 'lanes shut' },
    201,
  );
  world.support = await created('traffic', `/api/incidents/${world.trafficIncident}/support-requests`, {
    toSector: 'civil-defence',
    request: 'pumps',
  });
  for (const [id, sector, type] of [
    [world.trafficUnit, 'traffic', 'patrol'],
    [world.fireUnit, 'fire-marine-rescue', 'fire-engine'],
  ] as const)
    await people.call('commander', 'POST', '/api/units', { id, sector, type, callSign: id }, 201);
  await people.call('commander', 'POST', `/api/units/${world.trafficUnit}/assign`, {
    incidentId: world.trafficIncident,
  });
  world.shelter = await created('commander', '/api/shelters', {
    name: 'School',
    location: here,
    capacity: 100,
  });
  const exercise = await people.call<Exercise>(
    'trainer',
    'POST',
    '/api/exercises',
    { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], seed: 7, speed: 1 },
    201,
  );
  world.exercise = exercise.id;
  await people.call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'start' });
  await people.call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, {
    action: 'jump',
    toMin: 12,
  });
  await people.call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'pause' });
  const drill = await server.store.listIncidents({ scope: 'all', exerciseId: exercise.id });
  world.drillIncident = drill.find((incident) => incident.sector === 'traffic')?.id ?? '';
  world.drillUnit = `${exercise.id}-tr-kaifan-1`;
  world.drillShelter = await created('traffic', '/api/shelters', {
    name: 'Drill school',
    location: here,
    capacity: 50,
    exerciseId: exercise.id,
  });
  world.drillSupport = await created('commander', `/api/incidents/${world.drillIncident}/support-requests`, {
    toSector: 'fire-marine-rescue',
    request: 'boats',
  });
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [47.97, 29.36],
        [47.99, 29.36],
        [47.99, 29.38],
        [47.97, 29.38],
        [47.97, 29.36],
      ],
    ],
  };
  world.patrol = await created('commander', '/api/patrols', {
    name: 'Ring 1',
    sector: 'traffic',
    area: square,
  });
  world.drillPatrol = await created('commander', '/api/patrols', {
    name: 'Drill ring',
    sector: 'traffic',
    area: square,
    exerciseId: exercise.id,
  });
  for (const [id, kind, sector, source] of [
    [world.camera, 'thermal-camera', 'fire-marine-rescue', 'tracker-fire'],
    [world.drone, 'drone', 'traffic', 'tracker-traffic'],
    [world.crossDrone, 'drone', 'traffic', 'tracker-fire'],
  ] as const)
    await people.call('commander', 'POST', '/api/sensors', { id, kind, sector, name: id, source }, 201);
  await people.call(
    'trainer',
    'POST',
    '/api/sensors',
    { id: world.drillDrone, kind: 'drone', sector: 'traffic', name: 'drill drone', exerciseId: exercise.id },
    201,
  );
  // One drone heard, live and in the drill, so the drone lists have something to hide.
  for (const id of [world.drone, world.drillDrone]) {
    const sensor = server.sensors.get(id);
    if (sensor) server.sensors.acceptTelemetry(sensor, telemetry(), 'test');
  }
  // A burglary series over a small year of history, so that a pattern exists to read and acknowledge.
  const DAY_MS = 86_400_000;
  await server.history.addBatch(
    generateHistory({ seed: 3, end: Date.now() - DAY_MS, count: 800, categories: ['burglary'] }),
  );
  for (let n = 0; n < 8; n++)
    await reported(
      'commander',
      sampleReport(200 + n, {
        sector: 'criminal-security',
        category: 'burglary',
        location: {
          type: 'Point',
          coordinates: [48.075 + 0.0015 * Math.cos(n), 29.31 + 0.0015 * Math.sin(n)],
        },
        reportedAt: new Date(Date.now() - n * 6 * 3_600_000).toISOString(),
      }),
    );
  await server.patterns.scanNow(null);
  world.pattern = (await server.store.listEntities<Pattern>('pattern', null))[0]?.id ?? '';
  if (!world.pattern) throw new Error('the access walk needs a detected pattern');
  callers = await signInCallers(server);
  // Warnings are written by the officer of security media and released by a commander.
  const as = (name: string): string => callers.find((c) => c.name === name)?.credential ?? '';
  const drafted = async (who: string, body: object): Promise<string> => {
    const answer = await api(server.url, 'POST', '/api/warnings', body, as(who));
    if (answer.status !== 201) throw new Error(`draft: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (answer.body as Warning).id;
  };
  const issued = async (): Promise<string> => {
    const id = await drafted('media', sampleNewWarning());
    const answer = await api(server.url, 'POST', `/api/warnings/${id}/approve`, {}, as('commander'));
    if (answer.status !== 200) throw new Error(`approve: ${answer.status} ${JSON.stringify(answer.body)}`);
    return id;
  };
  world.warningDraft = await drafted('media', sampleNewWarning());
  world.warningToWithdraw = await drafted('media', sampleNewWarning());
  world.warningIssued = await issued();
  world.warningToCancel = await issued();
  world.drillWarningDraft = await drafted('commander', sampleNewWarning({ exerciseId: world.exercise }));
  const received = await api(
    server.url,
    'POST',
    '/api/cap',
    sampleCapXml({ sender: MET_SENDER, identifier: 'KW-MET-WORLD' }),
    as('met-authority'),
  );
  world.warningReceived = (received.body as { warning: Warning }).warning.id;
});

afterAll(async () => {
  await server.close();
});

const members = (exerciseId: string | null) => server.roster.of(exerciseId);
const incident = async (id: string): Promise<Incident> => {
  const found = await server.store.getIncident(id);
  if (!found) throw new Error(`no incident ${id}`);
  return found;
};
const entity = async <T>(
  kind: 'unit' | 'shelter' | 'link' | 'support' | 'exercise' | 'sensor' | 'pattern' | 'patrol' | 'warning',
  id: string,
): Promise<T> => {
  const found = await server.store.getEntity<T>(kind, id);
  if (!found) throw new Error(`no ${kind} ${id}`);
  return found;
};
const ids = (list: readonly { id: string }[]): string[] => list.map((thing) => thing.id).sort();
const allEvents = async (): Promise<MirsadEvent[]> => server.store.readEvents(0, 100_000);
function telemetry(at = new Date()) {
  return {
    at: at.toISOString(),
    position: [47.99, 29.36] as [number, number],
    altitudeM: 120,
    headingDeg: 90,
    speedMps: 8,
    batteryPct: 70,
    footprint: null,
  };
}
const position = (at = new Date()) => ({
  coordinates: [47.99, 29.36],
  headingDeg: null,
  speedMps: null,
  at: at.toISOString(),
});

/** One request a row makes, and what the policy says of it for a caller (past the route's gate). */
interface Case {
  path: string;
  body?: unknown;
  /** Whether the policy lets this principal through (after the route's gate); default: yes. */
  allows?: (p: Principal) => boolean | Promise<boolean>;
  /** For reads: the ids the answer holds, and the ids the policy lets this principal see. */
  reads?: {
    got: (body: unknown) => string[];
    expected: (p: Principal) => Promise<string[]>;
  };
  /** The status a caller the policy allows gets, when it is known. */
  okStatus?: number;
  /** Sign in afresh for this case (it ends the session). */
  isFresh?: boolean;
}

/** What the route table must hold: each route's rule and the cases that exercise it. */
type Rows = Record<string, { rule: AccessRule; cases: () => Case[] }>;

const seeIncident = (id: string) => async (p: Principal) => {
  const found = await incident(id);
  const linked = await server.incidents.linkedReports(found);
  return mayReadIncident(p, found, linked, members(found.exerciseId));
};
const readNotes = (id: string) => async (p: Principal) => {
  const found = await incident(id);
  return mayReadNotes(p, found, members(found.exerciseId));
};
const workIncident = (id: string) => async (p: Principal) => {
  const found = await incident(id);
  return mayWorkIncident(p, found, members(found.exerciseId));
};
/** Whether a list of a log (null: live) is open to a principal: everyone's live, an exercise's to its people. */
const takesPart = (exerciseId: string | null) => (p: Principal) => {
  const m = members(exerciseId);
  return exerciseId === null || (m !== null && maySeeExercise(p, m));
};
const inLog = (exerciseId: string | null) => (p: Principal) =>
  !('refused' in feedOf(p, exerciseId, members(exerciseId)));
/** Whether a principal may read a log's pattern analysis: in the log, and seeing at least one sector of it. */
const readsPatterns = (exerciseId: string | null) => (p: Principal) => {
  if (standingIn(p, exerciseId, members(exerciseId)) === 'outside') return false;
  const view = patternSectorsInView(p, exerciseId, members(exerciseId));
  return view === null || view.length > 0;
};

/** A list's answer (`field` of the body) against the store's things of `kind` the policy lets the caller see. */
interface Listed {
  warning: Warning;
  unit: Unit;
  shelter: Shelter;
  link: Link;
  support: SupportRequest;
  exercise: Exercise;
  patrol: PatrolArea;
}
const listed =
  <K extends keyof Listed>(
    kind: K,
    field: string,
    exerciseId: string | null,
    maySee: (p: Principal, thing: Listed[K], m: ReturnType<typeof members>) => boolean,
  ) =>
  (): Case['reads'] => ({
    got: (body) => ids((body as Record<string, { id: string }[]>)[field] ?? []),
    expected: async (p) =>
      ids(
        (await server.store.listEntities<Listed[K]>(kind, exerciseId)).filter((thing) =>
          maySee(p, thing, members('exerciseId' in thing ? thing.exerciseId : null)),
        ),
      ),
  });

const eventSeqs = (exerciseId: string | null): Case['reads'] => ({
  got: (body) => (body as { events: MirsadEvent[] }).events.map((event) => String(event.seq)),
  expected: async (p) =>
    (await allEvents())
      .filter((event) => event.exerciseId === exerciseId && maySeeEvent(p, event, members(exerciseId)))
      .map((event) => String(event.seq)),
});

/** A row whose only rule is its gate: one request, answered `okStatus` to whoever passes it. */
const gate = (rule: AccessRule, path: string, okStatus: number, body?: unknown): Rows[string] => ({
  rule,
  cases: () => [{ path, okStatus, ...(body === undefined ? {} : { body }) }],
});

const ROWS: Rows = {
  'GET /api/health': gate('public', '/api/health', 200),
  'POST /api/auth/login': gate('public', '/api/auth/login', 400, { username: 'x' }),
  'POST /api/auth/logout': {
    rule: 'signed-in',
    cases: () => [{ path: '/api/auth/logout', body: {}, isFresh: true, okStatus: 204 }],
  },
  'GET /api/auth/me': gate('signed-in', '/api/auth/me', 200),
  'GET /api/config': gate('signed-in', '/api/config', 200),
  'GET /api/sectors': gate('signed-in', '/api/sectors', 200),
  'GET /api/geo/governorates': gate('signed-in', '/api/geo/governorates', 200),
  'GET /api/facilities': gate('signed-in', '/api/facilities', 200),
  'GET /api/accounts': gate('manage-accounts', '/api/accounts', 200),
  'POST /api/accounts': gate('manage-accounts', '/api/accounts', 400, {}),
  'PATCH /api/accounts/:username': gate('manage-accounts', '/api/accounts/traffic', 400, { role: 'nobody' }),
  'GET /api/keys': gate('manage-accounts', '/api/keys', 200),
  'POST /api/keys': gate('manage-accounts', '/api/keys', 400, {}),
  'DELETE /api/keys/:id': gate('manage-accounts', '/api/keys/aaaaaaaaaaaa', 404),
  'GET /api/audit': gate('read-audit', '/api/audit?limit=1', 200),
  'GET /api/incidents': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path:
          exerciseId === null
            ? '/api/incidents?scope=all'
            : `/api/incidents?scope=all&exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: {
          got: (body) => ids((body as { incidents: Incident[] }).incidents),
          expected: async (p) =>
            ids(
              (await server.store.listIncidents({ scope: 'all', exerciseId })).filter((i) =>
                maySeeIncident(p, i, members(exerciseId)),
              ),
            ),
        },
      })),
  },
  ...Object.fromEntries(
    (['', '/events', '/notes', '/detections'] as const).map((tail) => [
      `GET /api/incidents/:id${tail}`,
      {
        rule: 'read' as const,
        cases: (): Case[] =>
          [world.trafficIncident, world.fireIncident, world.floodIncident, world.drillIncident].map((id) => ({
            path: `/api/incidents/${id}${tail}`,
            allows: tail === '/notes' ? readNotes(id) : seeIncident(id),
            ...(tail === '/events'
              ? {
                  reads: {
                    got: (body: unknown) => ids((body as { events: MirsadEvent[] }).events),
                    expected: async (p: Principal) => {
                      const notesToo = await readNotes(id)(p);
                      return ids(
                        (await server.store.eventsAbout(id)).filter(
                          (event) => notesToo || event.type !== 'note.added',
                        ),
                      );
                    },
                  },
                }
              : { okStatus: 200 }),
          })),
      },
    ]),
  ),
  'POST /api/incidents': {
    rule: 'report',
    cases: () => [
      { path: '/api/incidents', body: {}, okStatus: 400 },
      {
        path: '/api/incidents',
        body: sampleReport(90, { sector: 'correctional', category: 'escape', externalRef: 'enumerated' }),
        allows: (p) => mayReportFor(p, 'correctional'),
      },
    ],
  },
  'PATCH /api/incidents/:id': {
    rule: 'work',
    cases: () =>
      [world.trafficIncident, world.floodIncident, world.drillIncident].map((id) => ({
        path: `/api/incidents/${id}`,
        body: { version: 999, severity: 1 },
        allows: workIncident(id),
        okStatus: 409,
      })),
  },
  'POST /api/incidents/:id/notes': {
    rule: 'work',
    cases: () =>
      [world.floodIncident, world.drillIncident].map((id) => ({
        path: `/api/incidents/${id}/notes`,
        body: { text: 'checked' },
        allows: workIncident(id),
        okStatus: 201,
      })),
  },
  'POST /api/incidents/:id/support-requests': {
    rule: 'work',
    cases: () =>
      [world.floodIncident, world.drillIncident].map((id) => ({
        path: `/api/incidents/${id}/support-requests`,
        body: { toSector: 'correctional', request: 'guards' },
        allows: workIncident(id),
      })),
  },
  'GET /api/support-requests': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/support-requests' : `/api/support-requests?exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: listed('support', 'requests', exerciseId, maySeeSupportRequest)(),
      })),
  },
  ...Object.fromEntries(
    (['accept', 'decline'] as const).map((decision) => [
      `POST /api/support-requests/:id/${decision}`,
      {
        rule: 'answer' as const,
        cases: (): Case[] =>
          [world.support, world.drillSupport].map((id) => ({
            path: `/api/support-requests/${id}/${decision}`,
            body: {},
            allows: async (p: Principal) => {
              const request = await entity<SupportRequest>('support', id);
              return mayAnswerSupport(p, request, members(request.exerciseId));
            },
          })),
      },
    ]),
  ),
  'GET /api/links': {
    rule: 'read',
    cases: () => [
      { path: '/api/links', reads: listed('link', 'links', null, maySeeLink)() },
      {
        path: `/api/links?exercise=${world.exercise}`,
        allows: takesPart(world.exercise),
        reads: listed('link', 'links', world.exercise, maySeeLink)(),
      },
    ],
  },
  ...Object.fromEntries(
    (['merge', 'dismiss'] as const).map((decision) => [
      `POST /api/links/:id/${decision}`,
      {
        rule: 'work' as const,
        cases: (): Case[] => [
          {
            path: `/api/links/${world.link}/${decision}`,
            body: {},
            allows: async (p: Principal) => {
              const link = await entity<Link>('link', world.link);
              const pair = await Promise.all(link.incidentIds.map(incident));
              return mayDecideLink(p, link, pair, members(link.exerciseId));
            },
          },
        ],
      },
    ]),
  ),
  'GET /api/units': {
    rule: 'read',
    cases: () => [
      {
        path: '/api/units',
        reads: listed('unit', 'units', null, maySeeUnit)(),
      },
    ],
  },
  'POST /api/units': gate('register-units', '/api/units', 400, {}),
  'POST /api/units/:id/assign': {
    rule: 'work',
    cases: () =>
      [
        [world.fireUnit, world.trafficIncident],
        [world.drillUnit, world.drillIncident],
      ].map(([unitId = '', incidentId = '']) => ({
        path: `/api/units/${unitId}/assign`,
        body: { incidentId },
        allows: async (p: Principal) => {
          const target = await incident(incidentId);
          return mayAssignUnit(p, await entity<Unit>('unit', unitId), target, members(target.exerciseId));
        },
      })),
  },
  'POST /api/units/:id/release': {
    rule: 'work',
    cases: () =>
      [world.trafficUnit, world.drillUnit].map((unitId) => ({
        path: `/api/units/${unitId}/release`,
        body: {},
        allows: async (p: Principal) => {
          const unit = await entity<Unit>('unit', unitId);
          if (unit.incidentId === null) return mayCommandUnit(p, unit, members(unit.exerciseId));
          const from = await incident(unit.incidentId);
          return mayWorkIncident(p, from, members(from.exerciseId));
        },
      })),
  },
  'PATCH /api/units/:id': {
    rule: 'work',
    cases: () =>
      [world.trafficUnit, world.fireUnit, world.drillUnit].map((unitId) => ({
        path: `/api/units/${unitId}`,
        // The unit's own status again: the gate and the policy are exercised, nothing changes.
        body: async () => ({ status: (await entity<Unit>('unit', unitId)).status }),
        allows: async (p: Principal) => {
          const unit = await entity<Unit>('unit', unitId);
          return mayCommandUnit(p, unit, members(unit.exerciseId));
        },
        okStatus: 200,
      })),
  },
  'POST /api/units/:id/position': {
    rule: 'move-units',
    cases: () => [
      ...[world.trafficUnit, world.fireUnit, world.drillUnit].map((unitId) => ({
        path: `/api/units/${unitId}/position`,
        body: () => position(),
        allows: async (p: Principal) => mayMoveUnit(p, await entity<Unit>('unit', unitId)),
        okStatus: 202,
      })),
      {
        path: `/api/units/${world.trafficUnit}/position`,
        body: () => position(new Date('9999-01-01T00:00:00Z')),
        allows: async (p: Principal) => mayMoveUnit(p, await entity<Unit>('unit', world.trafficUnit)),
        okStatus: 400,
      },
    ],
  },
  'GET /api/shelters': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/shelters' : `/api/shelters?exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: listed('shelter', 'shelters', exerciseId, maySeeShelter)(),
      })),
  },
  'POST /api/shelters': {
    rule: 'work',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: '/api/shelters',
        body: {
          name: 'Hall',
          location: { type: 'Point', coordinates: [47.9, 29.3] },
          capacity: 10,
          ...(exerciseId === null ? {} : { exerciseId }),
        },
        allows: (p: Principal) => mayRunShelters(p, exerciseId, members(exerciseId)),
        okStatus: 201,
      })),
  },
  'PATCH /api/shelters/:id': {
    rule: 'work',
    cases: () =>
      [world.shelter, world.drillShelter].map((id) => ({
        path: `/api/shelters/${id}`,
        body: { version: 999, occupancy: 5 },
        allows: async (p: Principal) => {
          const shelter = await entity<Shelter>('shelter', id);
          return mayRunShelters(p, shelter.exerciseId, members(shelter.exerciseId));
        },
        okStatus: 409,
      })),
  },
  'GET /api/patrols': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/patrols' : `/api/patrols?exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: listed('patrol', 'patrols', exerciseId, maySeePatrol)(),
      })),
  },
  'GET /api/patrols/coverage': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: `/api/patrols/coverage?distanceM=500${exerciseId === null ? '' : `&exercise=${exerciseId}`}`,
        allows: takesPart(exerciseId),
        okStatus: 200,
      })),
  },
  'POST /api/patrols': {
    rule: 'plan-patrols',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: '/api/patrols',
        body: {
          name: 'Walked ring',
          sector: 'correctional',
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [47.9, 29.3],
                [47.91, 29.3],
                [47.91, 29.31],
                [47.9, 29.3],
              ],
            ],
          },
          ...(exerciseId === null ? {} : { exerciseId }),
        },
        allows: (p: Principal) => mayPlanPatrols(p, exerciseId, members(exerciseId)),
        okStatus: 201,
      })),
  },
  'PATCH /api/patrols/:id': {
    rule: 'plan-patrols',
    cases: () =>
      [world.patrol, world.drillPatrol].map((id) => ({
        path: `/api/patrols/${id}`,
        body: { version: 999, name: 'Renamed' },
        allows: async (p: Principal) => {
          const patrol = await entity<PatrolArea>('patrol', id);
          return mayPlanPatrols(p, patrol.exerciseId, members(patrol.exerciseId));
        },
        okStatus: 409,
      })),
  },
  'PUT /api/patrols/:id/units': {
    rule: 'work',
    // Against a stale version: the gate and the policy are exercised, nothing changes.
    cases: () =>
      [
        [world.patrol, world.trafficUnit],
        [world.patrol, world.fireUnit],
        [world.drillPatrol, world.drillUnit],
        [world.drillPatrol, world.trafficUnit],
      ].map(([id = '', unitId = '']) => ({
        path: `/api/patrols/${id}/units`,
        body: { version: 999, unitIds: [unitId] },
        allows: async (p: Principal) => {
          const patrol = await entity<PatrolArea>('patrol', id);
          const m = members(patrol.exerciseId);
          return (
            maySeePatrol(p, patrol, m) && mayAssignPatrol(p, patrol, [await entity<Unit>('unit', unitId)], m)
          );
        },
        okStatus: 409,
      })),
  },
  'GET /api/sensors': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/sensors' : `/api/sensors?exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: {
          got: (body) => ids((body as { sensors: Sensor[] }).sensors),
          expected: async (p) =>
            ids(
              (await server.store.listEntities<Sensor>('sensor', exerciseId)).filter((sensor) =>
                maySeeSensor(p, sensor, members(exerciseId)),
              ),
            ),
        },
      })),
  },
  'POST /api/sensors': {
    rule: 'register-sensors',
    cases: () => [
      { path: '/api/sensors', body: { id: 'x', kind: 'kite' }, okStatus: 400 },
      ...[null, world.exercise].map((exerciseId) => ({
        path: '/api/sensors',
        body: {
          id: exerciseId === null ? 'walk-drone' : 'walk-drill-drone',
          kind: 'drone',
          sector: 'traffic',
          name: 'Walk drone',
          ...(exerciseId === null ? {} : { exerciseId }),
        },
        allows: (p: Principal) => mayRegisterSensor(p, exerciseId, members(exerciseId)),
      })),
    ],
  },
  'GET /api/sensors/drones': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/sensors/drones' : `/api/sensors/drones?exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: {
          got: (body) => (body as { drones: { droneId: string }[] }).drones.map((d) => d.droneId).sort(),
          expected: async (p) =>
            ids(
              (await server.store.listEntities<Sensor>('sensor', exerciseId)).filter(
                (sensor) =>
                  [world.drone, world.drillDrone].includes(sensor.id) &&
                  maySeeSensor(p, sensor, members(exerciseId)),
              ),
            ),
        },
      })),
  },
  'GET /api/sensors/stats': gate('watch-sensors', '/api/sensors/stats', 200),
  'POST /api/sensors/:id/telemetry': {
    rule: 'feed-sensors',
    cases: () => [
      ...[world.drone, world.crossDrone, world.drillDrone].map((id) => ({
        path: `/api/sensors/${id}/telemetry`,
        body: () => telemetry(),
        allows: async (p: Principal) => mayFeedSensor(p, await entity<Sensor>('sensor', id)),
        okStatus: 202,
      })),
      {
        path: `/api/sensors/${world.drone}/telemetry`,
        body: { ...telemetry(), batteryPct: 140 },
        allows: async (p: Principal) => mayFeedSensor(p, await entity<Sensor>('sensor', world.drone)),
        okStatus: 400,
      },
    ],
  },
  'POST /api/sensors/:id/detections': {
    rule: 'feed-sensors',
    cases: () => [
      {
        path: `/api/sensors/${world.camera}/detections`,
        // Below the camera's thresholds: accepted and counted, nothing reported.
        body: () => ({
          at: new Date().toISOString(),
          location: { type: 'Point', coordinates: [47.99, 29.36] },
          maxTempC: 45,
          areaM2: 1,
          confidence: 0.9,
        }),
        allows: async (p: Principal) => mayFeedSensor(p, await entity<Sensor>('sensor', world.camera)),
        okStatus: 202,
      },
    ],
  },
  'GET /api/events': {
    rule: 'follow-log',
    cases: () => [
      { path: '/api/events?limit=1000', allows: inLog(null), reads: eventSeqs(null) },
      {
        path: `/api/events?limit=1000&exercise=${world.exercise}`,
        allows: inLog(world.exercise),
        reads: eventSeqs(world.exercise),
      },
    ],
  },
  'GET /api/stats': {
    rule: 'follow-log',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/stats' : `/api/stats?exercise=${exerciseId}`,
        allows: inLog(exerciseId),
        // The open incidents it counts, as many as the policy lets the caller see.
        reads: {
          got: (body) => [
            String(
              Object.values((body as { openBySector: Record<string, number> }).openBySector).reduce(
                (a, b) => a + b,
                0,
              ),
            ),
          ],
          expected: async (p) => [
            String(
              (await server.store.listIncidents({ scope: 'active', exerciseId })).filter(
                (i) => isActive(i) && maySeeIncident(p, i, members(exerciseId)),
              ).length,
            ),
          ],
        },
      })),
  },
  ...Object.fromEntries(
    [
      ['GET /api/picture', (tail: string) => `/api/picture?at=${new Date().toISOString()}${tail}`],
      ['GET /api/review/summary', (tail: string) => `/api/review/summary?${tail.slice(1)}`],
      ['GET /api/review/moments', (tail: string) => `/api/review/moments?after=0${tail}`],
      ['GET /api/export/events', (tail: string) => `/api/export/events?format=json${tail}`],
    ].map(([route, path]) => [
      route as string,
      {
        rule: 'review' as const,
        cases: (): Case[] =>
          [null, world.exercise].map((exerciseId) => ({
            path: (path as (tail: string) => string)(exerciseId === null ? '' : `&exercise=${exerciseId}`),
            allows: (p: Principal) => mayReview(p, exerciseId, members(exerciseId)),
            // A trainee's picture of their exercise holds only what the room showed them.
            ...(route === 'GET /api/picture' && exerciseId !== null
              ? {
                  reads: {
                    got: (body: unknown) => ids((body as { incidents: Incident[] }).incidents),
                    expected: async (p: Principal) =>
                      ids(
                        (await server.store.listIncidents({ scope: 'active', exerciseId })).filter(
                          (i) =>
                            reviewSectorsOf(p, exerciseId, members(exerciseId)) === null ||
                            maySeeIncident(p, i, members(exerciseId)),
                        ),
                      ),
                  },
                }
              : { okStatus: 200 }),
          })),
      },
    ]),
  ),
  'GET /api/warnings': {
    rule: 'read',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path:
          exerciseId === null ? '/api/warnings?scope=all' : `/api/warnings?scope=all&exercise=${exerciseId}`,
        allows: takesPart(exerciseId),
        reads: listed('warning', 'warnings', exerciseId, maySeeWarning)(),
      })),
  },
  'GET /api/warnings/:id': {
    rule: 'read',
    cases: () =>
      [world.warningDraft, world.warningIssued, world.drillWarningDraft].map((id) => ({
        path: `/api/warnings/${id}`,
        allows: async (p: Principal) => {
          const warning = await entity<Warning>('warning', id);
          return maySeeWarning(p, warning, members(warning.exerciseId));
        },
        okStatus: 200,
      })),
  },
  'POST /api/warnings': {
    rule: 'author-warnings',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path: '/api/warnings',
        body: sampleNewWarning(exerciseId === null ? {} : { exerciseId }),
        allows: (p: Principal) => mayAuthorWarnings(p, exerciseId, members(exerciseId)),
        okStatus: 201,
      })),
  },
  'POST /api/warnings/:id/approve': {
    rule: 'approve-warnings',
    cases: () =>
      [world.warningDraft, world.drillWarningDraft].map((id) => ({
        path: `/api/warnings/${id}/approve`,
        body: {},
        // Whoever may release it: the first of them does, the next find it issued (409).
        allows: async (p: Principal) => {
          const warning = await entity<Warning>('warning', id);
          return mayApproveWarning(p, { ...warning, state: 'draft' }, members(warning.exerciseId));
        },
      })),
  },
  'POST /api/warnings/:id/update': {
    rule: 'author-warnings',
    cases: () => [
      {
        path: `/api/warnings/${world.warningIssued}/update`,
        body: sampleNewWarning({ note: 'the rain moved east' }),
        allows: (p: Principal) => mayAuthorWarnings(p, null, null),
      },
    ],
  },
  'POST /api/warnings/:id/cancel': {
    rule: 'author-warnings',
    cases: () => [
      {
        path: `/api/warnings/${world.warningToCancel}/cancel`,
        body: { note: 'the rain has passed' },
        allows: (p: Principal) => mayAuthorWarnings(p, null, null),
      },
      {
        path: `/api/warnings/${world.warningToWithdraw}/cancel`,
        body: {},
        // A draft: its author or whoever could approve it withdraws it.
        allows: async (p: Principal) => {
          const warning = await entity<Warning>('warning', world.warningToWithdraw);
          return (
            warning.author.actor === `${p.kind}:${p.id}` ||
            mayApproveWarning(p, { ...warning, state: 'draft' }, members(null))
          );
        },
      },
    ],
  },
  'POST /api/warnings/:id/incident': {
    rule: 'report',
    cases: () =>
      [world.warningReceived, world.warningIssued].map((id) => ({
        path: `/api/warnings/${id}/incident`,
        body: {},
        allows: async (p: Principal) => {
          const warning = await entity<Warning>('warning', id);
          return maySeeWarning(p, warning, members(null)) && mayReportFor(p, 'operations');
        },
      })),
  },
  'GET /api/cap/alerts/:id': {
    rule: 'public',
    cases: () => [
      { path: '/api/cap/alerts/00000000-0000-4000-8000-000000000000', okStatus: 404 },
      { path: `/api/cap/alerts/${world.warningIssued}`, okStatus: 200 },
    ],
  },
  'GET /api/cap/feed': gate('public', '/api/cap/feed', 200),
  'GET /api/public/warnings': gate('public', '/api/public/warnings', 200),
  'GET /api/public/shelters': gate('public', '/api/public/shelters', 200),
  'POST /api/cap': {
    rule: 'send-cap',
    cases: () => [
      // JSON is not CAP: whoever may send gets 415, and nothing is read before that is settled.
      ...[null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/cap' : `/api/cap?exercise=${exerciseId}`,
        body: {},
        allows: (p: Principal) => mayReceiveCap(p, exerciseId, members(exerciseId)),
        okStatus: 415,
      })),
      // A real message: the Meteorological Department's key takes it in (then finds it taken in).
      ...[null, world.exercise].map((exerciseId) => ({
        path: exerciseId === null ? '/api/cap' : `/api/cap?exercise=${exerciseId}`,
        body: sampleCapXml({ sender: MET_SENDER, identifier: 'KW-MET-WALK' }),
        allows: (p: Principal) =>
          mayReceiveCap(p, exerciseId, members(exerciseId)) &&
          (exerciseId !== null || p.source === MET_SENDER),
      })),
    ],
  },
  'POST /api/import': gate('import', '/api/import', 400, {}),
  // Past the gate the body is not NDJSON: 415 names the content type (the load itself has tests of its own).
  'POST /api/history': gate('load-history', '/api/history', 415, {}),
  'GET /api/patterns': {
    rule: 'read-patterns',
    cases: () =>
      [null, world.exercise].map((exerciseId) => ({
        path:
          exerciseId === null ? '/api/patterns?scope=all' : `/api/patterns?scope=all&exercise=${exerciseId}`,
        allows: readsPatterns(exerciseId),
        reads: {
          got: (body) => ids((body as { patterns: Pattern[] }).patterns),
          expected: async (p) =>
            ids(
              (await server.store.listEntities<Pattern>('pattern', exerciseId)).filter((pattern) =>
                maySeePattern(p, pattern, members(exerciseId)),
              ),
            ),
        },
      })),
  },
  ...Object.fromEntries(
    ['clusters', 'near-repeats', 'forecast'].map((kind) => [
      `GET /api/patterns/${kind}`,
      {
        rule: 'read-patterns' as const,
        cases: (): Case[] =>
          [null, world.exercise].map((exerciseId) => ({
            path: `/api/patterns/${kind}${exerciseId === null ? '' : `?exercise=${exerciseId}`}`,
            allows: readsPatterns(exerciseId),
            okStatus: 200,
            ...(kind === 'clusters'
              ? {
                  // The series is criminal security's: the clusters answer holds it for those who see that sector.
                  reads: {
                    got: (body: unknown) => ids((body as { clusters: { id: string }[] }).clusters),
                    expected: async (p: Principal) => {
                      const pattern = await entity<Pattern>('pattern', world.pattern);
                      return exerciseId === null && maySeePattern(p, pattern, null) ? [world.pattern] : [];
                    },
                  },
                }
              : {}),
          })),
      },
    ]),
  ),
  'GET /api/patterns/hotspots': {
    rule: 'read-patterns',
    cases: () => [
      {
        path: '/api/patterns/hotspots?category=burglary',
        allows: (p: Principal) => {
          const view = patternSectorsInView(p, null, null);
          return view === null || view.includes('criminal-security');
        },
        okStatus: 200,
      },
    ],
  },
  'POST /api/patterns/:id/acknowledge': {
    rule: 'acknowledge-patterns',
    cases: () => [
      {
        path: `/api/patterns/${world.pattern}/acknowledge`,
        body: {},
        allows: async (p: Principal) => {
          const pattern = await entity<Pattern>('pattern', world.pattern);
          return maySeePattern(p, pattern, null) && mayAcknowledgePattern(p, pattern, null);
        },
        okStatus: 200,
      },
    ],
  },
  'GET /api/scenarios': gate('run-exercises', '/api/scenarios', 200),
  'GET /api/trainees': gate('choose-trainees', '/api/trainees', 200),
  'GET /api/exercises': {
    rule: 'read',
    cases: () => [
      {
        path: '/api/exercises',
        reads: listed('exercise', 'exercises', null, (p, exercise) => maySeeExercise(p, exercise))(),
      },
    ],
  },
  'POST /api/exercises': gate('run-exercises', '/api/exercises', 400, { scenarioId: '' }),
  ...Object.fromEntries(
    (['', '/overlays', '/units'] as const).map((tail) => [
      `GET /api/exercises/:id${tail}`,
      {
        rule: 'read' as const,
        cases: (): Case[] => [
          {
            path: `/api/exercises/${world.exercise}${tail}`,
            allows: async (p: Principal) =>
              maySeeExercise(p, await entity<Exercise>('exercise', world.exercise)),
            okStatus: 200,
            ...(tail === '/units'
              ? {
                  reads: {
                    got: (body: unknown) => ids((body as { units: Unit[] }).units),
                    expected: async (p: Principal) =>
                      ids(
                        (await server.store.listEntities<Unit>('unit', world.exercise)).filter((u) =>
                          maySeeUnit(p, u, members(world.exercise)),
                        ),
                      ),
                  },
                }
              : {}),
          },
        ],
      },
    ]),
  ),
  ...Object.fromEntries(
    (
      [
        ['POST', '/control', { action: 'speed', speed: 2 }],
        ['POST', '/inject', {}],
        ['GET', '/scenario', undefined],
        ['GET', '/debrief', undefined],
      ] as const
    ).map(([method, tail, body]) => [
      `${method} /api/exercises/:id${tail}`,
      {
        rule: 'run-exercises' as const,
        cases: (): Case[] => [
          {
            path: `/api/exercises/${world.exercise}${tail}`,
            ...(body === undefined ? {} : { body }),
            allows: async (p: Principal) =>
              mayRunExercise(p, await entity<Exercise>('exercise', world.exercise)),
            okStatus: tail === '/inject' ? 400 : 200,
          },
        ],
      },
    ]),
  ),
};

/** The statuses that mean "refused by access": nobody signed in, not allowed, or not even shown. */
const REFUSALS = [401, 403, 404];

describe('every route as every kind of caller', () => {
  it('has a row for every route the server serves, and each route declares the rule its row expects', () => {
    const served = Object.fromEntries(server.routes.map(({ route, access }) => [route, access]));
    expect(Object.keys(served).sort()).toEqual(Object.keys(ROWS).sort());
    for (const [route, row] of Object.entries(ROWS)) expect(served[route], route).toBe(row.rule);
  });

  it('matches the README’s table of rules: who passes each gate and which routes are behind it', () => {
    const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const cells = (line: string): string[] =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
    const names = (cell: string): string[] =>
      [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '').sort();
    const table = new Map(
      readme
        .split('\n')
        .map(cells)
        .filter(
          (row) => row.length === 4 && (ACCESS_RULE_NAMES as string[]).includes(names(row[0] ?? '')[0] ?? ''),
        )
        .map((row) => [names(row[0] ?? '')[0] ?? '', row]),
    );
    expect([...table.keys()].sort()).toEqual([...ACCESS_RULE_NAMES].sort());
    for (const rule of ACCESS_RULE_NAMES) {
      const [, roles = '', , routes = ''] = table.get(rule) ?? [];
      expect(names(roles), rule).toEqual([...(ACCESS_RULES[rule].roles ?? [])].sort());
      expect(names(routes), rule).toEqual(
        server.routes
          .filter((route) => route.access === rule)
          .map((route) => route.route)
          .sort(),
      );
    }
  });

  it('names every event its world wrote by time (UUID version 7), whichever service wrote it, so the log’s id indexes grow at their end', async () => {
    const events = await server.store.readEvents(0, 100_000);
    const types = new Set(events.map((event) => event.type.split('.')[0]));
    // Units, shelters, patrols, sensors, warnings, exercises, incidents and links wrote here.
    for (const domain of ['unit', 'shelter', 'patrol', 'sensor', 'warning', 'exercise', 'incident', 'link'])
      expect(types, domain).toContain(domain);
    for (const event of events) expect(event.id[14], `${event.type} ${event.id}`).toBe('7');
  });

  it('answers each caller exactly what the shared policy allows, and writes nothing it refuses', async () => {
    let checked = 0;
    for (const { route } of server.routes) {
      const row = ROWS[route];
      if (!row) continue; // the test above names it
      const method = route.split(' ')[0] ?? 'GET';
      for (const testCase of row.cases()) {
        for (const caller of callers) {
          const p = caller.principal;
          const isAllowed =
            mayCall(row.rule, p) &&
            (p === null || testCase.allows === undefined || (await testCase.allows(p)));
          let credential = caller.credential;
          if (testCase.isFresh && caller.username) credential = await login(server.url, caller.username);
          const rawBody = testCase.body;
          const body = typeof rawBody === 'function' ? await (rawBody as () => unknown)() : rawBody;
          const head = await server.store.headSeq();
          const answer = await api(server.url, method, testCase.path, body, credential);
          const what = `${route} ${testCase.path} as ${caller.name}: ${answer.status} ${JSON.stringify(answer.body ?? null).slice(0, 300)}`;
          if (!isAllowed) {
            expect(REFUSALS, what).toContain(answer.status);
            if (p === null) expect(answer.status, what).toBe(401);
            expect(await server.store.headSeq(), `${what} wrote to the log`).toBe(head);
          } else {
            if (testCase.okStatus !== undefined) expect(answer.status, what).toBe(testCase.okStatus);
            else expect(REFUSALS, what).not.toContain(answer.status);
            expect(answer.status, what).toBeLessThan(500);
            if (testCase.reads && p !== null) {
              expect(testCase.reads.got(answer.body), what).toEqual(await testCase.reads.expected(p));
            }
          }
          checked += 1;
        }
      }
    }
    // Every caller kind, every case of every route (about 110 cases).
    expect(checked).toBeGreaterThan(callers.length * 100);
    // Some 2,000 requests, one after another: minutes on a loaded machine.
  }, 300_000);
});
