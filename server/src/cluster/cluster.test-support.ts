import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openPgStores, startServer, type MirsadServer, type StartOptions } from '../app.js';
import type { ServerConfig } from '../config.js';
import { createTestDatabase } from '../store/pg.test-support.js';
import { startTestServer, tempDataDir, testConfig } from '../test-support.js';

/** The machine's Redis; each test uses its own key prefix. */
export const REDIS_TEST_URL = process.env.MIRSAD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run shares. */
export function redisPrefix(): string {
  return `mirsad-test-${randomBytes(6).toString('hex')}:`;
}

/** Deletes a run's Redis keys (its adapter stream, rate-limit counters). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_TEST_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

/** What a test closes after it, last added first. */
export type Closers = (() => Promise<void> | void)[];

/**
 * Two in-process nodes of one room, `node-a` and `node-b`: one fresh PostgreSQL database, one
 * Redis prefix. A starts first (it leads) and creates the test accounts. Everything they hold
 * is pushed on `closers`.
 */
export async function twoNodes(
  closers: Closers,
  {
    config = {},
    options = {},
  }: { config?: Partial<ServerConfig>; options?: Omit<StartOptions, 'stores'> } = {},
): Promise<{ a: MirsadServer; b: MirsadServer }> {
  const database = await createTestDatabase();
  const prefix = redisPrefix();
  closers.push(
    () => database.drop(),
    () => dropRedisPrefix(prefix),
  );
  const shared = { redisUrl: REDIS_TEST_URL, redisPrefix: prefix, ...config };
  const a = await startTestServer(
    tempDataDir(),
    { ...shared, nodeId: 'node-a' },
    { ...options, stores: await openPgStores(database.url) },
  );
  closers.push(() => a.close());
  const b = await startServer(testConfig(tempDataDir(), { ...shared, nodeId: 'node-b' }), {
    ...options,
    stores: await openPgStores(database.url),
  });
  closers.push(() => b.close());
  return { a, b };
}
