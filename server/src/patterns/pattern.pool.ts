import { Worker } from 'node:worker_threads';
import { workerEntry, workerExecArgv } from '../worker.entry.js';
import type { FromPatternWorker, PatternJob, PatternJobResults, PatternWorkerData } from './pattern.jobs.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread for the pattern analysis, its jobs in a queue: a scan takes seconds of CPU,
 * and one thread at a time leaves the other core to the room and the review's readers.
 */
export class PatternPool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private isClosed = false;

  constructor(private readonly data: PatternWorkerData) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry('./pattern.worker.js', import.meta.url), {
      workerData: this.data,
      execArgv: workerExecArgv(),
    });
    worker.unref();
    worker.on('message', (message: FromPatternWorker) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if ('error' in message) waiting.reject(new Error(`pattern analysis failed: ${message.error}`));
      else waiting.resolve(message.result);
    });
    const fail = (error: Error): void => {
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.isClosed) fail(new Error(`the pattern worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  /** Runs a job in the worker; the worker runs them one after another. */
  run<K extends PatternJob['kind']>(job: Extract<PatternJob, { kind: K }>): Promise<PatternJobResults[K]> {
    if (this.isClosed) return Promise.reject(new Error('the pattern pool is closed'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<PatternJobResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // A job in flight keeps the process alive; an idle worker does not.
      worker.ref();
      worker.postMessage({ id, job });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  /** Stops the worker; jobs in flight fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    const worker = this.worker;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error('the pattern pool is closed'));
    this.pending.clear();
    if (worker) await worker.terminate();
  }
}
