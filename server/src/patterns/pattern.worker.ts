// The pattern analysis's worker thread: it reads the cases of a log (past records and
// incidents) on its own read-only connection to the store (the SQLite file, or PostgreSQL) and
// runs the statistics, so the event loop that answers the room never waits on a scan's 999
// replications.
import { lowerThreadPriority } from '../review/thread.priority.js';
import { parentPort, workerData } from 'node:worker_threads';
import { SCAN_HISTORY_DAYS, patternGroupById, type PatternGroupId } from '@mirsad/shared';
import { forecastOf, hotspotsOf, nearRepeatGroups, scanGroups } from './analysis.js';
import type { FromPatternWorker, PatternJob, PatternWorkerData, ToPatternWorker } from './pattern.jobs.js';
import { openPatternSource } from './pattern.source.js';
import { pointsOf, type PatternCase, type PatternPoints } from './points.js';

const DAY_MS = 86_400_000;

const port = parentPort;
if (!port) throw new Error('pattern.worker.js runs only as a worker thread of the pattern pool');
lowerThreadPriority();

const source = openPatternSource(workerData as PatternWorkerData);

function groupsOf(job: PatternJob): PatternGroupId[] {
  return job.kind === 'hotspots' ? [job.group] : job.groups;
}

/** The cases of the job's groups over the past year up to its moment: past records and the log's incidents. */
async function load(job: PatternJob): Promise<PatternPoints> {
  const groups = groupsOf(job);
  const sectors = [...new Set(groups.flatMap((g) => patternGroupById(g).categories.map((c) => c.sector)))];
  const from = job.at - (SCAN_HISTORY_DAYS + 1) * DAY_MS;
  const cases: PatternCase[] = [];
  // History is the real world's past: an exercise's scan compares its own reports with it too,
  // but never sees the live incidents, and the live scan never sees an exercise's.
  for (const c of await source.historyCases(from, job.at, sectors))
    cases.push({
      id: c.id,
      sector: c.sector,
      category: c.category,
      location: { type: 'Point', coordinates: [c.lon, c.lat] },
      reportedAt: new Date(c.t).toISOString(),
    });
  for (const c of await source.incidentCases(
    job.exerciseId,
    new Date(from).toISOString(),
    new Date(job.at).toISOString(),
    sectors,
  ))
    cases.push({ ...c, location: { type: 'Point', coordinates: [c.lon, c.lat] } });
  return pointsOf(cases);
}

async function run(job: PatternJob): Promise<unknown> {
  const points = await load(job);
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

/** Jobs run one after another, as they came: a read of one never interleaves with another's. */
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToPatternWorker) => {
  queue = queue.then(async () => {
    let answer: FromPatternWorker;
    try {
      answer = { id: message.id, result: await run(message.job) };
    } catch (error) {
      answer = {
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    port.postMessage(answer);
  });
});
