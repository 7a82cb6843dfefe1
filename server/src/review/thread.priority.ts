import os from 'node:os';

/**
 * The nice value of a worker thread doing long work nobody waits on (pattern watch's
 * analysis): the lowest priority. Linux keeps one per thread, so it lowers only the calling
 * thread; the room's event loop then gets a core whenever it is ready to run, and the work
 * has whatever else is left (all of it on a quiet machine).
 */
export const BACKGROUND_THREAD_NICE = 19;

/**
 * The nice value of the review's readers (READ_NICE), whose answers a person waits for: a
 * month's summary, an export. At 19 they got about 1.5 % of a core beside any busy thread
 * (the kernel's weight 15 against 1,024), so on a busy two-core server no heavy read ever
 * finished. At 10 (weight 110) a reader gets about a tenth of a core against a busy thread
 * and all of an idle one, while the event loop, which sleeps most of the time, still runs
 * first whenever it wakes. Chosen from bench:stall runs on a loaded machine; no quiet A/B against
 * other values was made (README: "Nothing stalls the room").
 */
export const READ_THREAD_NICE = 10;

/** Lowers the calling thread to `nice` (BACKGROUND_THREAD_NICE unless told), where the system allows it. */
export function lowerThreadPriority(nice = BACKGROUND_THREAD_NICE): void {
  try {
    os.setPriority(nice);
  } catch {
    // Not permitted here (some containers): the thread runs at the normal priority.
  }
}
