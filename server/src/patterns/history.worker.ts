// A history load's worker thread: it parses the NDJSON lines and writes them on its own
// connection to the store file, so a 64 MiB load costs the room's event loop only the passing
// of its chunks. One worker per load; it ends with the load.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { HttpError } from '../errors.js';
import { openSqlite } from '../store/sqlite.database.js';
import { SqliteHistoryStore } from '../store/sqlite.history.js';
import { loadHistory } from './history.service.js';

const port = parentPort;
if (!port) throw new Error('history.worker.js runs only as a worker thread of a history load');
const { file } = workerData as { file: string };

/** The chunks the route passes on, as an async iterable; null ends the body. */
async function* chunks(): AsyncGenerator<Buffer> {
  const queue: (Buffer | null)[] = [];
  let wake: (() => void) | null = null;
  port?.on('message', (chunk: Uint8Array | null) => {
    queue.push(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    wake?.();
    wake = null;
  });
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

const { db } = openSqlite(path.dirname(file));
loadHistory(chunks(), new SqliteHistoryStore(db)).then(
  (result) => {
    db.close();
    port.postMessage({ result });
  },
  (error: unknown) => {
    db.close();
    port.postMessage({
      error:
        error instanceof HttpError
          ? { statusCode: error.statusCode, code: error.code, message: error.message }
          : {
              statusCode: 500,
              code: 'internal',
              message: error instanceof Error ? error.message : String(error),
            },
    });
  },
);
