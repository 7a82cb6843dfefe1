// Shared by the benchmarks: a cached synthetic log (a million events take minutes to write, so
// they are written once and kept under node_modules/.cache), a server configuration, and
// percentiles. Benchmarks print figures; they assert nothing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  incidentReportedEvent,
  reportedIncident,
  type Incident,
  type IncidentStatus,
  type NewMirsadEvent,
  type Principal,
} from '@mirsad/shared';
import { createRandom, generateIncidents } from '@mirsad/mock-data';
import { EventLog } from '../event-log.js';
import { ReplayService, SNAPSHOT_INTERVAL_EVENTS } from '../review/replay.service.js';
import { SQLITE_FILE } from '../store/sqlite.database.js';
import { SqliteEventStore } from '../store/sqlite.store.js';

/** Where benchmark logs are kept between runs, and where runs put their working copies (the same disk). */
export const BENCH_DIR = fileURLToPath(
  new URL('../../../node_modules/.cache/mirsad-bench/', import.meta.url),
);

/** The synthetic log spans this long, ms. */
export const LOG_SPAN_MS = 30 * 24 * 3_600_000;
/** The synthetic log's first event. */
export const LOG_START_MS = Date.parse('2026-10-01T00:00:00Z');
/** Bumped when the generator changes, so an old cached log is not mistaken for a new one. */
const GENERATOR_VERSION = 1;
const WRITE_BATCH_EVENTS = 10_000;
const PATH: IncidentStatus[] = ['reported', 'acknowledged', 'dispatched', 'on_scene', 'contained', 'closed'];

/** The person the benchmarks act as when they set a server up. */
export const BENCH_ADMIN: Principal = {
  kind: 'user',
  id: 'bench',
  displayName: 'Bench',
  role: 'admin',
  sectors: [],
  source: null,
};

/** The value at the p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** A fresh working folder on the benchmarks' disk. */
export function runDir(name: string): string {
  const dir = path.join(BENCH_DIR, 'runs', `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `total` events over 30 days: a few hundred to 2,000 incidents open at a time, each walking the workflow. */
async function writeLog(dataDir: string, total: number): Promise<void> {
  const store = await SqliteEventStore.open(dataDir);
  // The file is renamed into place only when complete, so a crash while writing it loses nothing;
  // a large page cache keeps the random inserts into the id indexes off the disk.
  store.db.pragma('synchronous = OFF');
  store.db.pragma('cache_size = -262144');
  const log = new EventLog(store);
  const replay = new ReplayService(store);
  await replay.start(log);
  const random = createRandom(7);
  const templates = generateIncidents({ seed: 7, count: 2_000, start: new Date(0), end: new Date(0) });
  const open: Incident[] = [];
  let written = 0;
  const started = performance.now();
  while (written < total) {
    const batch: NewMirsadEvent[] = [];
    while (batch.length < WRITE_BATCH_EVENTS && written + batch.length < total) {
      const at = new Date(LOG_START_MS + ((written + batch.length) / total) * LOG_SPAN_MS).toISOString();
      if (open.length < 300 || (open.length < 2_000 && random.chance(0.15))) {
        const template = random.pick(templates);
        const incident = reportedIncident({
          id: randomUUID(),
          sector: template.sector,
          category: template.category,
          severity: template.severity,
          title: template.title,
          description: template.description,
          location: template.location,
          governorate: null,
          reportedAt: at,
          updatedAt: at,
          source: 'bench',
          externalRef: null,
          exerciseId: null,
        });
        open.push(incident);
        batch.push(incidentReportedEvent(incident, { id: randomUUID(), at, actor: 'source:bench' }));
      } else {
        const index = random.int(0, open.length - 1);
        const current = open[index];
        if (!current) continue;
        const next = PATH[PATH.indexOf(current.status) + 1] ?? 'closed';
        const incident: Incident = { ...current, status: next, version: current.version + 1, updatedAt: at };
        if (next === 'closed') open.splice(index, 1);
        else open[index] = incident;
        batch.push({
          id: randomUUID(),
          type: 'incident.updated',
          at,
          actor: 'user:bench',
          exerciseId: null,
          sectors: [incident.sector],
          data: { incident, changes: { status: next }, previousVersion: current.version, reason: null },
        });
      }
    }
    await log.serialised(() => log.commitBatch(batch));
    written += batch.length;
    if (written % 100_000 === 0)
      console.log(
        `  wrote ${written.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  await replay.drain();
  // Everything into the one file, so that a copy of it is the whole log.
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const head = await store.headSeq();
  await store.close();
  if (head !== total) throw new Error(`the log in ${dataDir} ends at ${head}, not ${total}`);
}

/**
 * The folder of a cached log of `total` events (snapshots included, at the server's interval),
 * written first when absent. Open a copy (`copyLog`), never the cached file itself.
 */
export async function cachedLog(total: number): Promise<string> {
  const dir = path.join(BENCH_DIR, `log-${total}-snap${SNAPSHOT_INTERVAL_EVENTS}-v${GENERATOR_VERSION}`);
  if (fs.existsSync(path.join(dir, SQLITE_FILE))) return dir;
  const partial = `${dir}.partial`;
  // The cache's own folder is absent in a fresh install; the partial folder alone is the lock.
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  try {
    fs.mkdirSync(partial, { recursive: false });
  } catch {
    throw new Error(`another run is writing ${partial} (remove it if none is)`);
  }
  console.log(
    `writing a log of ${total.toLocaleString('en')} events into ${dir} (once; kept for later runs)`,
  );
  const started = performance.now();
  try {
    await writeLog(partial, total);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  console.log(`  written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

/** Copies a cached log of `total` events into `dataDir` (nothing for 0), for a run that may write to it. */
export async function copyLog(total: number, dataDir: string): Promise<void> {
  if (total === 0) return;
  const source = await cachedLog(total);
  fs.copyFileSync(path.join(source, SQLITE_FILE), path.join(dataDir, SQLITE_FILE));
}
