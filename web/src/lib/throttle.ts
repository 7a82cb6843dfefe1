/**
 * Calls `fn` at most once per `intervalMs` with the latest arguments: at once when it has
 * been quiet, else at the end of the interval (nothing is dropped: the last call always runs).
 */
export function throttleLatest<A extends unknown[]>(
  fn: (...args: A) => void,
  intervalMs: number,
  now: () => number = Date.now,
): { call: (...args: A) => void; cancel: () => void } {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: A | undefined;

  const run = (): void => {
    timer = undefined;
    if (!latest) return;
    const args = latest;
    latest = undefined;
    lastRunAt = now();
    fn(...args);
  };

  return {
    call: (...args) => {
      latest = args;
      if (timer !== undefined) return;
      const wait = lastRunAt + intervalMs - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
      latest = undefined;
    },
  };
}
