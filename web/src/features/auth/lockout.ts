import { TooManyAttemptsSchema, type TooManyAttempts } from '@mirsad/shared';

/** The body of a 429 answer (locked, or rate limited, and for how long), or null when it is not one. */
export function tooManyAttemptsOf(body: unknown): TooManyAttempts | null {
  const parsed = TooManyAttemptsSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** When another sign-in may succeed (ISO): the lock's end, or now plus the wait the server named. */
export function retryAtOf(refusal: TooManyAttempts, nowMs: number): string {
  return refusal.lockedUntil ?? new Date(nowMs + refusal.retryAfterSeconds * 1000).toISOString();
}
