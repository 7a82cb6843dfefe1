// Benchmark: the room's page (map and list) holding 56 and 50,000 active incidents.
// Run from the root: `npm run bench:map` (or, after a build and `tsc -b e2e`,
// `node e2e/dist/bench/map.bench.js --counts 56,50000`; `--no-screenshots` for a shorter run,
// `--profile` for CPU profiles; `--burst reports` for a burst of new reports instead of updates).
// Prints figures; asserts nothing.
//
// For each size, a built server (TestServer) on its own port and data folder, its store seeded
// directly (the server stopped, the events written through the server's own SQLite store, the
// server started again), and Debian's Chromium at 1920×1080 showing the room to the duty
// commander. Measured in the page:
// - first full draw: from the moment the picture's answer (`GET /api/incidents?scope=active`)
//   had arrived to the first frame in which the map's clustered incident source was loaded
//   with clusters in it, the list showed rows and the header the whole count;
// - the JS heap after a forced GC (CDP), and the DOM's size;
// - how many frames the map draws while nothing changes (a still map should draw none);
// - a burst of 1,000 updates (acknowledging incidents over HTTP) in 5 s: frame times from
//   requestAnimationFrame, long tasks from a PerformanceObserver, and socket drops (the
//   connection state leaving `live`).
// - next to those frame times, from a Chromium trace (frameTrace.ts): the page's main-thread
//   work per frame, its longest task, how busy the GPU process was (SwiftShader draws WebGL
//   there, on the CPU), how many frames the compositor drew, and how many times the map drew
//   itself again; and the Long Animation Frames the page reported.
// The baselines, in the same run and browser: an empty page's frame times, and the room's own
// frame times while nothing happens.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import {
  incidentReportedEvent,
  reportedIncident,
  type NewIncident,
  type NewMirsadEvent,
} from '@mirsad/shared';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser.js';
import { startFrameTrace, type FrameWork } from './frameTrace.js';
import { TestServer } from '../support/server.js';

/** Updates in the burst, and the time they are spread over, in ms. */
const BURST_UPDATES = 1_000;
const BURST_MS = 5_000;
/** The driver's beat, in ms. */
const TICK_MS = 50;
/** Requests the driver lets wait for an answer before it skips a beat. */
const MAX_IN_FLIGHT = 64;
/** How long the frames of a quiet page are recorded, for the baselines, in ms. */
const QUIET_MS = 3_000;
/** How long the page may take to draw the picture before the run gives up on that size, in ms. */
const DRAW_TIMEOUT_MS = Number(process.env.MAP_BENCH_DRAW_TIMEOUT_MS ?? 240_000);
/** How long after the burst the page may take to receive its last event, in ms. */
const CATCH_UP_TIMEOUT_MS = 120_000;
/** Events written per transaction while seeding. */
const SEED_BATCH = 5_000;
/** The mock-data generator's seed, so every run draws the same incidents. */
const SEED = 11;
/** Reports spread over the last this many ms: most are overdue, the worst case for the list. */
const SEED_SPAN_MS = 6 * 3_600_000;

interface SeedingModules {
  generateIncidents: (options: { seed: number; count: number; start: Date; end: Date }) => NewIncident[];
  SqliteEventStore: {
    open(dir: string): Promise<{
      appendBatch(events: readonly NewMirsadEvent[]): Promise<unknown>;
      close(): Promise<void>;
    }>;
  };
}

/** The built mock-data generator and the server's store: the e2e package does not depend on them. */
async function seedingModules(): Promise<SeedingModules> {
  const root = new URL('../../../', import.meta.url);
  const mockData = (await import(new URL('mock-data/dist/index.js', root).href)) as Pick<
    SeedingModules,
    'generateIncidents'
  >;
  const store = (await import(new URL('server/dist/store/sqlite.store.js', root).href)) as Pick<
    SeedingModules,
    'SqliteEventStore'
  >;
  return { generateIncidents: mockData.generateIncidents, SqliteEventStore: store.SqliteEventStore };
}

/** Writes `count` reported incidents straight into a stopped server's store; returns them. */
async function seedStore(dataDir: string, count: number): Promise<Target[]> {
  const { generateIncidents, SqliteEventStore } = await seedingModules();
  const now = Date.now();
  const reports = generateIncidents({
    seed: SEED,
    count,
    start: new Date(now - SEED_SPAN_MS),
    end: new Date(now),
  });
  const store = await SqliteEventStore.open(dataDir);
  const targets: Target[] = [];
  try {
    for (let from = 0; from < reports.length; from += SEED_BATCH) {
      const batch = reports.slice(from, from + SEED_BATCH).map((report): NewMirsadEvent => {
        const at = report.reportedAt ?? new Date(now).toISOString();
        const incident = reportedIncident({
          id: randomUUID(),
          sector: report.sector,
          category: report.category,
          severity: report.severity,
          title: report.title,
          description: report.description,
          location: report.location,
          governorate: report.governorate ?? null,
          reportedAt: at,
          updatedAt: at,
          source: report.source,
          externalRef: report.externalRef,
          exerciseId: null,
        });
        targets.push({ id: incident.id, version: 1, severity: incident.severity });
        return incidentReportedEvent(incident, { id: randomUUID(), at, actor: 'source:bench' });
      });
      await store.appendBatch(batch);
    }
  } finally {
    await store.close();
  }
  return targets;
}

