import { isInPolygon, type Position } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { labelPosition } from './labelPosition.js';

describe('the label position of an area', () => {
  it('is the centre of a convex area', () => {
    const square: Position[] = [
      [47, 29],
      [48, 29],
      [48, 30],
      [47, 30],
      [47, 29],
    ];
    const [x = 0, y = 0] = labelPosition({ type: 'Polygon', coordinates: [square] }) ?? [];
    expect(x).toBeCloseTo(47.5);
    expect(y).toBeCloseTo(29.5);
  });

  it('lies inside a C-shaped area whose centroid is outside it', () => {
    const c: Position[] = [
      [0, 0],
      [3, 0],
      [3, 1],
      [1, 1],
      [1, 2],
      [3, 2],
      [3, 3],
      [0, 3],
      [0, 0],
    ];
    const position = labelPosition({ type: 'Polygon', coordinates: [c] });
    expect(position).not.toBeNull();
    expect(
      isInPolygon(position ?? [9, 9], [c]) || c.some((p) => p[0] === position?.[0] && p[1] === position[1]),
    ).toBe(true);
  });

  it('is on the largest part of an area made of several', () => {
    const islet: Position[] = [
      [48.3, 29.4],
      [48.31, 29.4],
      [48.31, 29.41],
      [48.3, 29.4],
    ];
    const mainland: Position[] = [
      [47, 29],
      [48, 29],
      [48, 30],
      [47, 30],
      [47, 29],
    ];
    const [x = 0] = labelPosition({ type: 'MultiPolygon', coordinates: [[islet], [mainland]] }) ?? [];
    expect(x).toBeCloseTo(47.5);
  });
});
