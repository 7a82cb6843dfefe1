/**
 * Waits past a hidden page's paused animation frames, in ms: a background tab or a wall
 * screen whose frames the browser stopped still takes its events, just not at frame pace.
 */
export const FRAME_FALLBACK_MS = 250;

/** The clocks the coalescer runs on: the page's by default, fakes in tests. */
export interface FrameClock {
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Calls back before the next repaint; returns a handle for `cancelFrame`. */
  requestFrame: (callback: () => void) => unknown;
  cancelFrame: (handle: unknown) => void;
}

/** The page's clocks; without animation frames (Node, tests) a frame is a zero-length timer. */
export function pageClock(): FrameClock {
  const hasFrames = typeof requestAnimationFrame === 'function';
  return {
    now: () => Date.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    requestFrame: hasFrames
      ? (callback) => requestAnimationFrame(callback)
      : (callback) => setTimeout(callback, 0),
    cancelFrame: hasFrames
      ? (handle) => {
          cancelAnimationFrame(handle as number);
        }
      : (handle) => {
          clearTimeout(handle as ReturnType<typeof setTimeout>);
        },
  };
}

/** Runs a flush at most once per interval, on an animation frame; see `createCoalescer`. */
export interface Coalescer {
  /** Asks for a flush: the next frame at least `minIntervalMs` after the last one. */
  schedule: () => void;
  /** Whether a flush is asked for and not yet run. */
  isScheduled: () => boolean;
  /** Notes a flush run from outside (now), for the interval; drops one asked for. */
  ranNow: () => void;
  cancel: () => void;
}

/**
 * Coalesces many asks into one `flush` per animation frame, and at most one per `minIntervalMs`:
 * socket events arriving a few milliseconds apart become one write into the cache and so one
 * React commit, made just before the browser paints rather than in the middle of a frame. A
 * frame the browser holds back (a hidden page) is not waited for longer than FRAME_FALLBACK_MS.
 */
export function createCoalescer(
  flush: () => void,
  /** Read again at every ask, so that a caller can space its flushes by how costly they have become. */
  minIntervalMs: number | (() => number),
  clock: FrameClock = pageClock(),
): Coalescer {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let frame: unknown = null;
  let fallback: unknown = null;

  const clear = (): void => {
    if (timer !== null) clock.clearTimer(timer);
    if (fallback !== null) clock.clearTimer(fallback);
    if (frame !== null) clock.cancelFrame(frame);
    timer = null;
    fallback = null;
    frame = null;
  };

  const run = (): void => {
    clear();
    lastRunAt = clock.now();
    flush();
  };

  const askFrame = (): void => {
    timer = null;
    frame = clock.requestFrame(run);
    fallback = clock.setTimer(run, FRAME_FALLBACK_MS);
  };

  return {
    schedule: () => {
      if (timer !== null || frame !== null) return;
      const interval = typeof minIntervalMs === 'number' ? minIntervalMs : minIntervalMs();
      const wait = lastRunAt + interval - clock.now();
      if (wait <= 0) askFrame();
      else timer = clock.setTimer(askFrame, wait);
    },
    isScheduled: () => timer !== null || frame !== null,
    ranNow: () => {
      clear();
      lastRunAt = clock.now();
    },
    cancel: clear,
  };
}