/** What the probe installed before the page loads keeps in `window.__mapBench`. */
interface Probe {
  longTasks: { start: number; duration: number }[];
  /** Long Animation Frames (frames over 50 ms): their length and the part no input could have run in. */
  longFrames: { start: number; duration: number; blockingDuration: number }[];
  drops: number;
  /** The highest `seq` seen in a `log.events` frame on the page's websocket. */
  receivedSeq: number;
  /**
   * The map's shader programs compiled when the picture's answer arrived (null: no map yet), so
   * that the run can say which were compiled after the data, on the path it times.
   */
  programsAtPicture: string[] | null;
  frames: number[] | null;
  /** React commits so far (every root), counted through the hook React DOM reports commits to. */
  commits: number;
}

/** Installs the page's probes: long tasks, socket drops, received events, frame times. */
async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe: Probe = {
      longTasks: [],
      longFrames: [],
      drops: 0,
      receivedSeq: 0,
      frames: null,
      programsAtPicture: null,
      commits: 0,
    };
    (window as unknown as { __mapBench: Probe }).__mapBench = probe;
    // React DOM reports each commit to the devtools' hook when one is there as it loads: a
    // stand-in that only counts them (what React reads of it, no more).
    (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      isDisabled: false,
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => undefined,
      onScheduleFiberRoot: () => undefined,
      onCommitFiberRoot: () => {
        probe.commits += 1;
      },
      onPostCommitFiberRoot: () => undefined,
      onCommitFiberUnmount: () => undefined,
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      if (!list.getEntries().some((entry) => entry.name.includes('/api/incidents?scope=active'))) return;
      const programs = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__?.painter
        ?.programCache?.programs;
      probe.programsAtPicture = programs ? Object.keys(programs) : null;
    }).observe({ type: 'resource' });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const { blockingDuration } = entry as PerformanceEntry & { blockingDuration: number };
        probe.longFrames.push({ start: entry.startTime, duration: entry.duration, blockingDuration });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    // The page's websocket frames, read for the highest event seq they carry (socket.io's
    // `42["log.events",[…]]`): when the page has received the whole burst.
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event: MessageEvent) => {
          if (typeof event.data !== 'string' || !event.data.startsWith('42["log.events"')) return;
          for (const match of event.data.matchAll(/"seq":(\d+)/g))
            probe.receivedSeq = Math.max(probe.receivedSeq, Number(match[1]));
        });
      }
    };
    let wasLive = false;
    const watch = (): void => {
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state');
        if (state === 'live') wasLive = true;
        else if (wasLive && state !== undefined && state !== null) {
          wasLive = false;
          probe.drops += 1;
        }
      }).observe(document.documentElement, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-state'],
        childList: true,
      });
    };
    document.addEventListener('DOMContentLoaded', watch);
  });
}

/** The little of MapLibre's map the benchmark reads (the e2e package does not depend on it). */
interface DrawnMap {
  isSourceLoaded(id: string): boolean;
  querySourceFeatures(id: string): unknown[];
  /** MapLibre's own, not its API: read only to count the shader programs compiled (each a long wait under SwiftShader). */
  painter?: { programCache?: { programs?: Record<string, unknown> } };
  on(event: 'render', listener: () => void): unknown;
  off(event: 'render', listener: () => void): unknown;
  getStyle(): { sources: Record<string, unknown> };
  getSource(id: string): unknown;
}

/**
 * Starts counting the frames the map draws (its 'render' events), until `mapRendersCounted`: a
 * still map draws none, and each one it does draw is a whole 1920×1080 WebGL frame (drawn on the
 * CPU under SwiftShader).
 */
const countMapRenders = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const map = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__;
    const probe = window as unknown as {
      __mapRenders?: number;
      __mapRenderListener?: () => void;
      __sourceUpdates?: Record<string, number>;
    };
    probe.__mapRenders = 0;
    probe.__mapRenderListener = () => {
      probe.__mapRenders = (probe.__mapRenders ?? 0) + 1;
    };
    map?.on('render', probe.__mapRenderListener);
    // The page's DOM changes, by the part of the page they fall in: each one has the compositor
    // raster and draw a frame again (in the GPU process, on the CPU under SwiftShader).
    const domChanges: Record<string, number> = {};
    (probe as { __domChanges?: Record<string, number> }).__domChanges = domChanges;
    (probe as { __domObserver?: MutationObserver }).__domObserver?.disconnect();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        const part = node?.closest('.maplibregl-map, section, header, aside, nav, [role="status"]');
        const name = part
          ? part.classList.contains('maplibregl-map')
            ? 'map labels'
            : (part.getAttribute('data-testid') ?? part.className.split(' ')[0] ?? part.tagName)
          : 'other';
        domChanges[name] = (domChanges[name] ?? 0) + 1;
      }
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    (probe as { __domObserver?: MutationObserver }).__domObserver = observer;
    // Each source's data changes, by source: the map draws again after each (once its worker
    // has tiled the data again), so frames drawn per update say what else has it draw.
    probe.__sourceUpdates = {};
    for (const id of Object.keys(map?.getStyle().sources ?? {})) {
      const source = map?.getSource(id) as (Record<string, unknown> & { __counted?: boolean }) | undefined;
      if (!source || source.__counted === true) continue;
      source.__counted = true;
      for (const method of ['setData', 'updateData'] as const) {
        const original = source[method];
        if (typeof original !== 'function') continue;
        source[method] = function (this: unknown, ...args: unknown[]): unknown {
          const counts = probe.__sourceUpdates ?? {};
          counts[id] = (counts[id] ?? 0) + 1;
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
    }
  });

