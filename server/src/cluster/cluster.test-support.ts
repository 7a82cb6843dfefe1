import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL, where each test creates its own database. */
export const POSTGRES_ADMIN_URL =
  process.env.MIRSAD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The machine's Redis; each test uses its own key prefix. */
export const REDIS_TEST_URL = process.env.MIRSAD_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** A fresh database with a random name; `drop` removes it (after closing every connection to it). */
export async function freshDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `mirsad_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A key prefix no other run shares. */
export function redisPrefix(): string {
  return `mirsad-test-${randomBytes(6).toString('hex')}`;
}
