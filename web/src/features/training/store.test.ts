import { describe, expect, it } from 'vitest';
import { debriefIdOf } from './store.js';

describe('debriefIdOf', () => {
  it('opens the debrief of the exercise the address names', () => {
    expect(debriefIdOf('?debrief=ex-0a1b2c3d&lang=ar')).toBe('ex-0a1b2c3d');
  });

  it('shows the console for no exercise or something that is not an exercise id', () => {
    expect(debriefIdOf('')).toBeNull();
    expect(debriefIdOf('?debrief=../api')).toBeNull();
  });
});
