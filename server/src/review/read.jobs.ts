import type {
  ClientConfig,
  ExerciseMembers,
  ExportQuery,
  FieldIssue,
  NewMirsadEvent,
  Principal,
  ReviewFilter,
} from '@mirsad/shared';
import type { IncidentFilter, StoreLocation } from '../store/event.store.js';

/**
 * The long reads a worker thread does for the main thread, with their own read-only store
 * connection (SQLite's file, or PostgreSQL). Answers are JSON text, so the main thread only passes them on; streamed jobs
 * hand over one chunk at a time and wait to be asked for the next.
 */
/** Whose view of the log a read is narrowed to, under the access policy. */
export interface ReadViewer {
  principal: Principal;
  /** The exercise's members when the read is of an exercise's log, for the trainees' sectors. */
  members: ExerciseMembers | null;
}

export type ReadJob =
  | { kind: 'summary'; from: string | null; to: string | null; filter: ReviewFilter }
  | {
      kind: 'picture';
      at: string;
      exerciseId: string | null;
      /** Who sees only part of the picture (a trainee: their sectors), or null for the whole. */
      viewer: ReadViewer | null;
    }
  | {
      /**
       * The room's active picture (`GET /api/incidents`): 50,000 open incidents in a storm are
       * seconds of one thread to read, parse, filter and serialise, which held every screen.
       */
      kind: 'active';
      filter: IncidentFilter;
      /** The log's head, read before the incidents: the list may be newer, never older. */
      seq: number;
      viewer: ReadViewer;
    }
  | { kind: 'export'; query: ExportQuery; exportedAt: string }
  | { kind: 'import'; body: Uint8Array };

/** The read of the room's active picture. */
export type ActivePictureJob = Extract<ReadJob, { kind: 'active' }>;

/** What each kind of job hands back: one JSON text, or a stream of chunks. */
export interface ReadChunks {
  summary: string;
  picture: string;
  active: string;
  export: string;
  import: NewMirsadEvent[];
}

/** The kinds of job that stream their answer in chunks. */
export const STREAMED_KINDS: ReadonlySet<ReadJob['kind']> = new Set(['export', 'import']);

/**
 * Whether a job takes a moment: a picture folds at most one snapshot interval, the active
 * picture reads what is open, and an
 * exercise's summary folds that exercise's own events (hours of them, not the live log's
 * months). The rest (a live range's summary, an export, an import) may take many seconds, and
 * a quick one must not wait behind them: a trainer debriefing an exercise while a commander
 * exports a month.
 */
export function isQuick(job: ReadJob): boolean {
  return (
    job.kind === 'picture' || job.kind === 'active' || (job.kind === 'summary' && job.filter.exercise != null)
  );
}

/** What a worker is started with. */
export interface ReadWorkerData {
  /** The store it opens its own read-only connection to. */
  store: StoreLocation;
  responseTargets: ClientConfig['responseTargets'];
  /** The reader thread's nice value (READ_NICE); READ_THREAD_NICE when left out. */
  nice?: number;
}

/** From the main thread to a worker. */
export type ToReadWorker =
  { type: 'job'; id: number; job: ReadJob } | { type: 'more'; id: number } | { type: 'cancel'; id: number };

/** A failure as the worker reports it: an HTTP answer for refusals, a plain message otherwise. */
export type ReadFailure =
  | { kind: 'http'; statusCode: number; code: string; message: string; issues?: FieldIssue[] }
  | { kind: 'crash'; message: string };

/** From a worker to the main thread. */
export type FromReadWorker =
  | { type: 'chunk'; id: number; chunk: unknown }
  /** A long fold read another page: the job is moving, though it has nothing to hand over yet. */
  | { type: 'progress'; id: number }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; failure: ReadFailure };
