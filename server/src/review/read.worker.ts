// A worker thread of the review's read pool (read.pool.ts): the long reads (summaries,
// pictures, exports, reading an import) run here on their own read-only store connection,
// so the event loop that answers the room never waits for them.
import { parentPort, workerData } from 'node:worker_threads';
import { maySeeIncident } from '@mirsad/shared';
import { HttpError } from '../errors.js';
import type { EventStore } from '../store/event.store.js';
import { PgEventStore } from '../store/pg.store.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { IMPORT_CHUNK_EVENTS, exportChunks, parseImport } from './export.service.js';
import type { FromReadWorker, ReadJob, ReadWorkerData, ToReadWorker } from './read.jobs.js';
import { ReplayService } from './replay.service.js';
import { ReviewService } from './review.service.js';
import { pictureSeenBy } from './review.access.js';
import { READ_THREAD_NICE, lowerThreadPriority } from './thread.priority.js';

const port = parentPort;
if (!port) throw new Error('read.worker.js runs only as a worker thread of the read pool');
const { store: location, responseTargets, nice } = workerData as ReadWorkerData;

lowerThreadPriority(nice ?? READ_THREAD_NICE);

const store: EventStore =
  location.kind === 'postgres'
    ? PgEventStore.openReadOnly(location.url)
    : SqliteEventStore.openReadOnly(location.file);
/** The job this reader runs now (one at a time), whose progress the fold reports. */
let current: number | null = null;
/** Progress is told at most this often, ms: enough for the pool's queue to see the fold moving. */
const PROGRESS_EVERY_MS = 1_000;
let progressAt = 0;
const replay = new ReplayService(store);
const review = new ReviewService(store, replay, responseTargets, () => {
  const now = performance.now();
  if (current === null || now - progressAt < PROGRESS_EVERY_MS) return;
  progressAt = now;
  post({ type: 'progress', id: current });
});

/** Jobs waiting to be asked for their next chunk: resolved true by `more`, false by `cancel`. */
const waiting = new Map<number, (isWanted: boolean) => void>();

function post(message: FromReadWorker): void {
  port?.postMessage(message);
}

async function* chunksOf(job: ReadJob): AsyncGenerator {
  switch (job.kind) {
    case 'summary':
      yield JSON.stringify(
        await review.summary(
          { from: job.from ? new Date(job.from) : null, to: job.to ? new Date(job.to) : null },
          job.filter,
        ),
      );
      return;
    case 'picture': {
      const at = new Date(job.at);
      const picture = job.exerciseId
        ? await review.exercisePictureAt(job.exerciseId, at)
        : await replay.pictureAt(at);
      yield JSON.stringify(
        job.viewer ? pictureSeenBy(picture, job.viewer.principal, job.viewer.members) : picture,
      );
      return;
    }
    case 'active': {
      const { principal, members } = job.viewer;
      const incidents = await store.listIncidents(job.filter);
      const visible = incidents.filter((incident) => maySeeIncident(principal, incident, members));
      yield JSON.stringify({ seq: job.seq, incidents: visible });
      return;
    }
    case 'export':
      yield* exportChunks(store, job.query, job.exportedAt);
      return;
    case 'import': {
      const events = parseImport(job.body);
      for (let start = 0; start < events.length; start += IMPORT_CHUNK_EVENTS)
        yield events.slice(start, start + IMPORT_CHUNK_EVENTS);
      return;
    }
  }
}

/** Runs a job, handing over one chunk at a time and waiting to be asked for the next (backpressure). */
async function run(id: number, job: ReadJob): Promise<void> {
  current = id;
  try {
    for await (const chunk of chunksOf(job)) {
      post({ type: 'chunk', id, chunk });
      const isWanted = await new Promise<boolean>((resolve) => waiting.set(id, resolve));
      waiting.delete(id);
      if (!isWanted) break;
    }
    post({ type: 'done', id });
  } catch (error) {
    post({
      type: 'failed',
      id,
      failure:
        error instanceof HttpError
          ? {
              kind: 'http',
              statusCode: error.statusCode,
              code: error.code,
              message: error.message,
              ...(error.issues ? { issues: error.issues } : {}),
            }
          : {
              kind: 'crash',
              message: error instanceof Error ? (error.stack ?? error.message) : String(error),
            },
    });
  }
}

port.on('message', (message: ToReadWorker) => {
  switch (message.type) {
    case 'job':
      void run(message.id, message.job);
      break;
    case 'more':
    case 'cancel':
      waiting.get(message.id)?.(message.type === 'more');
      break;
  }
});
