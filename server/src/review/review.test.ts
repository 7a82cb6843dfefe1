import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MomentsPageSchema,
  ReviewSummarySchema,
  type Incident,
  type MomentsPage,
  type ReviewSummary,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, principalFor, sampleReport, signIn, startTestServer, type SignedIn } from '../test-support.js';

let clock = new Date('2026-11-28T23:00:00.000Z');
let server: MirsadServer;
let people: SignedIn;
const COMMANDER = principalFor('commander');

/** A Kuwait time on 29 November 2026 (UTC+3). */
const at = (hhmm: string): Date => new Date(`2026-11-29T${hhmm}:00.000+03:00`);
const iso = (hhmm: string): string => at(hhmm).toISOString();

let flood: Incident;
let crash: Incident;
let fire: Incident;

/**
 * The known history, Kuwait time: a flood in the capital handled end to end, a crash in
 * Hawalli acknowledged then cancelled, a critical fire still waiting at the end.
 */
beforeAll(async () => {
  server = await startTestServer(undefined, {}, { now: () => clock });
  people = await signIn(server.url, ['commander', 'admin', 'trainer', 'traffic']);
  const step = async <T>(hhmm: string, work: () => Promise<T>): Promise<T> => {
    clock = at(hhmm);
    return work();
  };
  await step('02:10', () =>
    server.units.register(
      {
        id: 'cd-1',
        sector: 'civil-defence',
        type: 'rescue-team',
        callSign: 'CD-01',
        position: null,
        exerciseId: null,
      },
      'user:commander',
    ),
  );
  const report = (n: number, overrides: Parameters<typeof sampleReport>[1]) =>
    server.incidents.report(sampleReport(n, { externalRef: null, ...overrides }), COMMANDER);
  flood = (
    await step('03:00', () =>
      report(1, {
        title: 'Flood',
        sector: 'civil-defence',
        category: 'flooding',
        severity: 4,
        governorate: 'capital',
      }),
    )
  ).incident;
  await step('03:01', () =>
    server.incidents.update(flood.id, { version: 1, status: 'acknowledged' }, COMMANDER),
  );
  crash = (await step('03:05', () => report(2, { title: 'Crash', severity: 3, governorate: 'hawalli' })))
    .incident;
  await step('03:08', () => server.units.assign('cd-1', flood.id, COMMANDER));
  await step('03:10', () =>
    server.incidents.update(crash.id, { version: 1, status: 'acknowledged' }, COMMANDER),
  );
  await step('03:12', () => server.incidents.addNote(flood.id, 'Water at one metre', COMMANDER));
  await step('03:15', () =>
    server.incidents.requestSupport(
      flood.id,
      { toSector: 'fire-marine-rescue', request: 'A pump' },
      COMMANDER,
    ),
  );
  const version = async (id: string): Promise<number> => (await server.store.getIncident(id))?.version ?? 0;
  await step('03:20', async () =>
    server.incidents.update(flood.id, { version: await version(flood.id), status: 'on_scene' }, COMMANDER),
  );
  await step('03:30', () =>
    server.incidents.update(crash.id, { version: 2, status: 'cancelled', reason: 'false alarm' }, COMMANDER),
  );
  await step('03:40', async () =>
    server.incidents.update(flood.id, { version: await version(flood.id), status: 'contained' }, COMMANDER),
  );
  await step('04:05', () => server.units.release('cd-1', COMMANDER));
  await step('04:10', async () =>
    server.incidents.update(flood.id, { version: await version(flood.id), status: 'closed' }, COMMANDER),
  );
  fire = (
    await step('04:20', () =>
      report(3, { title: 'Fire', sector: 'fire-marine-rescue', category: 'building-fire', severity: 5 }),
    )
  ).incident;
});

afterAll(async () => {
  await server.close();
});

async function summary(query: string, as = 'commander'): Promise<ReviewSummary> {
  return ReviewSummarySchema.parse(await people.call(as, 'GET', `/api/review/summary?${query}`));
}

const range = `from=${encodeURIComponent(iso('03:00'))}&to=${encodeURIComponent(iso('04:30'))}`;
const sampleAt = (s: ReviewSummary, hhmm: string) => s.openOverTime.find((p) => p.at === iso(hhmm))?.open;
const busyAt = (s: ReviewSummary, hhmm: string) => s.unitsBusyOverTime.find((p) => p.at === iso(hhmm))?.busy;

