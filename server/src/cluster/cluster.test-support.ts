import { randomBytes } from 'node:crypto';

/** The machine's Redis; each test uses its own key prefix. */
export const REDIS_TEST_URL = process.env.MIRSAD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run shares. */
export function redisPrefix(): string {
  return `mirsad-test-${randomBytes(6).toString('hex')}:`;
}
