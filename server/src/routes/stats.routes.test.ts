import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_MILESTONES,
  StatsSchema,
  type Exercise,
  type Incident,
  type Stats,
  type Unit,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, sampleReport, signIn, startTestServer, type SignedIn } from '../test-support.js';
import { computeStats } from './stats.routes.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

function incident(overrides: Partial<Incident>): Incident {
  return {
    id: crypto.randomUUID(),
    sector: 'traffic',
    category: 'collision',
    severity: 3,
    status: 'reported',
    title: 't',
    description: '',
    location: { type: 'Point', coordinates: [48, 29.3] },
    governorate: null,
    reportedAt: minutesAgo(10),
    updatedAt: minutesAgo(10),
    version: 1,
    source: 's',
    externalRef: null,
    exerciseId: null,
    involvedSectors: ['traffic'],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
    ...overrides,
  };
}

describe('computeStats', () => {
  it('counts open incidents by sector and severity and takes medians over the last hour only', () => {
    const stats = computeStats(
      [
        incident({ severity: 5, milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(9) } }),
        incident({
          sector: 'civil-defence',
          severity: 2,
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(7), dispatchedAt: minutesAgo(5) },
        }),
        incident({
          status: 'closed',
          reportedAt: minutesAgo(30),
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(25), dispatchedAt: minutesAgo(20) },
        }),
        incident({
          reportedAt: minutesAgo(120),
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(60) },
        }),
      ],
      NOW,
    );
    expect(stats.openBySector).toEqual({ traffic: 2, 'civil-defence': 1 });
    expect(stats.openBySeverity).toEqual({ '1': 0, '2': 1, '3': 1, '4': 0, '5': 1 });
    expect(stats.lastHour).toBe(3);
    // Acknowledged after 60, 180 and 300 s; the two-hour-old one is out of the window.
    expect(stats.medianAcknowledgeS).toBe(180);
    // Dispatched after 300 and 600 s: the nearest-rank median the review uses too, so the
    // wall and the review never disagree on the same data.
    expect(stats.medianDispatchS).toBe(300);
  });

  it('has no medians when nothing in the last hour was acknowledged', () => {
    const stats = computeStats([incident({ reportedAt: minutesAgo(200) })], NOW);
    expect(stats.medianAcknowledgeS).toBeNull();
    expect(stats.lastHour).toBe(0);
  });
});

const LIVE_SHELTER = {
  name: 'Mishref hall',
  location: { type: 'Point', coordinates: [48.06, 29.27] },
  capacity: 300,
  occupancy: 40,
};

