import os from 'node:os';

/**
 * The nice value of a worker thread doing long work (the review's readers, pattern watch's
 * analysis): the lowest priority. Linux keeps one per thread, so it lowers only the calling
 * thread; the room's event loop then gets a core whenever it is ready to run, and the work
 * has whatever else is left (all of it on a quiet machine).
 */
export const BACKGROUND_THREAD_NICE = 19;

/** Lowers the calling thread to BACKGROUND_THREAD_NICE, where the system allows it. */
export function lowerThreadPriority(): void {
  try {
    os.setPriority(BACKGROUND_THREAD_NICE);
  } catch {
    // Not permitted here (some containers): the thread runs at the normal priority.
  }
}
