import { describe, expect, it } from 'vitest';
import type { MirsadEvent, NewMirsadEvent, Pattern, Principal } from '@mirsad/shared';
import { ExerciseRoster } from '../auth/access.js';
import type { EventLog } from '../event-log.js';
import { reportedEvent, storedIncident } from '../test-support.js';
import type { FoundCluster } from './analysis.js';
import type { PatternPool } from './pattern.pool.js';
import { DEFAULT_PATTERN_OPTIONS, PatternService } from './pattern.service.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Only the scheduling is under test here: a log that hands reports to its listeners, and a
 * pool that counts the scans asked of it (the analysis itself is tested in pattern.routes.test).
 */
function watch(options: { debounceMs: number; minIntervalMs: number }) {
  const listeners: ((event: MirsadEvent) => void)[] = [];
  const log = {
    onEvent: (listener: (event: MirsadEvent) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
    store: { listEntities: () => Promise.resolve([]), logsWithEntities: () => Promise.resolve([]) },
  } as unknown as EventLog;
  const scans: number[] = [];
  const jobs: string[] = [];
  const pool = {
    run: (job: { kind: string }) => {
      jobs.push(job.kind);
      if (job.kind === 'scan') scans.push(performance.now());
      return Promise.resolve(job.kind === 'hotspots' ? { cells: [] } : []);
    },
  } as unknown as PatternPool;
  const service = new PatternService(log, pool, new ExerciseRoster(), () => new Date(), {
    ...DEFAULT_PATTERN_OPTIONS,
    ...options,
  });
  service.start();
  void service.lead();
  let n = 0;
  const report = (): void => {
    n += 1;
    const event = reportedEvent(storedIncident(n, { sector: 'criminal-security', category: 'burglary' }));
    for (const listener of listeners) listener({ ...event, seq: n });
  };
  return { service, scans, jobs, report };
}

describe('pattern watch’s scheduling', () => {
  it('scans a log under a steady stream of reports, but no more often than its least interval', async () => {
    const { service, scans, report } = watch({ debounceMs: 20, minIntervalMs: 300 });
    const started = performance.now();
    while (performance.now() - started < 1_200) {
      report();
      await sleep(5);
    }
    const elapsed = performance.now() - started;
    await service.close();
    // A debounce put off by every report would never scan while they keep coming.
    expect(scans.length).toBeGreaterThanOrEqual(2);
    expect(scans.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 1);
    for (let i = 1; i < scans.length; i++)
      expect((scans[i] ?? 0) - (scans[i - 1] ?? 0)).toBeGreaterThanOrEqual(295);
  });

  it('scans a burst once, after the debounce, when the log was quiet', async () => {
    const { service, scans, report } = watch({ debounceMs: 50, minIntervalMs: 10_000 });
    const started = performance.now();
    for (let i = 0; i < 20; i++) report();
    await sleep(400);
    await service.close();
    expect(scans).toHaveLength(1);
    expect((scans[0] ?? 0) - started).toBeGreaterThanOrEqual(45);
  });

  it('answers questions about now from one computation while the log is unchanged, and again after a report', async () => {
    const { service, jobs, report } = watch({ debounceMs: 60_000, minIntervalMs: 60_000 });
    const commander: Principal = {
      kind: 'user',
      id: 'commander',
      displayName: 'Commander',
      role: 'commander',
      sectors: [],
      source: null,
    };
    const ask = () =>
      Promise.all([
        service.clusters(commander, { days: 7 }),
        service.forecast(commander, { hours: 24, top: 50 }),
        service.hotspots(commander, { category: 'burglary' }),
      ]);
    await ask();
    await ask();
    await ask();
    expect(jobs.filter((kind) => kind === 'scan')).toHaveLength(1);
    expect(jobs.filter((kind) => kind === 'forecast')).toHaveLength(1);
    expect(jobs.filter((kind) => kind === 'hotspots')).toHaveLength(1);
    report();
    await ask();
    expect(jobs.filter((kind) => kind === 'scan')).toHaveLength(2);
    expect(jobs.filter((kind) => kind === 'forecast')).toHaveLength(2);
    // A question about a given moment is its own answer.
    await service.forecast(commander, {
      hours: 24,
      top: 50,
      at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(jobs.filter((kind) => kind === 'forecast')).toHaveLength(3);
    await service.close();
  });
});

describe('pattern watch’s events', () => {
  it('are stamped when they enter the log, not when their scan began', async () => {
    const scanStartedAt = Date.parse('2026-11-30T20:00:00.000Z');
    const scanMs = 40_000;
    let clock = scanStartedAt;
    const committed: NewMirsadEvent[] = [];
    const log = {
      onEvent: () => () => undefined,
      store: { listEntities: () => Promise.resolve([]), logsWithEntities: () => Promise.resolve([]) },
      serialised: <T>(work: () => Promise<T>) => work(),
      commit: (event: NewMirsadEvent) => {
        committed.push(event);
        return Promise.resolve();
      },
    } as unknown as EventLog;
    // The scan takes 40 s of the clock (a busy server) and finds one alerting series.
    const series = {
      pValue: 0.001,
      sectors: ['criminal-security'],
      categories: ['burglary'],
    } as unknown as FoundCluster;
    const pool = {
      run: () => {
        clock += scanMs;
        return Promise.resolve([series]);
      },
    } as unknown as PatternPool;
    const service = new PatternService(
      log,
      pool,
      new ExerciseRoster(),
      () => new Date(clock),
      DEFAULT_PATTERN_OPTIONS,
    );
    await service.lead();
    await service.scanNow(null);
    await service.close();
    const recordedAt = new Date(scanStartedAt + scanMs).toISOString();
    expect(committed.map((event) => event.type)).toEqual(['pattern.detected']);
    expect(committed[0]?.at).toBe(recordedAt);
    expect((committed[0]?.data as { pattern: Pattern }).pattern.detectedAt).toBe(recordedAt);
  });
});
