import { describe, expect, it } from 'vitest';
import { exerciseIdOf, inPageScope } from './exerciseMode.js';

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

describe('inPageScope', () => {
  it('asks for the exercise after an existing query or as the only one', () => {
    expect(inPageScope('/api/incidents?scope=active', 'ex-1a2b3c4d')).toBe(
      '/api/incidents?scope=active&exercise=ex-1a2b3c4d',
    );
    expect(inPageScope('/api/shelters', 'ex-1a2b3c4d')).toBe('/api/shelters?exercise=ex-1a2b3c4d');
  });

  it('leaves a live page’s address alone', () => {
    expect(inPageScope('/api/shelters', null)).toBe('/api/shelters');
  });
});
