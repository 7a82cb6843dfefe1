// The store of the stall benchmark: a month of a busy room's log (and one exercise), made once
// through the store's own append path and kept under node_modules/.cache, so that reruns start
// at once. Run alone to build it: `node server/dist/bench/stall.store.js [events]`.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  incidentReportedEvent,
  reportedIncident,
  type Exercise,
  type Incident,
  type IncidentStatus,
  type NewMirsadEvent,
} from '@mirsad/shared';
import { createRandom, generateIncidents } from '@mirsad/mock-data';
import { EventLog } from '../event-log.js';
import { ReplayService } from '../review/replay.service.js';
import { SQLITE_FILE } from '../store/sqlite.database.js';
import { SqliteEventStore } from '../store/sqlite.store.js';

/** Bumped when the generated log changes, so a cached store of an older shape is made again. */
const GENERATOR_VERSION = 1;
/** Events per transaction while generating. */
const BATCH_EVENTS = 10_000;
/** The live log's month. */
export const LOG_START_MS = Date.parse('2026-10-01T00:00:00Z');
export const LOG_SPAN_MS = 30 * 24 * 3_600_000;
/** The benchmark's exercise: two hours in the middle of the month, half the events of those hours. */
export const BENCH_EXERCISE_ID = 'ex-bench001';
const EXERCISE_START_MS = LOG_START_MS + 15 * 24 * 3_600_000;
const EXERCISE_SPAN_MS = 2 * 3_600_000;
const PATH: IncidentStatus[] = ['reported', 'acknowledged', 'dispatched', 'on_scene', 'contained', 'closed'];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the cached store of `events` events lives. */
export function cachedStoreDir(events: number): string {
  return path.join(ROOT, 'node_modules', '.cache', 'mirsad-bench-stall', `v${GENERATOR_VERSION}-${events}`);
}

/** A log being generated: a few hundred incidents open at once, moved through their workflow, with notes. */
class Generator {
  private readonly random = createRandom(11);
  private readonly templates = generateIncidents({
    seed: 11,
    count: 2_000,
    start: new Date(0),
    end: new Date(0),
  });
  private readonly open = new Map<string | null, Incident[]>([
    [null, []],
    [BENCH_EXERCISE_ID, []],
  ]);

  next(at: string, exerciseId: string | null): NewMirsadEvent {
    const open = this.open.get(exerciseId) ?? [];
    const actor = exerciseId ? 'user:trainee' : 'user:bench';
    if (open.length < 300 || (open.length < 2_000 && this.random.chance(0.15))) {
      const template = this.random.pick(this.templates);
      const incident = reportedIncident({
        id: randomUUID(),
        sector: template.sector,
        category: template.category,
        severity: template.severity,
        title: template.title,
        description: template.description,
        location: template.location,
        governorate: template.governorate ?? null,
        reportedAt: at,
        updatedAt: at,
        source: 'bench',
        externalRef: null,
        exerciseId,
      });
      open.push(incident);
      return incidentReportedEvent(incident, { id: randomUUID(), at, actor });
    }
    const index = this.random.int(0, open.length - 1);
    const current = open[index];
    if (!current) throw new Error('no open incident');
    if (this.random.chance(0.2)) {
      const note = {
        id: randomUUID(),
        incidentId: current.id,
        text: 'Situation update from the scene',
        author: { actor, displayName: 'Bench' },
        at,
      };
      return {
        id: randomUUID(),
        type: 'note.added',
        at,
        actor,
        exerciseId,
        sectors: [current.sector],
        data: { note },
      };
    }
    const status = PATH[PATH.indexOf(current.status) + 1] ?? 'closed';
    const incident: Incident = { ...current, status, version: current.version + 1, updatedAt: at };
    if (status === 'closed') open.splice(index, 1);
    else open[index] = incident;
    return {
      id: randomUUID(),
      type: 'incident.updated',
      at,
      actor,
      exerciseId,
      sectors: [incident.sector],
      data: { incident, changes: { status }, previousVersion: current.version, reason: null },
    };
  }
}

