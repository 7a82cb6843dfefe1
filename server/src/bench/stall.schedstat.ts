// How long a process of the stall benchmark waited for a CPU. On a machine shared with other
// work, a lagging event loop may be busy or merely not scheduled; Linux's schedstat tells them
// apart (its second field: nanoseconds spent runnable on a run queue).
import fs from 'node:fs';

/** Time the calling thread (the main thread here) has spent runnable but waiting for a CPU, ms; 0 where schedstat is missing. */
export function runQueueWaitMs(): number {
  try {
    const [, waitNs] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return Number(waitNs) / 1e6;
  } catch {
    return 0;
  }
}
