import { describe, expect, it } from 'vitest';
import { median, quantile, quantileSorted } from './stats.js';

describe('quantiles', () => {
  it('gives null for no values', () => {
    expect(median([])).toBeNull();
    expect(quantileSorted([], 0.9)).toBeNull();
  });

  it('takes the nearest rank, so the median is always one of the values', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([10, 1], 1)).toBe(10);
    expect(quantile([10, 1], 0)).toBe(1);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
