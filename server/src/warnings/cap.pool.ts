import { Worker } from 'node:worker_threads';
import { workerEntry, workerExecArgv } from '../worker.entry.js';
import { CapError, type CapIssue, type ReceivedCap } from './cap.read.js';

/** A message to the CAP worker: one text to read. */
export interface ToCapWorker {
  id: number;
  xml: string;
}

/** The worker's answer: the message read, or the problems that refuse it. */
export type FromCapWorker =
  { id: number; ok: true; cap: ReceivedCap } | { id: number; ok: false; issues: CapIssue[] };

/**
 * Reads CAP messages on one worker thread, started on first use: CAP comes in rarely (a few
 * messages a minute from a weather service), so one thread is plenty, and the room's event loop
 * never parses a megabyte of XML itself. Messages queue in the worker in arrival order.
 */
export class CapParsePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (cap: ReceivedCap) => void; reject: (error: unknown) => void }
  >();

  /** Reads one message; rejects with a CapError naming each bad element. */
  parse(xml: string): Promise<ReceivedCap> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, xml } satisfies ToCapWorker);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry('./cap.worker.js', import.meta.url), {
      execArgv: workerExecArgv(),
    });
    // An idle reader must not keep the process alive.
    worker.unref();
    worker.on('message', (answer: FromCapWorker) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.cap);
      else waiting.reject(new CapError(answer.issues));
    });
    const fail = (error: unknown): void => {
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`the CAP reader stopped (exit ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  /** Stops the worker; messages in flight are refused. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