const mapRendersCounted = (
  page: Page,
): Promise<{ renders: number; sourceUpdates: Record<string, number>; domChanges: Record<string, number> }> =>
  page.evaluate(() => {
    const map = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__;
    const probe = window as unknown as {
      __mapRenders?: number;
      __mapRenderListener?: () => void;
      __sourceUpdates?: Record<string, number>;
    };
    if (probe.__mapRenderListener) map?.off('render', probe.__mapRenderListener);
    const dom = probe as { __domChanges?: Record<string, number>; __domObserver?: MutationObserver };
    dom.__domObserver?.disconnect();
    return {
      renders: probe.__mapRenders ?? 0,
      sourceUpdates: probe.__sourceUpdates ?? {},
      domChanges: dom.__domChanges ?? {},
    };
  });

/** Records requestAnimationFrame intervals in the page until `stopFrames`. */
const startFrames = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const probe = (window as unknown as { __mapBench: Probe }).__mapBench;
    const frames: number[] = [];
    probe.frames = frames;
    let last = performance.now();
    const tick = (now: number): void => {
      if (probe.frames !== frames) return;
      frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

const stopFrames = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const probe = (window as unknown as { __mapBench: Probe }).__mapBench;
    const frames = probe.frames ?? [];
    probe.frames = null;
    return frames;
  });

/** How many shader programs the map has compiled so far, or null if MapLibre no longer keeps them where this looks. */
const programsCompiled = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    const programs = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__?.painter
      ?.programCache?.programs;
    return programs ? Object.keys(programs).length : null;
  });