describe('the review of a time range', () => {
  it('gives the exact key figures of a known history', async () => {
    const s = await summary(range);
    expect(s.figures).toEqual({
      reported: 3,
      closed: 1,
      cancelled: 1,
      openAtStart: 0,
      openAtEnd: 1,
      peakOpen: 2,
      peakOpenAt: iso('03:05'),
      medianAcknowledgeS: 60,
      medianDispatchS: 480,
      acknowledgedWithinTarget: 1,
      supportRequests: 1,
      decisions: 10,
      peakUnitsBusy: 1,
    });
  });

  it('counts incidents per hour by sector in Kuwait hours', async () => {
    const s = await summary(range);
    expect(s.incidentsPerHour).toEqual([
      { start: iso('03:00'), counts: { 'civil-defence': 1, traffic: 1 } },
      { start: iso('04:00'), counts: { 'fire-marine-rescue': 1 } },
    ]);
  });

  it('samples open incidents and busy units through the range, each moment including its own events', async () => {
    const s = await summary(range);
    expect(s.openOverTime).toHaveLength(91);
    expect(s.openOverTime[0]).toEqual({ at: iso('03:00'), open: 1 });
    expect(sampleAt(s, '03:04')).toBe(1);
    expect(sampleAt(s, '03:05')).toBe(2);
    expect(sampleAt(s, '03:29')).toBe(2);
    expect(sampleAt(s, '03:30')).toBe(1);
    expect(sampleAt(s, '04:10')).toBe(0);
    expect(sampleAt(s, '04:20')).toBe(1);
    expect(busyAt(s, '03:07')).toBe(0);
    expect(busyAt(s, '03:08')).toBe(1);
    expect(busyAt(s, '04:04')).toBe(1);
    expect(busyAt(s, '04:05')).toBe(0);
    expect(s.unitsBusyOverTime.every((p) => p.total === 1)).toBe(true);
  });

  it('gives response-time distributions per sector, with targets by each incident’s severity', async () => {
    const s = await summary(range);
    const of = (milestone: string, sector: string) =>
      s.responseTimes.find((d) => d.milestone === milestone && d.sector === sector);
    expect(of('acknowledge', 'civil-defence')).toEqual({
      milestone: 'acknowledge',
      sector: 'civil-defence',
      count: 1,
      pending: 0,
      medianS: 60,
      p90S: 60,
      buckets: [1, 0, 0, 0, 0, 0, 0, 0, 0],
      withinTarget: 1,
    });
    // 8 minutes to dispatch a severity-4 incident misses its 7-minute target.
    expect(of('dispatch', 'civil-defence')).toMatchObject({ count: 1, medianS: 480, withinTarget: 0 });
    expect(of('dispatch', 'civil-defence')?.buckets).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(of('onScene', 'civil-defence')).toMatchObject({ count: 1, medianS: 1200, withinTarget: null });
    expect(of('closed', 'civil-defence')?.buckets).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(of('acknowledge', 'traffic')).toMatchObject({ count: 1, medianS: 300, withinTarget: 1 });
    // The crash was cancelled, so it no longer waits for dispatch; the fire still waits.
    expect(of('dispatch', 'traffic')).toMatchObject({ count: 0, pending: 0, medianS: null });
    expect(of('acknowledge', 'fire-marine-rescue')).toMatchObject({ count: 0, pending: 1, p90S: null });
  });

  it('lists the decisions with who made them and when, oldest first', async () => {
    const s = await summary(range);
    expect(s.decisions.map((d) => [d.at, d.kind, d.incidentTitle, d.status, d.actor])).toEqual([
      [iso('03:01'), 'status', 'Flood', 'acknowledged', 'user:commander'],
      [iso('03:08'), 'assigned', 'Flood', null, 'user:commander'],
      [iso('03:10'), 'status', 'Crash', 'acknowledged', 'user:commander'],
      [iso('03:12'), 'note', 'Flood', null, 'user:commander'],
      [iso('03:15'), 'support-requested', 'Flood', null, 'user:commander'],
      [iso('03:20'), 'status', 'Flood', 'on_scene', 'user:commander'],
      [iso('03:30'), 'status', 'Crash', 'cancelled', 'user:commander'],
      [iso('03:40'), 'status', 'Flood', 'contained', 'user:commander'],
      [iso('04:05'), 'released', 'Flood', null, 'user:commander'],
      [iso('04:10'), 'status', 'Flood', 'closed', 'user:commander'],
    ]);
    expect(s.decisions[6]?.detail).toBe('false alarm');
    expect(s.decisions[3]?.detail).toBe('Water at one metre');
    expect(s.decisions[1]?.detail).toBe('CD-01');
    expect(s.isDecisionsTruncated).toBe(false);
  });

  it('applies the sector, governorate and severity filters to every part', async () => {
    const traffic = await summary(`${range}&sector=traffic`);
    expect(traffic.figures).toMatchObject({
      reported: 1,
      cancelled: 1,
      peakOpen: 1,
      decisions: 2,
      peakUnitsBusy: 0,
    });
    expect(traffic.unitsBusyOverTime.every((p) => p.total === 0)).toBe(true);
    const capital = await summary(`${range}&governorate=capital`);
    expect(capital.decisions.every((d) => d.incidentId === flood.id)).toBe(true);
    expect(capital.figures.reported).toBe(1);
    const critical = await summary(`${range}&severity=5&category=building-fire,flooding`);
    expect(critical.figures).toMatchObject({ reported: 1, openAtEnd: 1, decisions: 0 });
    expect(critical.responseTimes.map((d) => d.sector)).toContain('fire-marine-rescue');
    expect(fire.severity).toBe(5);
  });

  it('starts a later range from the replayed picture: incidents open before it count at its start', async () => {
    const s = await summary(
      `from=${encodeURIComponent(iso('03:06'))}&to=${encodeURIComponent(iso('03:35'))}`,
    );
    expect(s.figures).toMatchObject({
      reported: 0,
      openAtStart: 2,
      openAtEnd: 1,
      peakOpen: 2,
      peakUnitsBusy: 1,
    });
    expect(s.decisions).toHaveLength(6);
    expect(s.openOverTime.at(-1)).toEqual({ at: iso('03:35'), open: 1 });
  });

  it('covers the whole log when no range is given', async () => {
    const s = await summary('');
    expect(s.from).toBe(iso('02:10'));
    expect(s.to).toBe(iso('04:20'));
    expect(s.figures.reported).toBe(3);
  });
});

