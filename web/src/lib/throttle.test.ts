import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from './throttle.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('throttleLatest', () => {
  it('runs at once when quiet, then only the latest call at the end of the interval', () => {
    const seen: number[] = [];
    const throttled = throttleLatest((n: number) => seen.push(n), 200);

    throttled.call(1);
    throttled.call(2);
    throttled.call(3);
    expect(seen).toEqual([1]);

    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1, 3]);
  });

  it('drops a pending call when cancelled', () => {
    const seen: number[] = [];
    const throttled = throttleLatest((n: number) => seen.push(n), 200);
    throttled.call(1);
    throttled.call(2);
    throttled.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1]);
  });
});
