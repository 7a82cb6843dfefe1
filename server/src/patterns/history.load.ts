import { Worker } from 'node:worker_threads';
import { HistoryImportResultSchema, type HistoryImportResult } from '@mirsad/shared';
import { HttpError } from '../errors.js';
import { workerEntry, workerExecArgv } from '../worker.entry.js';
import type { StoreLocation } from '../store/event.store.js';

type FromHistoryWorker =
  { result: unknown } | { error: { statusCode: number; code: string; message: string } };

/**
 * Loads an NDJSON body into the history in a worker thread of its own (`history.worker.ts`):
 * this thread only passes the body's chunks on, so the load's parsing and writing never hold the
 * room's event loop. Resolves with the load's answer; a refused load (413) rejects with its error.
 */
export async function loadHistoryInWorker(
  body: AsyncIterable<Buffer>,
  store: StoreLocation,
): Promise<HistoryImportResult> {
  const worker = new Worker(workerEntry('./history.worker.js', import.meta.url), {
    workerData: store,
    execArgv: workerExecArgv(),
  });
  // An object, not a variable: the worker's answer sets it from a callback while the loop reads it.
  const state = { isSettled: false };
  const done = new Promise<HistoryImportResult>((resolve, reject) => {
    worker.once('message', (message: FromHistoryWorker) => {
      state.isSettled = true;
      if ('error' in message)
        reject(new HttpError(message.error.statusCode, message.error.code, message.error.message));
      else resolve(HistoryImportResultSchema.parse(message.result));
    });
    worker.once('error', (error) => {
      state.isSettled = true;
      reject(error);
    });
  });
  try {
    for await (const chunk of body) {
      // A load refused half-way (too large) stops reading the rest.
      if (state.isSettled) break;
      worker.postMessage(chunk);
    }
    if (!state.isSettled) worker.postMessage(null);
    return await done;
  } finally {
    void worker.terminate();
  }
}
