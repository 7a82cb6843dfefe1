// A history load's worker thread: it parses the NDJSON lines and writes them on its own
// connection to the store (the SQLite file, or PostgreSQL), so a 64 MiB load costs the room's
// event loop only the passing of its chunks. One worker per load; it ends with the load.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { HttpError } from '../errors.js';
import type { StoreLocation } from '../store/event.store.js';
import { loadHistory } from './history.service.js';
import { openHistoryWriter } from './pattern.source.js';

const port = parentPort;
if (!port) throw new Error('history.worker.js runs only as a worker thread of a history load');
const location = workerData as StoreLocation;

/**
 * The thread's nice value (Linux keeps one per thread), as the analysis's. Measured
 * (bench:patterns): the room's loop stalls during a load were the main thread waiting for a CPU
 * behind the load's own threads, not its work; at nice 10 the kernel runs the room first.
 */
const HISTORY_WORKER_NICE = 10;
try {
  os.setPriority(HISTORY_WORKER_NICE);
} catch {
  // Not permitted here: the load runs at the normal priority.
}

// Taken from the first moment, while the connection to the store is still being opened.
const queue: (Buffer | null)[] = [];
let wake: (() => void) | null = null;
port.on('message', (chunk: Uint8Array | null) => {
  queue.push(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  wake?.();
  wake = null;
});

/** The chunks the route passes on, as an async iterable; null ends the body. */
async function* chunks(): AsyncGenerator<Buffer> {
  for (;;) {
    const next = queue.shift();
    if (next === null) return;
    if (next === undefined) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    yield next;
  }
}

/** The load's answer, or why it failed, as the route passes it on. */
async function answer(): Promise<unknown> {
  try {
    const writer = await openHistoryWriter(location);
    try {
      const result = await loadHistory(chunks(), writer.history);
      if (result.imported > 0) await writer.announce();
      return { result };
    } finally {
      await writer.close();
    }
  } catch (error) {
    return {
      error:
        error instanceof HttpError
          ? { statusCode: error.statusCode, code: error.code, message: error.message }
          : {
              statusCode: 500,
              code: 'internal',
              message: error instanceof Error ? error.message : String(error),
            },
    };
  }
}

void answer().then((message) => {
  port.postMessage(message);
});