describe('GET /api/stats', () => {
  let server: MirsadServer;
  let people: SignedIn;

  beforeAll(async () => {
    server = await startTestServer();
    people = await signIn(server.url, ['trainer', 'traffic', 'civil-defence', 'commander']);
  });

  afterAll(async () => {
    await server.close();
  });

  /** A heavy-rain exercise of the trainer with the traffic officer as its trainee. */
  const newExercise = (seed: number): Promise<Exercise> =>
    people.call<Exercise>(
      'trainer',
      'POST',
      '/api/exercises',
      { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], seed, speed: 60, locale: 'en' },
      201,
    );
  const stats = async (username: string, query = ''): Promise<Stats> =>
    StatsSchema.parse(await people.call(username, 'GET', `/api/stats${query}`));
  const openCount = (figures: Stats): number =>
    Object.values(figures.openBySeverity).reduce((sum, count) => sum + count, 0);

  it("gives an exercise's figures to the people in it, apart from the live picture's", async () => {
    await people.call('commander', 'POST', '/api/incidents', sampleReport(1, { externalRef: null }), 201);
    const exercise = await newExercise(3);
    await people.call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, { action: 'start' });
    await people.call('trainer', 'POST', `/api/exercises/${exercise.id}/control`, {
      action: 'jump',
      toMin: 30,
    });
    const query = `?exercise=${exercise.id}`;
    const exerciseIncidents = (
      await people.call<{ incidents: Incident[] }>('trainer', 'GET', `/api/incidents${query}`)
    ).incidents;
    const exerciseUnits = (
      await people.call<{ units: Unit[] }>('trainer', 'GET', `/api/exercises/${exercise.id}/units`)
    ).units;
    expect(exerciseIncidents.length).toBeGreaterThan(1);

    const ofTrainer = await stats('trainer', query);
    expect(openCount(ofTrainer)).toBe(exerciseIncidents.length);
    expect(Object.values(ofTrainer.unitsAvailableBySector).reduce((a, b) => a + b, 0)).toBe(
      exerciseUnits.filter((unit) => unit.status === 'available').length,
    );
    await people.call('commander', 'POST', '/api/shelters', LIVE_SHELTER, 201);
    // The trainee runs a shelter of the exercise, as they would in the room.
    await people.call(
      'traffic',
      'POST',
      '/api/shelters',
      { ...LIVE_SHELTER, capacity: 80, occupancy: 12, exerciseId: exercise.id },
      201,
    );
    expect((await stats('trainer', query)).shelters).toEqual({ open: 1, occupancy: 12, capacity: 80 });
    expect((await stats('commander')).shelters).toEqual({ open: 1, occupancy: 40, capacity: 300 });
    // The trainee sees the exercise's incidents of their own sector only.
    const ofTrainee = await stats('traffic', query);
    expect(openCount(ofTrainee)).toBe(
      exerciseIncidents.filter((incident) => incident.involvedSectors.includes('traffic')).length,
    );
    // The live figures still count the one live report and nothing of the exercise.
    expect(openCount(await stats('commander'))).toBe(1);
  });

  it('counts only the incidents and the units of the governorates asked for', async () => {
    // Jahra and Ahmadi: far from the Fifth Ring Road, where the other tests report.
    const JAHRA: [number, number] = [47.66, 29.34];
    const AHMADI: [number, number] = [48.09, 29.08];
    const report = async (n: number, coordinates: [number, number], severity: number): Promise<Incident> =>
      people.call<Incident>(
        'commander',
        'POST',
        '/api/incidents',
        sampleReport(n, { externalRef: null, severity, location: { type: 'Point', coordinates } }),
        201,
      );
    const reported = [await report(101, JAHRA, 5), await report(102, JAHRA, 2), await report(103, AHMADI, 3)];
    expect(reported.map((incident) => incident.governorate)).toEqual(['jahra', 'jahra', 'ahmadi']);
    const register = (id: string, coordinates: [number, number] | null) =>
      people.call(
        'commander',
        'POST',
        '/api/units',
        {
          id,
          sector: 'traffic',
          type: 'patrol',
          callSign: id.toUpperCase(),
          ...(coordinates && {
            position: { coordinates, headingDeg: null, speedMps: null, at: new Date().toISOString() },
          }),
        },
        201,
      );
    await register('gov-jahra-1', JAHRA);
    await register('gov-jahra-2', JAHRA);
    await register('gov-ahmadi-1', AHMADI);
    await register('gov-nowhere', null);

    const ofJahra = await stats('commander', '?governorate=jahra');
    expect(ofJahra.openBySeverity).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 });
    expect(ofJahra.openBySector).toEqual({ traffic: 2 });
    expect(ofJahra.lastHour).toBe(2);
    expect(ofJahra.unitsAvailableBySector).toEqual({ traffic: 2 });

    const ofBoth = await stats('commander', '?governorate=jahra,ahmadi');
    expect(openCount(ofBoth)).toBe(3);
    expect(ofBoth.unitsAvailableBySector).toEqual({ traffic: 3 });
    // Without a slice every incident and unit counts, the one without a position too.
    const ofAll = await stats('commander');
    expect(openCount(ofAll)).toBeGreaterThan(3);
    expect(ofAll.unitsAvailableBySector['traffic']).toBeGreaterThanOrEqual(4);
    expect(
      (await api(server.url, 'GET', '/api/stats?governorate=atlantis', undefined, people.as('commander')))
        .status,
    ).toBe(400);
  });

  it('refuses the figures of an exercise to someone who is not in it', async () => {
    const exercise = await newExercise(4);
    const answer = await api(
      server.url,
      'GET',
      `/api/stats?exercise=${exercise.id}`,
      undefined,
      people.as('civil-defence'),
    );
    expect(answer.status).toBe(403);
    expect(
      (await api(server.url, 'GET', '/api/stats?sectors=x', undefined, people.as('traffic'))).status,
    ).toBe(400);
  });
});
