import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../test-support.js';
import { createTestDatabase } from '../store/pg.test-support.js';
import { electLeader, soleLeader, type Leadership } from './leader.js';

const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A node's duties, recording when it led. */
function duties(name: string, history: string[]): { lead(): void; follow(): void } {
  return {
    lead: () => {
      history.push(`${name} leads`);
    },
    follow: () => {
      history.push(`${name} follows`);
    },
  };
}

async function node(url: string, name: string, history: string[]): Promise<Leadership> {
  const leadership = await electLeader(url, duties(name, history), name, () => undefined);
  closers.push(() => leadership.stop());
  return leadership;
}

describe('leader election on PostgreSQL', () => {
  it('makes exactly one node the leader, and another takes over within seconds when its connection dies', async () => {
    // Another room on the same server holds the same lock key in its own database.
    const elsewhere = await createTestDatabase();
    closers.push(() => elsewhere.drop());
    await node(elsewhere.url, 'elsewhere', []);
    const database = await createTestDatabase();
    closers.push(() => database.drop());
    const history: string[] = [];
    const a = await node(database.url, 'a', history);
    const b = await node(database.url, 'b', history);
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    // b keeps trying and never gets it while a lives; it knows who has it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(b.isLeader).toBe(false);
    expect([a.leaderId, b.leaderId]).toEqual(['a', 'a']);
    // a's process dies as far as the database can tell: its lock connection is cut.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    closers.push(() => admin.end());
    const killed = await admin.query<{ count: string }>(
      `SELECT count(pg_terminate_backend(pid)) AS count FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [database.name],
    );
    expect(Number(killed.rows[0]?.count)).toBe(1);
    await waitFor(() => b.isLeader && !a.isLeader, 'b to take over and a to stand down', 20_000);
    expect(b.leaderId).toBe('b');
    expect(history.slice(0, 1)).toEqual(['a leads']);
    expect(history).toContain('a follows');
    expect(history.filter((entry) => entry.endsWith('leads')).slice(0, 2)).toEqual(['a leads', 'b leads']);
    // a's retries find the lock taken: one leader still.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect([a.isLeader, b.isLeader]).toEqual([false, true]);
    expect(a.leaderId).toBe('b');
  });

  it('hands the lead over when the leader stops', async () => {
    const database = await createTestDatabase();
    closers.push(() => database.drop());
    const history: string[] = [];
    const a = await node(database.url, 'a', history);
    const b = await node(database.url, 'b', history);
    await a.stop();
    await waitFor(() => b.isLeader, 'b to lead', 20_000);
    expect(history).toEqual(['a leads', 'a follows', 'b leads']);
  });

  it('lets a lone node on the embedded store lead at once', async () => {
    const history: string[] = [];
    const sole = await soleLeader(duties('sole', history), 'sole');
    expect([sole.isLeader, sole.leaderId]).toEqual([true, 'sole']);
    await sole.stop();
    expect(history).toEqual(['sole leads', 'sole follows']);
  });
});