describe('stepping through the log', () => {
  it('pages events after and before a sequence, and names the first and last', async () => {
    const page = MomentsPageSchema.parse(
      await people.call<MomentsPage>('commander', 'GET', '/api/review/moments?after=0&limit=3'),
    );
    expect(page.moments.map((m) => m.at)).toEqual([iso('02:10'), iso('03:00'), iso('03:01')]);
    expect(page.first?.at).toBe(iso('02:10'));
    expect(page.last?.at).toBe(iso('04:20'));
    const last = page.last?.seq ?? 0;
    const back = await people.call<MomentsPage>(
      'commander',
      'GET',
      `/api/review/moments?before=${last}&limit=2`,
    );
    expect(back.moments.map((m) => [m.seq, m.at])).toEqual([
      [last - 2, iso('04:05')],
      [last - 1, iso('04:10')],
    ]);
    const next = await people.call<MomentsPage>('commander', 'GET', `/api/review/moments?after=${last}`);
    expect(next.moments).toEqual([]);
  });
});

describe('who may review', () => {
  it('lets commanders and admins review the live log and refuses officers and trainers', async () => {
    await people.call('admin', 'GET', `/api/review/summary?${range}`);
    await people.call('traffic', 'GET', `/api/review/summary?${range}`, undefined, 403);
    await people.call('trainer', 'GET', `/api/review/summary?${range}`, undefined, 403);
    await people.call('trainer', 'GET', '/api/review/moments', undefined, 403);
    await people.call(
      'traffic',
      'GET',
      `/api/picture?at=${encodeURIComponent(iso('03:30'))}`,
      undefined,
      403,
    );
    await people.call('admin', 'GET', `/api/picture?at=${encodeURIComponent(iso('03:30'))}`);
    await people.call('traffic', 'GET', '/api/export/events?format=csv', undefined, 403);
  });

  it('answers 404 for an exercise that does not exist', async () => {
    const answer = await people.call<{ error: string }>(
      'commander',
      'GET',
      '/api/review/summary?exercise=ex-00000000',
      undefined,
      404,
    );
    expect(answer.error).toBe('not_found');
  });

  it('refuses bad queries with 400 naming the field', async () => {
    const bad = async (query: string, path: string): Promise<void> => {
      const answer = await api(
        server.url,
        'GET',
        `/api/review/summary?${query}`,
        undefined,
        people.as('commander'),
      );
      expect(answer.status).toBe(400);
      expect((answer.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    };
    await bad(`from=${iso('05:00')}&to=${iso('04:00')}`, 'query.to');
    await bad('severity=9', 'query.severity.0');
    await bad('sector=navy', 'query.sector.0');
    await bad('from=yesterday', 'query.from');
    await bad('colour=red', 'query');
    const moments = await api(
      server.url,
      'GET',
      '/api/review/moments?after=1&before=5',
      undefined,
      people.as('commander'),
    );
    expect(moments.status).toBe(400);
  });
});

describe('the export with filters', () => {
  it('keeps only the events of matching incidents, notes included', async () => {
    const response = await fetch(new URL('/api/export/events?format=csv&governorate=capital', server.url), {
      headers: { cookie: people.as('commander') },
    });
    const rows = (await response.text()).trim().split('\r\n').slice(1);
    expect(rows.every((row) => row.includes(flood.id))).toBe(true);
    expect(rows.some((row) => row.includes('note.added') && row.includes('Water at one metre'))).toBe(true);
    expect(rows.some((row) => row.includes(crash.id))).toBe(false);
  });
});
