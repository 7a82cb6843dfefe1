// The write-ahead log's checkpointer (`sqlite.checkpointer.ts`): a connection of its own, in a
// thread of its own, that copies committed pages from the log into the database file and syncs
// both, so that neither the copying nor its fsyncs ever run on the room's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';

const { file, intervalMs } = z
  .object({ file: z.string(), intervalMs: z.number().positive() })
  .parse(workerData);
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
// A checkpoint syncs the log before it copies and the database file after, at this level.
db.pragma('synchronous = FULL');

const timer = setInterval(() => {
  try {
    // PASSIVE never waits on the writer or a reader: what it cannot copy now it copies next time.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    console.error('checkpointing the write-ahead log failed', error);
  }
}, intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
