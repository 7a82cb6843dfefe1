import type { Position } from '@mirsad/shared';

/**
 * Checks on closed linear rings that the schemas cannot express. Used by the tests of the
 * gazetteer and of the generator's areas; not exported from the package.
 */

/** Twice the signed area of a closed ring, square degrees: positive when counterclockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

function orientation(a: Position, b: Position, c: Position): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function isWithinBox(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Whether segments ab and cd share any point, touching and overlapping included. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && isWithinBox(a, b, c)) ||
    (o2 === 0 && isWithinBox(a, b, d)) ||
    (o3 === 0 && isWithinBox(c, d, a)) ||
    (o4 === 0 && isWithinBox(c, d, b))
  );
}

/** Whether a closed ring never crosses or touches itself, but where consecutive edges join. */
export function isSimpleRing(ring: readonly Position[]): boolean {
  const edgeCount = ring.length - 1;
  for (let i = 0; i < edgeCount; i++) {
    for (let j = i + 2; j < edgeCount; j++) {
      // The first and the last edge join at the closing vertex.
      if (i === 0 && j === edgeCount - 1) continue;
      const a = ring[i];
      const b = ring[i + 1];
      const c = ring[j];
      const d = ring[j + 1];
      if (a && b && c && d && segmentsMeet(a, b, c, d)) return false;
    }
  }
  return true;
}
