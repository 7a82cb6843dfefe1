// The worker thread that reads CAP messages (cap.pool.ts): parsing and checking a large
// message takes longer than the room's event loop may be held, so it happens here.
import { parentPort } from 'node:worker_threads';
import { CapError, parseCap } from './cap.read.js';
import type { FromCapWorker, ToCapWorker } from './cap.pool.js';

const port = parentPort;
if (!port) throw new Error('cap.worker.js runs only as a worker thread of the CAP pool');

port.on('message', ({ id, xml }: ToCapWorker) => {
  let answer: FromCapWorker;
  try {
    answer = { id, ok: true, cap: parseCap(xml) };
  } catch (error) {
    answer =
      error instanceof CapError
        ? { id, ok: false, issues: error.issues }
        : {
            id,
            ok: false,
            issues: [{ path: 'alert', message: error instanceof Error ? error.message : String(error) }],
          };
  }
  port.postMessage(answer);
});
