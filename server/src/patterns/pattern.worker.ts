// The pattern analysis's worker thread: it reads the cases of a log (past records and
// incidents) on its own read-only SQLite connection and runs the statistics, so the event loop
// that answers the room never waits on a scan's 999 replications.
import { lowerThreadPriority } from '../review/thread.priority.js';
import { parentPort, workerData } from 'node:worker_threads';
import { SCAN_HISTORY_DAYS, patternGroupById, type PatternGroupId } from '@mirsad/shared';
import { openSqliteReadOnly } from '../store/sqlite.database.js';
import { SqliteHistoryStore } from '../store/sqlite.history.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { forecastOf, hotspotsOf, nearRepeatGroups, scanGroups } from './analysis.js';
import type { FromPatternWorker, PatternJob, PatternWorkerData, ToPatternWorker } from './pattern.jobs.js';
import { pointsOf, type PatternCase, type PatternPoints } from './points.js';

const DAY_MS = 86_400_000;

const port = parentPort;
if (!port) throw new Error('pattern.worker.js runs only as a worker thread of the pattern pool');
const { file } = workerData as PatternWorkerData;
// The pool starts no worker without a file (pattern watch is off on PostgreSQL).
if (file === null) throw new Error('the pattern worker needs the SQLite file it reads');
lowerThreadPriority();

const db = openSqliteReadOnly(file);
const history = new SqliteHistoryStore(db);
const store = new SqliteEventStore(db, file);

function groupsOf(job: PatternJob): PatternGroupId[] {
  return job.kind === 'hotspots' ? [job.group] : job.groups;
}

/** The cases of the job's groups over the past year up to its moment: past records and the log's incidents. */
function load(job: PatternJob): PatternPoints {
  const groups = groupsOf(job);
  const sectors = [...new Set(groups.flatMap((g) => patternGroupById(g).categories.map((c) => c.sector)))];
  const from = job.at - (SCAN_HISTORY_DAYS + 1) * DAY_MS;
  const cases: PatternCase[] = [];
  // History is the real world's past: an exercise's scan compares its own reports with it too,
  // but never sees the live incidents, and the live scan never sees an exercise's.
  for (const c of history.casesBetweenNow(from, job.at, sectors))
    cases.push({
      id: c.id,
      sector: c.sector,
      category: c.category,
      location: { type: 'Point', coordinates: [c.lon, c.lat] },
      reportedAt: new Date(c.t).toISOString(),
    });
  for (const c of store.patternCasesNow(
    job.exerciseId,
    new Date(from).toISOString(),
    new Date(job.at).toISOString(),
    sectors,
  ))
    cases.push({ ...c, location: { type: 'Point', coordinates: [c.lon, c.lat] } });
  return pointsOf(cases);
}

function run(job: PatternJob): unknown {
  const points = load(job);
  switch (job.kind) {
    case 'scan':
      return scanGroups(points, job);
    case 'near-repeats':
      return nearRepeatGroups(points, job);
    case 'hotspots':
      return hotspotsOf(points, job);
    case 'forecast':
      return forecastOf(points, job);
  }
}

port.on('message', (message: ToPatternWorker) => {
  let answer: FromPatternWorker;
  try {
    answer = { id: message.id, result: run(message.job) };
  } catch (error) {
    answer = {
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(answer);
});
