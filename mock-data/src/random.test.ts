import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from './random.js';

const draw = (seed: number, count: number): number[] => {
  const rng = createRandom(seed);
  return Array.from({ length: count }, () => rng.next());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
  });

  it('keeps next() in [0, 1) with a mean near one half', () => {
    const values = draw(1, 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('draws integers that reach both ends of the range and never leave it', () => {
    const rng = createRandom(3);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(-2, 3)));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('refuses an integer range whose ends are reversed or fractional', () => {
    const rng = createRandom(3);
    expect(() => rng.int(5, 1)).toThrow(RangeError);
    expect(() => rng.int(0.5, 2)).toThrow(RangeError);
  });

  it('picks every element of an array and refuses an empty one', () => {
    const rng = createRandom(4);
    const seen = new Set(Array.from({ length: 500 }, () => rng.pick(['a', 'b', 'c'])));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('chooses weighted entries in proportion to their weights and never one of weight zero', () => {
    const rng = createRandom(5);
    const counts = { rare: 0, common: 0, never: 0 };
    for (let i = 0; i < 20_000; i++) {
      const key = rng.weighted([
        ['rare', 1],
        ['common', 3],
        ['never', 0],
      ] as const);
      counts[key]++;
    }
    expect(counts.never).toBe(0);
    expect(counts.common / counts.rare).toBeGreaterThan(2.7);
    expect(counts.common / counts.rare).toBeLessThan(3.3);
  });

  it('refuses weights that are all zero or negative', () => {
    const rng = createRandom(5);
    expect(() => rng.weighted([['a', 0]])).toThrow(RangeError);
    expect(() => rng.weighted([['a', -1]])).toThrow(RangeError);
  });

  it('draws normal values with the asked mean and standard deviation', () => {
    const rng = createRandom(6);
    const values = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('returns true from chance(p) about p of the time', () => {
    const rng = createRandom(9);
    const hits = Array.from({ length: 10_000 }, () => rng.chance(0.2)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(1800);
    expect(hits).toBeLessThan(2200);
  });
});

describe('deriveSeed', () => {
  it('gives neighbouring inputs unrelated 32-bit seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, n) => deriveSeed(42, n));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });

  it('tells apart seeds that differ only above 32 bits', () => {
    expect(deriveSeed(1)).not.toBe(deriveSeed(1 + 2 ** 32));
  });

  it('depends on the order of its parts', () => {
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });

  it('refuses a part that is not a safe integer', () => {
    expect(() => deriveSeed(1.5)).toThrow(RangeError);
  });
});
