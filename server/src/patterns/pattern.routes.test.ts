import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import {
  HistoryImportResultSchema,
  ReviewSummarySchema,
  type ClusterList,
  type ForecastList,
  type HistoryRecord,
  type HotspotList,
  type MirsadEvent,
  type NearRepeatList,
  type Pattern,
  type PatternList,
  type ReviewSummary,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { BACKENDS, type TestPlace } from '../store/backends.test-support.js';
import { api, login, recordingClient, startTestServer, TEST_PASSWORD, waitFor } from '../test-support.js';
import { PATTERN_ACTOR } from './pattern.service.js';
import { SERIES_SIZE, seriesBurglary } from './pattern.test-support.js';

const DAY_MS = 86_400_000;

let server: MirsadServer;
let admin: string;
let commander: string;
let crime: string;
let traffic: string;
let archiveKey: string;
let year: HistoryRecord[];

/** Posts NDJSON to `/api/history` as a browser (cookie and Origin) or a key would. */
async function postHistory(body: string, as: string): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (as.startsWith('Bearer ')) headers.authorization = as;
  else Object.assign(headers, { cookie: as, origin: new URL(server.url).origin });
  const response = await fetch(new URL('/api/history', server.url), { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

const ndjson = (records: readonly unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n');

const call = async <T>(
  as: string,
  method: string,
  path: string,
  body?: unknown,
  expected = 200,
): Promise<T> => {
  const answer = await api(server.url, method, path, body, as);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(expected);
  return answer.body as T;
};

// Each backend's store, worker connections and history table answer the same questions alike.
describe.each(BACKENDS)('pattern watch on $name', (backend) => {
  let place: TestPlace;

  beforeAll(async () => {
    place = await backend.place();
    server = await startTestServer(
      place.dataDir,
      {},
      // A second's debounce: the series below arrives as one burst, and is scanned whole (a scan
      // between its reports, on a busy machine, would detect it with its first few).
      {
        stores: await place.open(),
        patterns: { replications: 199, debounceMs: 1_000, minIntervalMs: 1_000 },
      },
    );
    admin = await login(server.url, 'admin');
    commander = await login(server.url, 'commander');
    traffic = await login(server.url, 'traffic');
    await call(
      admin,
      'POST',
      '/api/accounts',
      {
        username: 'crime',
        displayName: 'Crime Officer',
        role: 'officer',
        sectors: ['criminal-security'],
        password: TEST_PASSWORD,
      },
      201,
    );
    crime = await login(server.url, 'crime');
    const made = await call<{ secret: string }>(
      admin,
      'POST',
      '/api/keys',
      { name: 'Archive', role: 'archive', source: 'moi-archive' },
      201,
    );
    archiveKey = `Bearer ${made.secret}`;
    // The past year ends yesterday: the live reports below are today's.
    year = generateHistory({
      seed: 11,
      end: Date.now() - DAY_MS,
      count: 2_500,
      categories: ['burglary', 'theft'],
    });
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await place.remove();
  });

  describe('POST /api/history', () => {
    it('keeps the good lines, names each bad one with why, counts a second load as duplicates, and tells open pages of the load', async () => {
      // An officer's open page: it is told a load finished, so that it reads the analyses again.
      const page = recordingClient(server.url, { cookie: traffic });
      let notices = 0;
      page.socket.on('history.loaded', () => {
        notices += 1;
      });
      await waitFor(() => page.liveSeqs.length > 0, 'the page to be live');
      const bad = { ...year[0], category: 'collision' };
      const body = [
        ndjson(year.slice(0, 1_000)),
        '{not json',
        JSON.stringify(bad),
        '',
        ndjson(year.slice(1_000)),
      ].join('\n');
      const first = HistoryImportResultSchema.parse((await postHistory(body, admin)).body);
      expect(first.imported).toBe(year.length);
      expect(first.duplicates).toBe(0);
      expect(first.rejected.map((r) => r.line)).toEqual([1_001, 1_002]);
      expect(first.rejected[1]?.issues[0]?.path).toBe('category');
      const again = HistoryImportResultSchema.parse((await postHistory(ndjson(year), archiveKey)).body);
      expect(again).toEqual({ imported: 0, duplicates: year.length, rejected: [] });
      expect(await server.history.count()).toBe(year.length);
      await waitFor(() => notices > 0, 'the page to be told of the load');
      page.close();
      // Once: the load that added nothing is not news.
      expect(notices).toBe(1);
    });

    it('is refused to officers and anonymous callers, and refuses a body that is not NDJSON', async () => {
      expect((await postHistory(ndjson(year.slice(0, 1)), traffic)).status).toBe(403);
      const anonymous = await fetch(new URL('/api/history', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: '',
      });
      expect(anonymous.status).toBe(401);
      expect((await api(server.url, 'POST', '/api/history', { a: 1 }, admin)).status).toBe(415);
    });

    it('never puts history on the live picture', async () => {
      const incidents = await call<{ incidents: unknown[] }>(commander, 'GET', '/api/incidents?scope=all');
      expect(incidents.incidents).toHaveLength(0);
    });
  });

  describe('a burglary series reported live', () => {
    let pattern: Pattern;

    beforeAll(async () => {
      // Eight burglaries within 250 m of Rumaithiya over the last three days, reported at once.
      const series = Array.from({ length: SERIES_SIZE }, (_, n) =>
        call(commander, 'POST', '/api/incidents', seriesBurglary(n), 201),
      );
      await Promise.all(series);
      await waitFor(
        async () => (await server.store.listEntities<Pattern>('pattern', null, ['active'])).length > 0,
        'a pattern.detected',
        60_000,
      );
      const [found] = await server.store.listEntities<Pattern>('pattern', null, ['active']);
      if (!found) throw new Error('no pattern');
      pattern = found;
    }, 120_000);

    it('is detected in the log near where it happened, explained in both languages', async () => {
      expect(pattern.cluster.group).toBe('burglary');
      expect(pattern.sectors).toEqual(['criminal-security']);
      expect(pattern.cluster.pValue).toBeLessThanOrEqual(0.01);
      expect(pattern.cluster.observed).toBeGreaterThanOrEqual(6);
      expect(pattern.cluster.explanation.en).toMatch(
        /^\d+ burglaries within \d+ m of Rumaithiya in \d days?; .* expected from the past year; p = 0\.\d+; by chance once in /,
      );
      expect(pattern.cluster.explanation.ar).toContain('الرميثية');
      const events = await server.store.readEvents(0, 10_000);
      const detected = events.filter((e: MirsadEvent) => e.type === 'pattern.detected');
      expect(detected).toHaveLength(1);
    });

    it('answers the clusters to the officer of its sector and to commanders, not to other sectors', async () => {
      const forCrime = await call<ClusterList>(crime, 'GET', '/api/patterns/clusters');
      expect(forCrime.clusters.map((c) => c.id)).toContain(pattern.id);
      const forTraffic = await call<ClusterList>(traffic, 'GET', '/api/patterns/clusters');
      expect(forTraffic.clusters).toHaveLength(0);
      expect((await call<PatternList>(traffic, 'GET', '/api/patterns')).patterns).toHaveLength(0);
      expect((await call<PatternList>(commander, 'GET', '/api/patterns')).patterns.map((p) => p.id)).toEqual([
        pattern.id,
      ]);
      expect((await api(server.url, 'GET', '/api/patterns/clusters', undefined, archiveKey)).status).toBe(
        403,
      );
    });

    it('is acknowledged by the officer of its sector once, not by an officer of another sector', async () => {
      expect(
        (await api(server.url, 'POST', `/api/patterns/${pattern.id}/acknowledge`, {}, traffic)).status,
      ).toBe(404);
      const acknowledged = await call<Pattern>(crime, 'POST', `/api/patterns/${pattern.id}/acknowledge`, {
        note: 'patrols doubled',
      });
      expect(acknowledged.acknowledgements.map((a) => a.by)).toEqual(['user:crime']);
      expect(
        (await api(server.url, 'POST', `/api/patterns/${pattern.id}/acknowledge`, {}, crime)).status,
      ).toBe(409);
      const stored = await server.store.getEntity<Pattern>('pattern', pattern.id);
      expect(stored?.acknowledgements).toHaveLength(1);
    });

    it('is in the review’s decisions, detected, acknowledged and ended, with who and the explanation', async () => {
      // The series ends as a later scan no longer finds it; appended here as the service would.
      const ended: Pattern = { ...pattern, status: 'ended', endedAt: new Date().toISOString() };
      await server.log.serialised(() =>
        server.log.commit({
          id: randomUUID(),
          type: 'pattern.ended',
          at: ended.endedAt ?? '',
          actor: PATTERN_ACTOR,
          exerciseId: null,
          sectors: ended.sectors,
          data: { pattern: ended },
        }),
      );
      const since = encodeURIComponent(new Date(Date.now() - DAY_MS).toISOString());
      const review = async (filter = ''): Promise<ReviewSummary> =>
        ReviewSummarySchema.parse(
          await call<unknown>(commander, 'GET', `/api/review/summary?from=${since}${filter}`),
        );
      const ofSeries = (summary: ReviewSummary) =>
        summary.decisions.filter((d) => d.incidentId === pattern.id);
      const all = ofSeries(await review());
      expect(all.map((d) => [d.kind, d.actor, d.detail])).toEqual([
        ['pattern-detected', PATTERN_ACTOR, null],
        ['pattern-acknowledged', 'user:crime', 'patrols doubled'],
        ['pattern-ended', PATTERN_ACTOR, null],
      ]);
      expect(all[0]?.sector).toBe('criminal-security');
      expect(all[0]?.explanation?.ar).toContain('الرميثية');
      expect(all[0]?.incidentTitle).toBe(pattern.cluster.explanation.en);
      expect(ofSeries(await review('&category=burglary'))).toHaveLength(3);
      expect(ofSeries(await review('&sector=traffic'))).toHaveLength(0);
      expect(ofSeries(await review('&severity=3'))).toHaveLength(0);
    });

    it('answers near repeats, hot spots and the forecast for the sectors one sees', async () => {
      const near = await call<NearRepeatList>(crime, 'GET', '/api/patterns/near-repeats?category=burglary');
      expect(near.groups.map((g) => g.group)).toEqual(['burglary']);
      expect(near.groups[0]?.bands).toHaveLength(20);
      const hot = await call<HotspotList>(crime, 'GET', '/api/patterns/hotspots?category=burglary');
      expect(hot.group).toBe('burglary');
      for (const cell of hot.cells) expect(cell.boundary.coordinates[0]).toHaveLength(7);
      const forecast = await call<ForecastList>(crime, 'GET', '/api/patterns/forecast?hours=24&top=10');
      expect(forecast.cells).toHaveLength(10);
      expect(forecast.cells[0]?.rank).toBe(1);
      expect(
        (await api(server.url, 'GET', '/api/patterns/hotspots?category=burglary', undefined, traffic)).status,
      ).toBe(403);
      expect((await api(server.url, 'GET', '/api/patterns/forecast?hours=0', undefined, crime)).status).toBe(
        400,
      );
    });
  });
});
