import { describe, expect, it } from 'vitest';
import { retryAtOf, tooManyAttemptsOf } from './lockout.js';

describe('a refused sign-in', () => {
  it('is told until when a locked account opens, from the body, not the message', () => {
    const refusal = tooManyAttemptsOf({
      error: 'locked',
      message: 'any words at all',
      statusCode: 429,
      retryAfterSeconds: 600,
      lockedUntil: '2025-11-20T06:15:00.000Z',
    });
    expect(refusal?.error).toBe('locked');
    expect(refusal && retryAtOf(refusal, Date.parse('2025-11-20T06:05:00.000Z'))).toBe(
      '2025-11-20T06:15:00.000Z',
    );
  });

  it('is told when to try again after a rate limit, from the seconds to wait', () => {
    const refusal = tooManyAttemptsOf({
      error: 'rate_limited',
      message: 'too many requests',
      statusCode: 429,
      retryAfterSeconds: 42,
    });
    expect(refusal?.error).toBe('rate_limited');
    expect(refusal && retryAtOf(refusal, Date.parse('2025-11-20T06:00:00.000Z'))).toBe(
      '2025-11-20T06:00:42.000Z',
    );
  });

  it('reads nothing from a 429 body of another shape', () => {
    expect(
      tooManyAttemptsOf({ error: 'locked', message: 'locked until 2025-11-20T06:15:00.000Z' }),
    ).toBeNull();
    expect(tooManyAttemptsOf(null)).toBeNull();
  });
});
