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

/** Passes of one round at most, so a writer faster than the copying never keeps the thread busy. */
const MAX_PASSES = 8;
/** What `PRAGMA wal_checkpoint` answers: frames in the log, and how many of them are in the database file. */
const CheckpointResultSchema = z.array(
  z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() }),
);

const timer = setInterval(() => {
  try {
    // PASSIVE never waits on the writer or a reader: what it cannot copy now it copies next time.
    // The writer starts the log over only once every frame is copied, so passes follow while
    // the writer keeps appending (each shorter than the last) until one finds nothing left;
    // otherwise, under a steady storm, the log would grow to the writer's backstop.
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const [result] = CheckpointResultSchema.parse(db.pragma('wal_checkpoint(PASSIVE)'));
      if (!result || result.log === result.checkpointed) break;
    }
  } catch (error) {
    console.error('checkpointing the write-ahead log failed', error);
  }
}, intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
