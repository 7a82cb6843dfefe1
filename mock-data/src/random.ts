/**
 * A small seeded pseudo-random generator for demo and test data: mulberry32, which is fast,
 * passes the usual statistical batteries well enough for scenario data, and keeps its whole
 * state in one 32-bit integer. Not for anything that must be unpredictable.
 */

/** A deterministic source of random values; the same seed gives the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array, each equally likely. */
  pick<T>(items: readonly T[]): T;
  /** One value of `[value, weight]` entries, chosen in proportion to the weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A normally distributed float (Box-Muller). */
  normal(mean: number, standardDeviation: number): number;
}

const UINT32_RANGE = 2 ** 32;

/** Mixes numbers into one 32-bit seed, so that `(seed, n)` gives every item its own stream. */
export function deriveSeed(...parts: readonly number[]): number {
  // murmur3's finaliser over each part: neighbouring inputs give unrelated seeds.
  let hash = 0x9e3779b9;
  for (const part of parts) {
    if (!Number.isSafeInteger(part)) throw new RangeError(`a seed part must be a safe integer, got ${part}`);
    // Fold the high bits in too, so seeds above 2^32 are not silently truncated.
    const high = Math.floor(part / UINT32_RANGE);
    for (const word of [part >>> 0, high >>> 0]) {
      hash = Math.imul(hash ^ word, 0x85ebca6b);
      hash ^= hash >>> 13;
      hash = Math.imul(hash, 0xc2b2ae35);
      hash ^= hash >>> 16;
    }
  }
  return hash >>> 0;
}

/** A mulberry32 generator seeded with `seed` (any safe integer). */
export function createRandom(seed: number): Random {
  let state = deriveSeed(seed);

  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
  };

  return {
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`int needs integers min <= max, got ${min} and ${max}`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      if (!(max >= min)) throw new RangeError(`float needs min <= max, got ${min} and ${max}`);
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('cannot pick from an empty array');
      return item;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, weight] of entries) {
        if (!(weight >= 0) || !Number.isFinite(weight))
          throw new RangeError(`a weight must be >= 0, got ${weight}`);
        total += weight;
      }
      if (total <= 0) throw new RangeError('weighted needs at least one positive weight');
      let rest = next() * total;
      for (const [value, weight] of entries) {
        rest -= weight;
        if (rest < 0) return value;
      }
      // Rounding can leave `rest` a hair above zero after the loop: the last positive entry wins.
      const last = entries.findLast(([, weight]) => weight > 0);
      if (!last) throw new RangeError('weighted needs at least one positive weight');
      return last[0];
    },
    normal(mean, standardDeviation) {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
