import { describe, expect, it } from 'vitest';
import { exerciseIdOf } from './exerciseMode.js';

describe('exerciseIdOf', () => {
  it('reads the exercise named in the address', () => {
    expect(exerciseIdOf('?exercise=ex-42&lang=ar')).toBe('ex-42');
  });

  it('shows the live picture when no exercise, an empty one or an overlong one is named', () => {
    expect(exerciseIdOf('')).toBeNull();
    expect(exerciseIdOf('?exercise=')).toBeNull();
    expect(exerciseIdOf(`?exercise=${'x'.repeat(65)}`)).toBeNull();
  });
});
