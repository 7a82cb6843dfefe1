import { describe, expect, it } from 'vitest';
import { makePrincipal } from '../test/fixtures.js';
import { lifecycleStep } from './lifecycle.js';

describe('the realtime lifecycle', () => {
  const traffic = makePrincipal();
  const civilDefence = makePrincipal({ id: 'civil-defence', sectors: ['civil-defence'] });

  it('does nothing until the session check has answered', () => {
    expect(lifecycleStep(undefined, undefined)).toBe('none');
  });

  it('starts on sign-in and not while nobody is signed in', () => {
    expect(lifecycleStep(undefined, null)).toBe('none');
    expect(lifecycleStep(undefined, traffic)).toBe('start');
    expect(lifecycleStep(null, traffic)).toBe('start');
  });

  it('stops on sign-out or a lost session', () => {
    expect(lifecycleStep(traffic, null)).toBe('stop');
  });

  it('keeps running when the same person is confirmed again', () => {
    expect(lifecycleStep(traffic, { ...traffic })).toBe('none');
  });

  it('starts over for another person, whose rooms differ', () => {
    expect(lifecycleStep(traffic, civilDefence)).toBe('restart');
  });
});
