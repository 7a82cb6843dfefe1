import { describe, expect, it } from 'vitest';
import { FRAME_FALLBACK_MS, createCoalescer, type FrameClock } from './coalescer.js';

/** A hand-driven clock: time moves and frames come only when the test says so. */
function manualClock() {
  let nowMs = 0;
  let nextHandle = 1;
  const timers = new Map<number, { atMs: number; callback: () => void }>();
  const frames = new Map<number, () => void>();
  const clock: FrameClock = {
    now: () => nowMs,
    setTimer: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { atMs: nowMs + ms, callback });
      return handle;
    },
    clearTimer: (handle) => timers.delete(handle as number),
    requestFrame: (callback) => {
      const handle = nextHandle++;
      frames.set(handle, callback);
      return handle;
    },
    cancelFrame: (handle) => frames.delete(handle as number),
  };
  return {
    clock,
    /** Moves time on, running the timers that fall due. */
    advance: (ms: number): void => {
      const untilMs = nowMs + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.atMs <= untilMs)
          .sort((a, b) => a[1].atMs - b[1].atMs)[0];
        if (!due) break;
        timers.delete(due[0]);
        nowMs = due[1].atMs;
        due[1].callback();
      }
      nowMs = untilMs;
    },
    /** The browser paints: every frame asked for runs. */
    paint: (): void => {
      const waiting = [...frames.values()];
      frames.clear();
      for (const callback of waiting) callback();
    },
  };
}

describe('the frame coalescer', () => {
  it('runs many asks made before a frame as one flush, on that frame', () => {
    const { clock, paint } = manualClock();
    let flushes = 0;
    const coalescer = createCoalescer(() => (flushes += 1), 100, clock);

    for (let n = 0; n < 50; n++) coalescer.schedule();
    expect(flushes).toBe(0);
    paint();
    expect(flushes).toBe(1);
    paint();
    expect(flushes).toBe(1);
  });

  it('waits out the minimum interval after a flush before asking for the next frame', () => {
    const { clock, advance, paint } = manualClock();
    let flushes = 0;
    const coalescer = createCoalescer(() => (flushes += 1), 100, clock);
    coalescer.schedule();
    paint();

    coalescer.schedule();
    advance(60);
    paint();
    expect(flushes).toBe(1);
    advance(40);
    paint();
    expect(flushes).toBe(2);
  });

  it('reads an interval given as a function at every ask, as the map does to space costlier updates', () => {
    const { clock, advance, paint } = manualClock();
    let flushes = 0;
    let intervalMs = 100;
    const coalescer = createCoalescer(
      () => (flushes += 1),
      () => intervalMs,
      clock,
    );
    coalescer.schedule();
    paint();

    intervalMs = 1_000;
    coalescer.schedule();
    advance(500);
    paint();
    expect(flushes).toBe(1);
    advance(500);
    paint();
    expect(flushes).toBe(2);
  });

  it('flushes without a frame when the browser holds frames back, as for a hidden page', () => {
    const { clock, advance } = manualClock();
    let flushes = 0;
    const coalescer = createCoalescer(() => (flushes += 1), 100, clock);
    coalescer.schedule();

    advance(FRAME_FALLBACK_MS - 1);
    expect(flushes).toBe(0);
    advance(1);
    expect(flushes).toBe(1);
    expect(coalescer.isScheduled()).toBe(false);
  });

  it('drops an ask when a flush ran from outside or it was cancelled', () => {
    const { clock, advance, paint } = manualClock();
    let flushes = 0;
    const coalescer = createCoalescer(() => (flushes += 1), 100, clock);
    coalescer.schedule();
    coalescer.ranNow();
    paint();
    coalescer.schedule();
    coalescer.cancel();
    advance(1_000);
    paint();

    expect(flushes).toBe(0);
  });
});
