import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../errors.js';
import { workerEntry, workerExecArgv } from '../worker.entry.js';
import {
  isQuick,
  type FromReadWorker,
  type ReadChunks,
  type ReadJob,
  type ReadWorkerData,
  type ToReadWorker,
} from './read.jobs.js';

/** Reader threads: two on a small machine (one for long reads, one kept for quick ones), at most four. */
export const READ_WORKERS = Math.min(4, Math.max(2, os.availableParallelism() - 1));

/** Long reads waiting for a reader at most; one more is refused at once with a 503. */
export const READ_QUEUE_MAX = 32;

/**
 * How long a queued read waits while the readers make no progress before it is refused with a
 * 503, ms. A read behind others that are answering (a chunk handed over, a read finished) keeps
 * its place however long the queue (a fold reports each second that it read on, an export each
 * chunk): refusing a commander's month summary because others asked first would waste the
 * wait; only readers that stopped moving (stuck, or held by a client that stopped downloading)
 * make the queue give up.
 */
export const READ_QUEUE_WAIT_MS = 120_000;

/**
 * A running summary or picture is shared with a new identical ask only if the moment it
 * answers for lies this long before it started, ms: every event stamped up to then was
 * committed by the time it began reading (a group commits within a second).
 */
export const SHARE_SETTLED_MS = 60_000;

/** A read handed to the pool; `next()` gives its chunks in order, then null. */
export interface ReadStream<T> {
  next(): Promise<T | null>;
  /** Stops the read: a queued one never starts, a running one stops before its next chunk. */
  cancel(): void;
}

interface Job {
  id: number;
  job: ReadJob;
  transfer: ArrayBuffer[];
  /** Chunks received and not yet taken, and whether the worker said it is done. */
  chunks: unknown[];
  isDone: boolean;
  failure: Error | null;
  isCancelled: boolean;
  /** Whether the worker waits for `more` (it has handed over a chunk that was taken). */
  isAsked: boolean;
  wake: (() => void) | null;
  queueTimer: NodeJS.Timeout | null;
  /** When it was queued, ms (performance.now()). */
  queuedAt: number;
  /** When a reader took it, ms since the epoch; null while queued. */
  startedAt: number | null;
  sent: number;
}

/** A summary or a picture (at a moment, or the active one) being computed, with how many asks wait for its text. */
interface Flight {
  job: Extract<ReadJob, { kind: 'summary' | 'picture' | 'active' }>;
  entry: Job;
  stream: ReadStream<string>;
  text: Promise<string>;
  waiters: number;
}

interface Reader {
  worker: Worker;
  job: Job | null;
}

/** What the pool is doing, for tests and operators. */
export interface ReadActivity {
  readers: number;
  running: { kind: ReadJob['kind']; chunks: number }[];
  queued: number;
  completed: Partial<Record<ReadJob['kind'], number>>;
  /** Asks answered with the text of an identical read already under way, not computed again. */
  shared: Partial<Record<ReadJob['kind'], number>>;
}

/**
 * The review's long reads in worker threads, each with its own read-only connection to the
 * store (SQLite's WAL, or PostgreSQL's snapshots, let them read while the main thread writes). At most READ_WORKERS run at once; one
 * reader is kept for quick reads (a picture during playback, the room's active picture, an exercise's summary) so that long ones (a month's
 * summary, a year's export) never make playback wait behind them. Reads beyond are queued up
 * to READ_QUEUE_MAX, each for at most READ_QUEUE_WAIT_MS; past either, a 503 says so.
 */
export class ReadPool {
  private readonly readers: Reader[] = [];
  private readonly queue: Job[] = [];
  private readonly completed: Partial<Record<ReadJob['kind'], number>> = {};
  private readonly shared: Partial<Record<ReadJob['kind'], number>> = {};
  /** Summaries and pictures under way, by their job's JSON (range, filters, the asker's sectors). */
  private readonly flights = new Map<string, Flight>();
  private nextId = 1;
  private isClosed = false;
  /** When a reader last handed over a chunk or finished a read, ms (performance.now()). */
  private lastProgressAt = performance.now();

  constructor(
    private readonly data: ReadWorkerData,
    private readonly size = READ_WORKERS,
    private readonly queueWaitMs = READ_QUEUE_WAIT_MS,
  ) {}

  /** Long reads may use every reader but one, so a quick read always finds one free soon. */
  private get longLimit(): number {
    return Math.max(1, this.size - 1);
  }

  /** Starts a read whose answer comes in chunks (an export, an import's events). */
  open<K extends ReadJob['kind']>(job: Extract<ReadJob, { kind: K }>): ReadStream<ReadChunks[K]> {
    return this.streamOf(this.enqueue(job)) as ReadStream<ReadChunks[K]>;
  }

  private streamOf(entry: Job): ReadStream<unknown> {
    return {
      next: async () => this.take(entry),
      cancel: () => {
        this.cancel(entry);
      },
    };
  }

