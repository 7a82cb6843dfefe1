// PostgreSQL for tests and benchmarks: each run gets a database of its own, created on the
// machine's server and dropped after, so runs never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests create their databases: the `test` database of the loopback server. */
export const PG_ADMIN_URL = process.env.MIRSAD_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A freshly created, empty database and the way to drop it. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name; `drop` removes it, closing whatever is still connected. */
export async function createTestDatabase(prefix = 'mirsad_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
