import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { workerEntry, workerExecArgv } from '../worker.entry.js';

/** How often the checkpointer copies the write-ahead log into the database file, ms. */
export const CHECKPOINT_INTERVAL_MS = 500;
/**
 * Pages of write-ahead log past which the writer checkpoints by itself after all, on its own
 * thread (SQLite's default is 1,000): only if the checkpointer falls far behind or is gone, so
 * the log never grows without bound. 10,000 pages of 4 KiB are 40 MiB.
 */
export const WAL_BACKSTOP_PAGES = 10_000;

/**
 * Takes SQLite's checkpoints off the writer's connection. With its default, SQLite checkpoints
 * inside the COMMIT that passes 1,000 pages of log: it copies them into the database file and
 * syncs both, holding the event loop for tens of milliseconds (up to 300 ms on this machine under
 * load) every second or so of a storm of reports. A worker thread does it instead on a connection
 * of its own (`sqlite.checkpoint.worker.ts`), PASSIVE so it never blocks the writer.
 */
export class WalCheckpointer {
  private constructor(private readonly worker: Worker) {}

  /** Starts the checkpointer for the writer `db` of `file`; null (SQLite checkpoints as before) if its worker cannot start. */
  static start(db: Database.Database, file: string): WalCheckpointer | null {
    let worker: Worker;
    try {
      worker = new Worker(workerEntry('./sqlite.checkpoint.worker.js', import.meta.url), {
        workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS },
        execArgv: workerExecArgv(),
      });
    } catch (error) {
      console.error('the write-ahead log checkpointer did not start; the writer checkpoints itself', error);
      return null;
    }
    worker.on('error', (error) => {
      console.error(
        'the write-ahead log checkpointer stopped; the writer checkpoints past the backstop',
        error,
      );
    });
    // Never what keeps the process alive.
    worker.unref();
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    return new WalCheckpointer(worker);
  }

  /** Stops it after any checkpoint under way, its connection closed. */
  async stop(): Promise<void> {
    // Referenced again while it stops: a process waiting only on it would otherwise end here.
    this.worker.ref();
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('stop');
    await exited;
  }
}