/** How many shader programs were compiled before the picture arrived, and which after. */
async function programsAfterPicture(page: Page): Promise<string> {
  const { atPicture, now } = await page.evaluate(() => ({
    atPicture: (window as unknown as { __mapBench: Probe }).__mapBench.programsAtPicture,
    now: Object.keys(
      (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__?.painter?.programCache?.programs ??
        {},
    ),
  }));
  const after = now.filter((name) => !(atPicture ?? []).includes(name));
  return `${atPicture === null ? 'no map yet' : atPicture.length} before the picture arrived, ${after.length} after${
    after.length > 0 ? `: ${after.map((name) => name.split('/').slice(0, 2).join('/')).join(', ')}` : ''
  }`;
}

const probeOf = (page: Page): Promise<Probe> =>
  page.evaluate(() => (window as unknown as { __mapBench: Probe }).__mapBench);

/** Frame times of a page left alone for QUIET_MS. */
async function quietFrames(page: Page): Promise<number[]> {
  await startFrames(page);
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  return stopFrames(page);
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
const frameRow = (frames: readonly number[]): string =>
  `p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(Math.max(...frames))} (${frames.length} frames)`;
const share = (value: number | null): string => (value === null ? '?' : `${(value * 100).toFixed(0)} %`);
/** A traced window in one line: the page's own work per frame, then the GPU side's. */
const workRow = (work: FrameWork | null): string =>
  work === null
    ? 'no trace'
    : [
        `frame tasks ${frameRow(work.frameTasks)}`,
        `all work between frames ${frameRow(work.workPerFrame)}`,
        `other tasks p95 ${ms(percentile(work.otherTasks, 95))}, longest task of all ${ms(work.longestTaskMs)}`,
        `busy: main thread ${share(work.mainBusy)}, GPU process ${share(work.gpuBusy)}, Viz ${share(work.vizBusy)} of ${ms(work.windowMs)}; ${work.drawnFrames} compositor frames drawn`,
        ...(work.gpuWork === null
          ? []
          : [
              `GPU main thread's work: ${work.gpuWork
                .slice(0, 8)
                .map(([name, total]) => `${name} ${ms(total)}`)
                .join(', ')}`,
            ]),
        ...(work.frameWork === null
          ? []
          : [
              `main thread's frame tasks ran: ${work.frameWork
                .slice(0, 10)
                .map(([name, total]) => `${name} ${ms(total)}`)
                .join(', ')}`,
            ]),
      ].join('\n      ');

/** Frame times and, traced at the same time, the main thread's work per frame, of a page left alone. */
async function tracedQuietFrames(
  page: Page,
  cdp: CDPSession,
): Promise<{ frames: number[]; work: FrameWork | null }> {
  const trace = isTracing ? await startFrameTrace(cdp) : null;
  const frames = await quietFrames(page);
  return { frames, work: (await trace?.stop()) ?? null };
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time so far of this run's Chromium processes by their kind (`gpu-process`, `renderer`),
 * in ms, from /proc: unlike a share of wall time, it does not grow with the machine's load, so
 * runs on a busy machine can be compared. Only descendants of this process are counted (other
 * runs' browsers may be open beside it); null off Linux.
 */
function chromiumCpuMs(): Record<string, number> | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const parentOf = new Map<number, number>();
  const stats = new Map<number, { kind: string; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command's name (field 2) may hold spaces: the fields after it follow its ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(pid, Number(fields[1]));
      const kind = /--type=([\w-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
      if (kind) stats.set(pid, { kind, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while being read.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let at = parentOf.get(pid); at !== undefined && at > 1; at = parentOf.get(at))
      if (at === process.pid) return true;
    return false;
  };
  const byKind: Record<string, number> = {};
  for (const [pid, { kind, ticks }] of stats)
    if (isOurs(pid)) byKind[kind] = (byKind[kind] ?? 0) + (ticks * 1_000) / CLOCK_TICKS_PER_S;
  return byKind;
}

/** CPU ms each kind of Chromium process spent from `before` to now. */
function chromiumCpuSince(before: Record<string, number> | null): Record<string, number> | null {
  const now = chromiumCpuMs();
  if (!now || !before) return null;
  return Object.fromEntries(Object.entries(now).map(([kind, value]) => [kind, value - (before[kind] ?? 0)]));
}

/** The page's JS heap after a full garbage collection, in bytes. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * Waits for the first frame in which the room has drawn the whole picture; returns how long
 * after the picture's answer arrived that was, and after navigation started, in ms.
 */
async function firstFullDraw(
  page: Page,
  count: number,
): Promise<{ afterData: number; afterStart: number } | { notDrawn: string }> {
  const shownCount = count.toLocaleString('en');
  const isDrawn = await page
    .waitForFunction(
      (text) => {
        const map = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__;
        const isListDrawn = document.querySelector('[data-testid="incident-item"]') !== null;
        const isCounted =
          document.querySelector('.incident-list__count')?.textContent.includes(text) ?? false;
        if (!map || !isListDrawn || !isCounted || !map.isSourceLoaded('incident-clusters')) return false;
        return map.querySourceFeatures('incident-clusters').length > 0;
      },
      shownCount,
      { timeout: DRAW_TIMEOUT_MS, polling: 'raf' },
    )
    .then(() => true)
    .catch(() => false);
  if (!isDrawn) {
    // Say which part never came; the run goes on to measure the page as it is.
    const state = await page.evaluate(() => {
      const map = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__;
      return {
        hasMap: map !== undefined,
        isSourceLoaded: map?.isSourceLoaded('incident-clusters'),
        features: map?.querySourceFeatures('incident-clusters').length,
        rows: document.querySelectorAll('[data-testid="incident-item"]').length,
        count: document.querySelector('.incident-list__count')?.textContent,
      };
    });
    return { notDrawn: `not drawn within ${DRAW_TIMEOUT_MS} ms: ${JSON.stringify(state)}` };
  }
  return page.evaluate(() => {
    const now = performance.now();
    const picture = performance
      .getEntriesByType('resource')
      .find((entry) => entry.name.includes('/api/incidents?scope=active')) as
      PerformanceResourceTiming | undefined;
    return { afterData: now - (picture?.responseEnd ?? Number.NaN), afterStart: now };
  });
}

/** A seeded incident as the burst's driver last left it. */
interface Target {
  id: string;
  version: number;
  severity: number;
}

/**
 * `--burst reports`: the burst is BURST_UPDATES new reports (new incidents: the
 * list's top, the header's counts and the clusters change) instead of updates to seeded ones,
 * which at 50,000 mostly touch incidents the opening view shows only inside clusters.
 */
const isBurstOfReports = process.argv[process.argv.indexOf('--burst') + 1] === 'reports';

/** The burst's new reports: reported in the last minute, seeded like the rest. */
async function burstReports(): Promise<NewIncident[]> {
  const { generateIncidents } = await seedingModules();
  const now = Date.now();
  return generateIncidents({
    seed: SEED + 1,
    count: BURST_UPDATES,
    start: new Date(now - 60_000),
    end: new Date(now),
  });
}

/**
 * BURST_UPDATES updates over BURST_MS, over HTTP as the commander: each incident is first
 * acknowledged, then its severity moves by one (and back), so a small picture takes the same
 * burst as a large one. An incident waits for its last update's answer before its next.
 * With `--burst reports`, new reports instead (see `isBurstOfReports`).
 */
async function burst(
  server: TestServer,
  cookie: string,
  targets: readonly Target[],
): Promise<{ committed: number; failed: number; sentInMs: number }> {
  const perBeat = Math.ceil((BURST_UPDATES * TICK_MS) / BURST_MS);
  const reports = isBurstOfReports ? await burstReports() : null;
  const ready = [...targets];
  let sent = 0;
  let inFlight = 0;
  let committed = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  const started = Date.now();
  const update = async (target: Target): Promise<void> => {
    const severity = target.severity >= 3 ? target.severity - 1 : target.severity + 1;
    const patch =
      target.version === 1 ? { version: 1, status: 'acknowledged' } : { version: target.version, severity };
    try {
      const answer = await server.api('PATCH', `/api/incidents/${target.id}`, patch, undefined, cookie);
      if (answer.status >= 300) {
        failed += 1;
        return;
      }
      committed += 1;
      const body = answer.body as { version: number; severity: number };
      ready.push({ id: target.id, version: body.version, severity: body.severity });
    } catch {
      failed += 1;
    } finally {
      inFlight -= 1;
    }
  };
  const report = async (body: NewIncident): Promise<void> => {
    try {
      // As the commander, who may report for every sector: the feed key minted at the server's
      // start is not in a store copied from another run's (see `seedServer`).
      const answer = await server.api('POST', '/api/incidents', body, undefined, cookie);
      if (answer.status >= 300) failed += 1;
      else committed += 1;
    } catch {
      failed += 1;
    } finally {
      inFlight -= 1;
    }
  };
  while (sent < BURST_UPDATES) {
    for (let n = 0; n < perBeat && sent < BURST_UPDATES && inFlight < MAX_IN_FLIGHT; n += 1) {
      if (reports) {
        const body = reports[sent];
        if (!body) break;
        sent += 1;
        inFlight += 1;
        pending.push(report(body));
        continue;
      }
      const target = ready.shift();
      if (!target) break;
      sent += 1;
      inFlight += 1;
      pending.push(update(target));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const sentInMs = Date.now() - started;
  await Promise.all(pending);
  return { committed, failed, sentInMs };
}

/**
 * A seeded data folder per size, kept for the run: each build of `--web-dists` starts from a
 * copy of the same store (seeding 50,000 takes a minute or more of a core), and a burst's
 * updates, which move the incidents' versions on, never reach the next run's store.
 */
const seeded = new Map<number, { dir: string; targets: Target[] }>();

/** Fills a stopped server's data folder with `count` reported incidents; returns them. */
async function seedServer(server: TestServer, count: number): Promise<Target[]> {
  const held = seeded.get(count);
  if (held) {
    // Nothing of the fresh server's own start may stay beside the copy (a write-ahead log).
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.cpSync(held.dir, server.dataDir, { recursive: true });
    return held.targets;
  }
  const seedStarted = performance.now();
  const targets = await seedStore(server.dataDir, count);
  console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  if (webDists.length > 1 || rounds > 1) {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/map-bench-seed-`);
    fs.cpSync(server.dataDir, dir, { recursive: true });
    seeded.set(count, { dir, targets });
  }
  return targets;
}

/** The figures of a burst that `--web-dists` compares, one row per run. */
interface BurstRow {
  webDist: string;
  count: number;
  gpuBusy: number | null;
  mainBusy: number | null;
  /** CPU time of the GPU process and of the renderers in the burst, in ms. */
  gpuCpuMs: number | null;
  rendererCpuMs: number | null;
  compositorFrames: number | null;
  mapFrames: number;
  /** Data changes given to the map's sources in the burst. */
  sourceUpdates: number;
  /** React commits in the burst. */
  commits: number;
  frameTaskP95: number | null;
  longestTask: number | null;
  longTasks: number;
  longTaskMax: number;
  rafP95: number;
  load: string;
}
const burstRows: BurstRow[] = [];

async function measureRoom(
  browser: Browser,
  count: number,
  empty: { frames: number[]; work: FrameWork | null },
  webDist: string | null,
): Promise<void> {
  console.log(
    `\n--- ${count.toLocaleString('en')} active incidents${webDist === null ? '' : `, web app from ${webDist}`} ---`,
  );
  const server = await TestServer.start({
    LOG_LEVEL: 'error',
    ...(webDist === null ? {} : { WEB_DIST: webDist }),
  });
  try {
    await server.kill();
    const targets = await seedServer(server, count);
    await server.restart();
    const cookie = await server.login('commander');
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
      timezoneId: 'Asia/Kuwait',
    });
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await installProbe(page);
    const cdp = await context.newCDPSession(page);
    if (isProfiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.goto(`${server.url}/?lang=en`);
    const draw = await firstFullDraw(page, count);
    if (isProfiling) {
      const { profile } = await cdp.send('Profiler.stop');
      // The profile's clock is not the page's: its end is taken as the page's clock now, to
      // within the round trip, so that the part after the picture's answer can be told apart.
      const { now, arrived } = await page.evaluate(() => ({
        now: performance.now(),
        arrived:
          (
            performance
              .getEntriesByType('resource')
              .find((entry) => entry.name.includes('/api/incidents?scope=active')) as
              PerformanceResourceTiming | undefined
          )?.responseEnd ?? 0,
      }));
      printProfile('until the first full draw', profile);
      printProfile('after the picture arrived', profile, (now - arrived) * 1_000);
      const file = `${os.tmpdir()}/map-bench-${count}-draw.cpuprofile`;
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`profile until the draw written to ${file} (Chromium's devtools open it)`);
      console.log(
        `shader programs by the draw: ${await page.evaluate(() =>
          Object.keys(
            (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__?.painter?.programCache
              ?.programs ?? {},
          ).join(' | '),
        )}`,
      );
    }
    const isLive = await page
      .getByTestId('connection-state')
      .and(page.locator('[data-state="live"]'))
      .waitFor({ timeout: DRAW_TIMEOUT_MS })
      .then(() => true)
      .catch(() => false);
    if (!isLive) console.log(`the page did not go live within ${DRAW_TIMEOUT_MS} ms of the draw`);
    const heap = await heapAfterGc(cdp);
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    if (isDrawOnly) {
      const loadTasks = (await probeOf(page)).longTasks;
      console.log(
        'notDrawn' in draw
          ? `first full draw            ${draw.notDrawn}`
          : `first full draw            ${ms(draw.afterData)} after the picture arrived (${ms(draw.afterStart)} after navigation)`,
      );
      console.log(`JS heap after GC           ${mb(heap)} after the draw`);
      console.log(`shader programs compiled   ${await programsAfterPicture(page)}`);
      console.log(
        `long tasks while loading   ${loadTasks.length}, max ${ms(Math.max(0, ...loadTasks.map((t) => t.duration)))}`,
      );
      console.log(`load average               ${loadAverage()}`);
      if (errors.length > 0) console.log(`page errors                ${errors.slice(0, 3).join(' | ')}`);
      await context.close();
      return;
    }
    await countMapRenders(page);
    const { frames: idle, work: idleWork } = await tracedQuietFrames(page, cdp);
    const { renders: idleRenders } = await mapRendersCounted(page);

    const programsAtRest = await programsCompiled(page);
    const headBefore = ((await (await fetch(`${server.url}/api/health`)).json()) as { headSeq: number })
      .headSeq;
    const probeBefore = await probeOf(page);
    const burstStart = await page.evaluate(() => performance.now());
    await countMapRenders(page);
    const burstTrace = isTracing ? await startFrameTrace(cdp, isTracingGpu, isTracingMain) : null;
    const cpuBefore = chromiumCpuMs();
    await startFrames(page);
    if (isProfiling) await cdp.send('Profiler.start');
    const sent = await burst(server, cookie, targets);
    const head = ((await (await fetch(`${server.url}/api/health`)).json()) as { headSeq: number }).headSeq;
    const caughtUp = await page
      .waitForFunction(
        (seq) => (window as unknown as { __mapBench: Probe }).__mapBench.receivedSeq >= seq,
        head,
        { timeout: CATCH_UP_TIMEOUT_MS },
      )
      .then(() => true)
      .catch(() => false);
    // One more second: the events received last are applied and drawn within it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const frames = await stopFrames(page);
    const burstCpu = chromiumCpuSince(cpuBefore);
    const burstWork = (await burstTrace?.stop()) ?? null;
    const { renders: burstRenders, sourceUpdates, domChanges } = await mapRendersCounted(page);
    if (isProfiling) {
      const { profile } = await cdp.send('Profiler.stop');
      printProfile('in the burst', profile);
      const file = `${os.tmpdir()}/map-bench-${count}-burst.cpuprofile`;
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`profile of the burst written to ${file} (Chromium's devtools open it)`);
    }
    const burstEnd = await page.evaluate(() => performance.now());
    const probe = await probeOf(page);
    const burstTasks = probe.longTasks.filter((task) => task.start >= burstStart && task.start <= burstEnd);
    const burstLongFrames = probe.longFrames.filter(
      (frame) => frame.start >= burstStart && frame.start <= burstEnd,
    );
    const loadTasks = probe.longTasks.filter((task) => task.start < burstStart);
    const heapAfter = await heapAfterGc(cdp);
    const programsAfter = await programsCompiled(page);

    console.log(
      'notDrawn' in draw
        ? `first full draw            ${draw.notDrawn}`
        : `first full draw            ${ms(draw.afterData)} after the picture arrived (${ms(draw.afterStart)} after navigation)`,
    );

    console.log(`JS heap after GC           ${mb(heap)} after the draw, ${mb(heapAfter)} after the burst`);
    console.log(`DOM elements               ${domNodes.toLocaleString('en')}`);
    console.log(
      `shader programs compiled   ${programsAtRest ?? '?'} by the draw, ${programsAfter ?? '?'} after the burst`,
    );
    console.log(`                           ${await programsAfterPicture(page)}`);
    console.log(
      `long tasks while loading   ${loadTasks.length}, max ${ms(Math.max(0, ...loadTasks.map((t) => t.duration)))}`,
    );
    console.log(`frames, empty page         ${frameRow(empty.frames)}   (baseline)`);
    console.log(`frames, room at rest       ${frameRow(idle)}`);
    console.log(`main-thread work per frame (traced, so a little slower than untraced):`);
    console.log(`  empty page               ${workRow(empty.work)}   (baseline)`);
    console.log(`  room at rest             ${workRow(idleWork)}`);
    console.log(`  during the burst         ${workRow(burstWork)}`);
    console.log(`map frames drawn at rest   ${idleRenders} in ${QUIET_MS / 1000} s (a still map draws none)`);
    console.log(
      `burst                      ${sent.committed} updates committed, ${sent.failed} failed, sent in ${sent.sentInMs} ms; head ${headBefore} → ${head}; page ${caughtUp ? 'received them all' : 'did NOT receive them all'}`,
    );
    console.log(`frames, during the burst   ${frameRow(frames)}`);
    console.log(
      `map frames drawn in burst  ${burstRenders} in ${ms(burstEnd - burstStart)} (each a whole WebGL frame)`,
    );
    console.log(
      `DOM changes in the burst   ${
        Object.entries(domChanges)
          .sort((a, b) => b[1] - a[1])
          .map(([part, n]) => `${part} ${n}`)
          .join(', ') || 'none'
      } (mutation records)`,
    );
    console.log(
      `map sources' data changes ${
        Object.entries(sourceUpdates)
          .map(([id, n]) => `${id} ${n}`)
          .join(', ') || 'none'
      }`,
    );
    console.log(
      `long animation frames      ${burstLongFrames.length} in the burst, max ${ms(Math.max(0, ...burstLongFrames.map((f) => f.duration)))}, max blocking ${ms(Math.max(0, ...burstLongFrames.map((f) => f.blockingDuration)))}`,
    );
    console.log(
      `long tasks in the burst    ${burstTasks.length}, max ${ms(Math.max(0, ...burstTasks.map((t) => t.duration)))}, total ${ms(burstTasks.reduce((sum, t) => sum + t.duration, 0))}`,
    );
    console.log(
      `Chromium CPU in the burst  ${
        burstCpu === null
          ? '?'
          : `GPU process ${ms(burstCpu['gpu-process'] ?? 0)}, renderers ${ms(burstCpu.renderer ?? 0)} (CPU time, all threads; includes the trace's own cost)`
      }`,
    );
    console.log(`load average               ${loadAverage()}`);
    burstRows.push({
      gpuCpuMs: burstCpu?.['gpu-process'] ?? null,
      rendererCpuMs: burstCpu?.renderer ?? null,
      webDist: webDist ?? 'web/dist',
      count,
      gpuBusy: burstWork?.gpuBusy ?? null,
      mainBusy: burstWork?.mainBusy ?? null,
      compositorFrames: burstWork?.drawnFrames ?? null,
      mapFrames: burstRenders,
      sourceUpdates: Object.values(sourceUpdates).reduce((sum, n) => sum + n, 0),
      commits: probe.commits - probeBefore.commits,
      frameTaskP95: burstWork ? percentile(burstWork.frameTasks, 95) : null,
      longestTask: burstWork?.longestTaskMs ?? null,
      longTasks: burstTasks.length,
      longTaskMax: Math.max(0, ...burstTasks.map((t) => t.duration)),
      rafP95: percentile(frames, 95),
      load: os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(', '),
    });
    console.log(
      `socket drops               ${probe.drops - probeBefore.drops} in the burst, ${probe.drops} in all`,
    );
    console.log(`React commits in the burst ${probe.commits - probeBefore.commits}`);
    if (errors.length > 0) console.log(`page errors                ${errors.slice(0, 3).join(' | ')}`);
    if (isTakingScreenshots)
      console.log(
        `screenshots                ${(await roomScreenshots(browser, page, server.url, cookie, count)).join(', ')}`,
      );
    await context.close();
  } finally {
    await server.stop();
  }
}

/**
 * The room as the benchmark left it, in English and in Arabic (git-ignored, to be looked at):
 * the map's clusters, the top of the list, and the list scrolled halfway down, at 1920×1080;
 * then the room loaded afresh in a 1366×768 page, as a laptop opens it.
 */
async function roomScreenshots(
  browser: Browser,
  page: Page,
  baseUrl: string,
  cookie: string,
  count: number,
): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const lang of ['en', 'ar'] as const) {
    if (lang === 'ar') await openRoom(page, baseUrl, lang);
    await waitForClusters(page);
    const top = `${SCREENSHOT_DIR}/room-${count}-${lang}.png`;
    await page.screenshot({ path: top });
    await page.locator('.incident-list__scroll').evaluate((list) => {
      list.scrollTop = list.scrollHeight / 2;
    });
    await page.getByTestId('incident-item').first().waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const scrolled = `${SCREENSHOT_DIR}/room-${count}-${lang}-scrolled.png`;
    await page.screenshot({ path: scrolled });
    // A page that opened at the laptop's size, so the map fitted Kuwait to its own canvas: a
    // 1920 page resized keeps the 1920 page's centre and zoom, and cuts Kuwait off.
    const laptop = await browser.newContext({
      viewport: VIEWPORTS.laptop,
      deviceScaleFactor: 1,
      locale: 'en-GB',
      timezoneId: 'Asia/Kuwait',
    });
    try {
      const [name, value] = cookie.split('=');
      await laptop.addCookies([{ name: name ?? '', value: value ?? '', url: baseUrl }]);
      const small = await laptop.newPage();
      await openRoom(small, baseUrl, lang);
      await waitForClusters(small);
      const file = `${SCREENSHOT_DIR}/room-${count}-${lang}-1366.png`;
      await small.screenshot({ path: file });
      files.push(top, scrolled, file);
    } finally {
      await laptop.close();
    }
  }
  return files;
}

/** Loads the room in a language and waits for its socket to be live. */
async function openRoom(page: Page, baseUrl: string, lang: 'en' | 'ar'): Promise<void> {
  await page.goto(`${baseUrl}/?lang=${lang}`);
  await page.locator(`html[dir="${lang === 'ar' ? 'rtl' : 'ltr'}"]`).waitFor({ timeout: DRAW_TIMEOUT_MS });
  await page
    .getByTestId('connection-state')
    .and(page.locator('[data-state="live"]'))
    .waitFor({ timeout: DRAW_TIMEOUT_MS });
}

/** Waits for the map to draw its clusters and their counts, then a little for the last tiles. */
async function waitForClusters(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (window as unknown as { __MIRSAD_MAP__?: DrawnMap }).__MIRSAD_MAP__;
      return (
        map?.isSourceLoaded('incident-clusters') === true &&
        document.querySelector('.map-label--cluster') !== null
      );
    },
    undefined,
    { timeout: DRAW_TIMEOUT_MS, polling: 500 },
  );
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}

const loadAverage = (): string =>
  `${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(', ')} (1, 5, 15 min) on ${os.cpus().length} cores`;

/** `--draw-only`: the first draw alone (no rest, burst or screenshots), for A/B runs of the loading path. */
const isDrawOnly = process.argv.includes('--draw-only');

/** `--no-screenshots`: a shorter run, without loading the room again in Arabic for its screenshots. */
const isTakingScreenshots = !process.argv.includes('--no-screenshots');

/** `--no-trace`: no Chromium trace (to see what tracing itself costs the page). */
const isTracing = !process.argv.includes('--no-trace');

/**
 * `--web-dists a,b`: built web apps to compare (`vite build --outDir a`), each served in turn by
 * the run's servers (WEB_DIST) from a copy of the same seeded store, alternated `--rounds` times
 * so that the machine's load falls on each alike; a table of the bursts' figures ends the run.
 */
const webDists: (string | null)[] = (() => {
  const at = process.argv.indexOf('--web-dists');
  return at === -1 ? [null] : (process.argv[at + 1] ?? '').split(',').filter((dir) => dir !== '');
})();
const rounds = (() => {
  const at = process.argv.indexOf('--rounds');
  const value = at === -1 ? 1 : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error('--rounds takes a positive whole number');
  return value;
})();

/** The bursts' figures side by side, one row per run, for `--web-dists`. */
function printBurstRows(): void {
  if (burstRows.length < 2) return;
  const cell = (value: number | null, unit: string, digits = 1): string =>
    value === null ? '?' : `${value.toFixed(digits)}${unit}`;
  console.log(
    '\nbursts side by side (CPU ms of the GPU process and renderers, GPU/main busy %, compositor frames, map frames, React commits, frame task p95, longest task, long tasks >50 ms: count/max, rAF p95; load 1/5/15 min):',
  );
  for (const row of burstRows)
    console.log(
      [
        `${row.count}`.padStart(6),
        row.webDist.padEnd(24),
        `GPU CPU ${cell(row.gpuCpuMs, ' ms', 0)}`,
        `renderer CPU ${cell(row.rendererCpuMs, ' ms', 0)}`,
        `GPU ${cell(row.gpuBusy === null ? null : row.gpuBusy * 100, ' %', 0)}`,
        `main ${cell(row.mainBusy === null ? null : row.mainBusy * 100, ' %', 0)}`,
        `comp ${row.compositorFrames ?? '?'}`,
        `map ${row.mapFrames} for ${row.sourceUpdates} source updates`,
        `commits ${row.commits}`,
        `task p95 ${cell(row.frameTaskP95, ' ms')}`,
        `longest ${cell(row.longestTask, ' ms')}`,
        `long ${row.longTasks}/${cell(row.longTaskMax, ' ms', 0)}`,
        `rAF p95 ${cell(row.rafP95, ' ms', 0)}`,
        `load ${row.load}`,
      ].join(' | '),
    );
}

/** `--trace-gpu`: the burst's trace also says what the GPU process's main thread ran (its own categories, which cost it a little). */
const isTracingGpu = process.argv.includes('--trace-gpu');

/** `--trace-main`: the burst's trace also says what the page's frame tasks ran (script, style, layout, paint), which costs the page a little. */
const isTracingMain = process.argv.includes('--trace-main');

/** `--profile`: CPU profiles of the page until its first draw and during the burst, their heaviest functions printed. */
const isProfiling = process.argv.includes('--profile');

/** Prints the functions that took the most time of a CPU profile, by self time. */
function printProfile(
  when: string,
  profile: {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    }[];
    startTime: number;
    endTime: number;
    samples?: number[];
    timeDeltas?: number[];
  },
  /** Only the samples within this many µs of the profile's end; all of them without. */
  lastUs = Number.POSITIVE_INFINITY,
): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  const from = profile.endTime - lastUs;
  let at = profile.startTime;
  (profile.samples ?? []).forEach((id, index) => {
    at += profile.timeDeltas?.[index] ?? 0;
    const frame = nodes.get(id)?.callFrame;
    if (!frame || at < from) return;
    // With the column: the built bundles are a few long lines.
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}:${frame.columnNumber}`;
    selfMs.set(name, (selfMs.get(name) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1_000);
  });
  console.log(`heaviest functions ${when} (self time):`);
  for (const [name, total] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${ms(total).padStart(10)}  ${name}`);
}

function countsArg(): number[] {
  const at = process.argv.indexOf('--counts');
  const value = at === -1 ? '56,50000' : (process.argv[at + 1] ?? '');
  const counts = value.split(',').map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count <= 0))
    throw new Error('--counts takes a comma list of positive whole numbers');
  return counts;
}

async function main(): Promise<void> {
  const counts = countsArg();
  console.log(
    `Map benchmark: the room at 1920×1080 with ${counts.map((c) => c.toLocaleString('en')).join(' and ')} incidents`,
  );
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    });
    const blank = await context.newPage();
    await installProbe(blank);
    await blank.goto('data:text/html,<!doctype html><title>empty</title>');
    const empty = await tracedQuietFrames(blank, await context.newCDPSession(blank));
    await context.close();
    for (const count of counts)
      for (let round = 0; round < rounds; round += 1)
        for (const webDist of webDists) await measureRoom(browser, count, empty, webDist);
    printBurstRows();
  } finally {
    for (const { dir } of seeded.values()) fs.rmSync(dir, { recursive: true, force: true });
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
