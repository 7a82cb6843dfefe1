import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateHistory } from '@mirsad/mock-data';
import { burglarySeries } from '@mirsad/mock-data/testing';
import { HistoryImportResultSchema, type ClusterList, type Pattern, type PatternList } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { twoNodes, type Closers } from '../cluster/cluster.test-support.js';
import { login, signIn, waitFor } from '../test-support.js';
import { PATTERN_ACTOR } from './pattern.service.js';
import { SERIES_SIZE, seriesBurglary } from './pattern.test-support.js';

const DAY_MS = 86_400_000;

const closers: Closers = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Pattern watch tuned to scan quickly: few replications, a short debounce and least interval. */
const QUICK_SCANS = { patterns: { replications: 99, debounceMs: 50, minIntervalMs: 500 } };

/** Counts the scans a node starts, by wrapping its service's own method. */
function countScans(server: MirsadServer): { readonly scans: number } {
  const counter = { scans: 0 };
  const scanNow = server.patterns.scanNow.bind(server.patterns);
  server.patterns.scanNow = (exerciseId) => {
    counter.scans++;
    return scanNow(exerciseId);
  };
  return counter;
}

describe('pattern watch on two nodes', () => {
  it('scans on the leader only, also after a load on the follower, detects a series reported through both nodes once, and answers on either', async () => {
    const { a, b } = await twoNodes(closers, { options: QUICK_SCANS });
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const onA = countScans(a);
    const onB = countScans(b);
    // What starting scheduled (a new leader scans what it watches) is over before the load.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const beforeLoad = onA.scans;
    // The past year, loaded through the follower: both nodes' workers read it from the one database.
    const year = generateHistory({
      seed: 11,
      end: Date.now() - DAY_MS,
      count: 2_500,
      categories: ['burglary', 'theft'],
    });
    const admin = await login(b.url, 'admin');
    const loaded = await fetch(new URL('/api/history', b.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', cookie: admin, origin: new URL(b.url).origin },
      body: year.map((record) => JSON.stringify(record)).join('\n'),
    });
    expect(HistoryImportResultSchema.parse(await loaded.json()).imported).toBe(year.length);
    expect(await a.history.count()).toBe(year.length);
    // The leader hears of the follower's load (a NOTIFY) and scans with the past it now has.
    await waitFor(() => onA.scans > beforeLoad, 'the leader to scan after a load on the follower');

    const nodes = [await signIn(a.url, ['commander']), await signIn(b.url, ['commander'])];
    for (let n = 0; n < SERIES_SIZE; n++) {
      await nodes[n % 2]?.call('commander', 'POST', '/api/incidents', seriesBurglary(n), 201);
    }
    await waitFor(
      async () => (await a.store.listEntities<Pattern>('pattern', null, ['active'])).length > 0,
      'a pattern.detected',
      60_000,
    );
    // Once more on the leader, after every report has reached it: still one series.
    await a.patterns.scanNow(null);
    const detected = (await a.store.readEvents(0, 10_000)).filter((e) => e.type === 'pattern.detected');
    expect(detected).toHaveLength(1);
    expect(onA.scans).toBeGreaterThan(0);
    expect(onB.scans).toBe(0);

    // The follower answers from its own worker's reads of the shared database.
    const [pattern] = await a.store.listEntities<Pattern>('pattern', null, ['active']);
    const onFollower = nodes[1];
    if (!pattern || !onFollower) throw new Error('no pattern');
    const clusters = await onFollower.call<ClusterList>('commander', 'GET', '/api/patterns/clusters');
    expect(clusters.clusters.map((c) => c.id)).toContain(pattern.id);
    await waitFor(
      async () =>
        (await onFollower.call<PatternList>('commander', 'GET', '/api/patterns')).patterns.some(
          (p) => p.id === pattern.id,
        ),
      'the follower to list the series',
    );
  }, 180_000);

  it('scans on the node that takes over when the leader stops, and detects there a series reported after the takeover', async () => {
    const { a, b } = await twoNodes(closers, { options: QUICK_SCANS });
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const onB = countScans(b);
    // The past year the scan compares the present with, straight into the one database.
    const year = generateHistory({
      seed: 12,
      end: Date.now() - DAY_MS,
      count: 2_500,
      categories: ['burglary', 'theft'],
    });
    expect((await a.history.addBatch(year)).imported).toBe(year.length);
    // What starting scheduled is over: the follower has made no scan of its own.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(onB.scans).toBe(0);

    // The leader stops (its lock's connection ends with it); B takes the lock at its next retry.
    await a.close();
    await waitFor(() => b.isLeader, 'B to take over', 20_000);
    // A new leader scans what it watches without waiting for a report.
    await waitFor(() => onB.scans > 0, 'B to scan once it leads');

    const onNodeB = await signIn(b.url, ['commander']);
    for (let n = 0; n < SERIES_SIZE; n++) {
      await onNodeB.call('commander', 'POST', '/api/incidents', seriesBurglary(n, 'after-takeover'), 201);
    }
    await waitFor(
      async () => (await b.store.listEntities<Pattern>('pattern', null, ['active'])).length > 0,
      'a pattern.detected by the new leader',
      60_000,
    );
    const detected = (await b.store.readEvents(0, 10_000)).filter((e) => e.type === 'pattern.detected');
    expect(detected).toHaveLength(1);
    expect(detected[0]?.actor).toBe(PATTERN_ACTOR);
  }, 180_000);

  it('ends, on the node that takes over, a series of an exercise it never heard a report of', async () => {
    const { a, b } = await twoNodes(closers, { options: QUICK_SCANS });
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    // An exercise whose series the leader detected; its reports are gone from the scan's window
    // (planted here as the leader would have recorded it), and no report comes after.
    const onA = await signIn(a.url, ['trainer']);
    const exercise = await onA.call<{ id: string }>(
      'trainer',
      'POST',
      '/api/exercises',
      { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], seed: 1, speed: 60, locale: 'en' },
      201,
    );
    const detectedAt = new Date().toISOString();
    const pattern = burglarySeries(1, { exerciseId: exercise.id, detectedAt });
    const { id } = pattern;
    await a.log.serialised(() =>
      a.log.commit({
        id: randomUUID(),
        type: 'pattern.detected',
        at: detectedAt,
        actor: PATTERN_ACTOR,
        exerciseId: exercise.id,
        sectors: pattern.sectors,
        data: { pattern },
      }),
    );

    await a.close();
    await waitFor(() => b.isLeader, 'B to take over', 20_000);
    await waitFor(
      async () => (await b.store.getEntity<Pattern>('pattern', id))?.status === 'ended',
      "the new leader to end the exercise's series",
      30_000,
    );
    const ended = (await b.store.readEvents(0, 10_000)).filter((e) => e.type === 'pattern.ended');
    expect(ended.map((event) => [event.exerciseId, event.actor])).toEqual([[exercise.id, PATTERN_ACTOR]]);
  }, 180_000);
});