function exerciseEvent(at: string): NewMirsadEvent {
  const exercise: Exercise = {
    id: BENCH_EXERCISE_ID,
    scenarioId: 'heavy-rain-capital',
    name: { ar: 'تمرين القياس', en: 'Benchmark exercise' },
    seed: 1,
    status: 'ended',
    speed: 1,
    clockMin: 120,
    durationMin: 120,
    trainees: ['traffic'],
    trainer: 'trainer',
    createdAt: at,
    startedAt: at,
    endedAt: at,
    fired: [],
    skipped: [],
  };
  return {
    id: randomUUID(),
    type: 'exercise.updated',
    at,
    actor: 'user:trainer',
    exerciseId: null,
    sectors: [],
    data: { exercise },
  };
}

/**
 * The store file of `total` events, made when not cached: the live log over 30 days, and one
 * exercise's events in two hours of its middle; snapshots written as the live server writes them.
 */
export async function benchStore(total: number): Promise<string> {
  const dir = cachedStoreDir(total);
  const file = path.join(dir, SQLITE_FILE);
  const done = path.join(dir, 'complete');
  if (fs.existsSync(done)) return file;
  fs.rmSync(dir, { recursive: true, force: true });
  const store = await SqliteEventStore.open(dir);
  // A file made for measuring, rebuilt when lost: no need to wait for the disk on each batch.
  store.db.pragma('synchronous = OFF');
  const log = new EventLog(store);
  const replay = new ReplayService(store);
  await replay.start(log);
  const generator = new Generator();
  const random = createRandom(12);
  const started = performance.now();
  let written = 0;
  await log.serialised(() => log.commitBatch([exerciseEvent(new Date(EXERCISE_START_MS).toISOString())]));
  written += 1;
  while (written < total) {
    const batch: NewMirsadEvent[] = [];
    while (batch.length < BATCH_EVENTS && written + batch.length < total) {
      const atMs = LOG_START_MS + ((written + batch.length) / total) * LOG_SPAN_MS;
      const isExercise =
        atMs >= EXERCISE_START_MS && atMs < EXERCISE_START_MS + EXERCISE_SPAN_MS && random.chance(0.5);
      batch.push(generator.next(new Date(atMs).toISOString(), isExercise ? BENCH_EXERCISE_ID : null));
    }
    await log.serialised(() => log.commitBatch(batch));
    written += batch.length;
    if (written % 100_000 < BATCH_EVENTS)
      console.log(
        `  wrote ${written.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  await replay.drain();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  fs.writeFileSync(done, new Date().toISOString());
  console.log(
    `store: ${written.toLocaleString('en')} events over 30 days, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB, made in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return file;
}

/** Reports written per transaction when opening a storm's incidents. */
const OPEN_BATCH = 5_000;
/** The storm's reports are spread over the two hours before the run. */
const OPEN_SPAN_MS = 2 * 3_600_000;

/**
 * Opens `count` incidents in a copy of the store (the server stopped): a storm's reports over
 * the last two hours, written straight through the store's append path, all still `reported`,
 * so that the room's active picture holds them all.
 */
export async function openIncidents(dir: string, count: number): Promise<void> {
  const now = Date.now();
  const reports = generateIncidents({
    seed: 13,
    count,
    start: new Date(now - OPEN_SPAN_MS),
    end: new Date(now),
  });
  const store = await SqliteEventStore.open(dir);
  try {
    for (let from = 0; from < reports.length; from += OPEN_BATCH)
      await store.appendBatch(
        reports.slice(from, from + OPEN_BATCH).map((report): NewMirsadEvent => {
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
          return incidentReportedEvent(incident, { id: randomUUID(), at, actor: 'source:bench' });
        }),
      );
  } finally {
    await store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchStore(Number(process.argv[2] ?? 1_000_000)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