  private enqueue(job: ReadJob): Job {
    if (this.isClosed) throw new HttpError(503, 'unavailable', 'the server is stopping');
    if (this.queue.length >= READ_QUEUE_MAX)
      throw new HttpError(
        503,
        'busy',
        `the server is already running ${this.queue.length} long reads (reviews, exports); try again in a minute`,
      );
    const readJob: ReadJob = job;
    const transfer = readJob.kind === 'import' ? [transferable(readJob)] : [];
    const entry: Job = {
      id: this.nextId++,
      job: readJob,
      transfer,
      chunks: [],
      isDone: false,
      failure: null,
      isCancelled: false,
      isAsked: false,
      wake: null,
      queueTimer: null,
      queuedAt: performance.now(),
      startedAt: null,
      sent: 0,
    };
    this.armQueueTimer(entry, this.queueWaitMs);
    this.queue.push(entry);
    this.dispatch();
    return entry;
  }

  /**
   * Runs a read whose answer is one JSON text (a summary, a picture). Identical asks (the same
   * range, filters and asker's sectors, so the same answer under the access policy) share one
   * computation: ten commanders opening the same month cost one fold. An ask joins a read that
   * is still queued (it has read nothing yet), or a running one whose moment had settled before
   * it started (SHARE_SETTLED_MS); otherwise it is computed anew.
   */
  async json(
    job: Extract<ReadJob, { kind: 'summary' | 'picture' | 'active' }>,
    signal?: AbortSignal,
  ): Promise<string> {
    const key = JSON.stringify(job);
    const under = this.flights.get(key);
    const flight = under && this.mayJoin(under) ? under : this.fly(key, job);
    if (flight === under) this.shared[job.kind] = (this.shared[job.kind] ?? 0) + 1;
    flight.waiters += 1;
    let stop = (): void => undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      stop = () => {
        reject(new HttpError(503, 'unavailable', 'the read was stopped'));
      };
    });
    const onAbort = (): void => {
      stop();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([flight.text, aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      flight.waiters -= 1;
      // The last ask gone: a queued read never starts, a running one is let go.
      if (flight.waiters === 0) flight.stream.cancel();
    }
  }

  private fly(key: string, job: Flight['job']): Flight {
    const entry = this.enqueue(job);
    const stream = this.streamOf(entry) as ReadStream<string>;
    const text = stream.next().then((chunk) => {
      if (chunk === null) throw new HttpError(503, 'unavailable', 'the read was stopped');
      return chunk;
    });
    const flight: Flight = { job, entry, stream, text, waiters: 0 };
    // Whoever waits sees the failure; this copy only keeps an unwatched one from being reported.
    text.catch(() => undefined);
    const land = (): void => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    text.then(land, land);
    this.flights.set(key, flight);
    return flight;
  }

  private mayJoin(flight: Flight): boolean {
    // A finished read is never handed out again: this shares computations, it caches nothing.
    if (flight.entry.isCancelled || flight.entry.isDone || flight.entry.failure) return false;
    if (flight.entry.startedAt === null) return true;
    // The same head (the key holds it): nothing was committed between the two asks, and the
    // running read sees that head or a newer one, which an active picture may be.
    if (flight.job.kind === 'active') return true;
    const moment = flight.job.kind === 'summary' ? flight.job.to : flight.job.at;
    return moment !== null && Date.parse(moment) < flight.entry.startedAt - SHARE_SETTLED_MS;
  }

  /** What the pool is doing now. */
  activity(): ReadActivity {
    return {
      readers: this.readers.length,
      running: this.readers.flatMap((reader) =>
        reader.job ? [{ kind: reader.job.job.kind, chunks: reader.job.sent }] : [],
      ),
      queued: this.queue.length,
      completed: { ...this.completed },
      shared: { ...this.shared },
    };
  }

  /** Stops every reader; reads in flight fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const entry of this.queue.splice(0))
      this.settle(entry, new HttpError(503, 'unavailable', 'the server is stopping'));
    await Promise.all(this.readers.map((reader) => reader.worker.terminate()));
    this.readers.length = 0;
  }

  /**
   * Refuses a queued read once queueWaitMs (READ_QUEUE_WAIT_MS) passed both since it was queued and since
   * the readers last made progress; until then it looks again when that time would be up.
   */
  private armQueueTimer(entry: Job, waitMs: number): void {
    entry.queueTimer = setTimeout(() => {
      const index = this.queue.indexOf(entry);
      if (index < 0) return;
      const stillMs = Math.max(entry.queuedAt, this.lastProgressAt) + this.queueWaitMs - performance.now();
      if (stillMs > 0) {
        this.armQueueTimer(entry, stillMs);
        return;
      }
      this.queue.splice(index, 1);
      this.settle(
        entry,
        new HttpError(
          503,
          'busy',
          `no reader made progress for ${this.queueWaitMs / 1000} s: the server is busy with other long reads; try again in a minute`,
        ),
      );
    }, waitMs);
    entry.queueTimer.unref();
  }

  private async take(entry: Job): Promise<unknown> {
    for (;;) {
      if (entry.chunks.length > 0) {
        const chunk = entry.chunks.shift();
        this.ask(entry);
        return chunk;
      }
      if (entry.failure) throw entry.failure;
      if (entry.isDone || entry.isCancelled) return null;
      await new Promise<void>((resolve) => {
        entry.wake = resolve;
      });
    }
  }

  /** Asks the worker for the next chunk once the last one was taken. */
  private ask(entry: Job): void {
    if (entry.isDone || entry.isAsked) return;
    const reader = this.readers.find((candidate) => candidate.job === entry);
    if (!reader) return;
    entry.isAsked = true;
    this.send(reader, { type: entry.isCancelled ? 'cancel' : 'more', id: entry.id });
  }

  private cancel(entry: Job): void {
    if (entry.isCancelled || entry.isDone) return;
    entry.isCancelled = true;
    entry.chunks.length = 0;
    const index = this.queue.indexOf(entry);
    if (index >= 0) {
      this.queue.splice(index, 1);
      if (entry.queueTimer) clearTimeout(entry.queueTimer);
      entry.isDone = true;
    }
    // A running job that waits for `more` is told to stop; one computing its next chunk is
    // told when that chunk arrives.
    const reader = this.readers.find((candidate) => candidate.job === entry);
    if (reader && !entry.isAsked) {
      entry.isAsked = true;
      this.send(reader, { type: 'cancel', id: entry.id });
    }
    entry.wake?.();
  }

  private settle(entry: Job, failure: Error | null): void {
    entry.failure ??= failure;
    entry.isDone = true;
    if (entry.queueTimer) clearTimeout(entry.queueTimer);
    entry.wake?.();
  }

  private send(reader: Reader, message: ToReadWorker, transfer: ArrayBuffer[] = []): void {
    reader.worker.postMessage(message, transfer);
  }

  private spawn(): Reader {
    const worker = new Worker(workerEntry('./read.worker.js', import.meta.url), {
      workerData: this.data,
      execArgv: workerExecArgv(),
    });
    const reader: Reader = { worker, job: null };
    worker.on('message', (message: FromReadWorker) => {
      this.received(reader, message);
    });
    worker.on('error', (error) => {
      this.lost(reader, error);
    });
    worker.on('exit', (code) => {
      this.lost(reader, new Error(`a reader stopped with exit code ${code}`));
    });
    worker.unref();
    this.readers.push(reader);
    return reader;
  }

  /** A reader died (out of memory, a crash): its job fails, and a new reader takes its place when needed. */
  private lost(reader: Reader, error: Error): void {
    const index = this.readers.indexOf(reader);
    if (index < 0) return;
    this.readers.splice(index, 1);
    if (reader.job) this.settle(reader.job, error);
    reader.job = null;
    if (!this.isClosed) this.dispatch();
  }

  private received(reader: Reader, message: FromReadWorker): void {
    const entry = reader.job;
    if (entry?.id !== message.id) return;
    this.lastProgressAt = performance.now();
    switch (message.type) {
      case 'progress':
        return;
      case 'chunk':
        entry.isAsked = false;
        entry.sent += 1;
        if (entry.isCancelled) {
          this.ask(entry);
          return;
        }
        entry.chunks.push(message.chunk);
        break;
      case 'done':
      case 'failed':
        reader.job = null;
        this.completed[entry.job.kind] = (this.completed[entry.job.kind] ?? 0) + 1;
        this.settle(
          entry,
          message.type === 'done'
            ? null
            : message.failure.kind === 'http'
              ? new HttpError(
                  message.failure.statusCode,
                  message.failure.code,
                  message.failure.message,
                  message.failure.issues,
                )
              : new Error(`a long read failed in its reader: ${message.failure.message}`),
        );
        this.dispatch();
        return;
    }
    entry.wake?.();
  }

  /** Starts queued jobs on free readers: quick ones first, long ones while fewer than longLimit run. */
  private dispatch(): void {
    for (;;) {
      const runningLong = this.readers.filter((reader) => reader.job && !isQuick(reader.job.job)).length;
      const quick = this.queue.findIndex((entry) => isQuick(entry.job));
      const index = quick >= 0 ? quick : runningLong < this.longLimit ? 0 : -1;
      const entry = this.queue[index];
      if (!entry) return;
      const reader =
        this.readers.find((candidate) => candidate.job === null) ??
        (this.readers.length < this.size ? this.spawn() : null);
      if (!reader) return;
      this.queue.splice(index, 1);
      if (entry.queueTimer) clearTimeout(entry.queueTimer);
      reader.job = entry;
      entry.startedAt = Date.now();
      this.send(reader, { type: 'job', id: entry.id, job: entry.job }, entry.transfer);
      entry.transfer = [];
    }
  }
}

/** The import's bytes as a buffer the worker can own: moved when it is the body's own, copied when it shares a pool. */
function transferable(job: Extract<ReadJob, { kind: 'import' }>): ArrayBuffer {
  const { body } = job;
  const isWhole =
    body.byteOffset === 0 && body.buffer instanceof ArrayBuffer && body.byteLength === body.buffer.byteLength;
  if (!isWhole) job.body = new Uint8Array(body);
  return job.body.buffer as ArrayBuffer;
}
