/**
 * Quantiles used by every figure the product shows (the wall's medians, the review's
 * distributions, the debrief's medians), so the same data gives the same number everywhere.
 * Nearest-rank definition: the smallest value with at least `q` of the values at or below it.
 */

/** The value below which `q` (0–1) of the ascending `sorted` values lie, nearest rank; null for none. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** The `q` quantile (0–1) of values in any order, nearest rank; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    q,
  );
}

/** The median (nearest rank, so always one of the values) of values in any order; null for none. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}
