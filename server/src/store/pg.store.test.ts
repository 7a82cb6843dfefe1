import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../event-log.js';
import { reportedEvent, storedIncident } from '../test-support.js';
import { cleanupAfterEach } from './backends.test-support.js';
import { PG_LOG_CHANNEL, PgEventStore } from './pg.store.js';
import { redactedUrl } from './pg.database.js';

const { later, freshDatabase } = cleanupAfterEach();

async function openStore(url: string): Promise<PgEventStore> {
  const store = await PgEventStore.open(url);
  later(() => store.close());
  return store;
}

/** A connection of its own, closed after the test. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  later(() => client.end());
  return client;
}

describe('PgEventStore group commit', () => {
  it('undoes a failing first work of a group (it sets no savepoint) and keeps the works after it', async () => {
    const database = await freshDatabase();
    const store = await openStore(database.url);
    // A slow round trip cannot close the group early.
    const log = new EventLog(store, null, 60_000);
    let commits = 0;
    const commitGroup = store.commitGroup.bind(store);
    store.commitGroup = () => {
      commits++;
      return commitGroup();
    };
    const failing = log.serialised(async () => {
      await log.commit(reportedEvent(storedIncident(1, { externalRef: 'undone-1' })));
      await log.commit(reportedEvent(storedIncident(2, { externalRef: 'undone-2' })));
      throw new Error('the check after the append failed');
    });
    const kept = [3, 4].map((n) =>
      log.serialised(() => log.commit(reportedEvent(storedIncident(n, { externalRef: `kept-${n}` })))),
    );
    await expect(failing).rejects.toThrow(/after the append/);
    expect(await Promise.all(kept.map(async (event) => (await event).seq))).toEqual([1, 2]);
    expect(commits).toBe(1);
    const reader = await connect(database.url);
    const { rows } = await reader.query<{ seq: string; ref: string }>(
      'SELECT e.seq, i.external_ref AS ref FROM events e JOIN incidents i ON i.last_seq = e.seq ORDER BY e.seq',
    );
    expect(rows.map((row) => [Number(row.seq), row.ref])).toEqual([
      [1, 'kept-3'],
      [2, 'kept-4'],
    ]);
    expect(await store.headSeq()).toBe(2);
    expect((await log.serialised(() => log.commit(reportedEvent(storedIncident(5))))).seq).toBe(3);
  });
});

describe('PgEventStore on several nodes', () => {
  it('gives two nodes writing at once one gap-free order in which commit order is sequence order', async () => {
    const database = await freshDatabase();
    const nodes = [await openStore(database.url), await openStore(database.url)];
    const logs = nodes.map((store) => new EventLog(store));
    const WRITERS_PER_NODE = 4;
    const REPORTS_PER_WRITER = 40;
    // A reader that tails the log by sequence, as another node does: at no moment may it see
    // a number whose predecessor is not yet visible, or it would skip an event for ever.
    const tail = await connect(database.url);
    const seen: number[] = [];
    const writing = { isOn: true };
    const tailing = (async () => {
      for (;;) {
        const wasWriting = writing.isOn;
        const { rows } = await tail.query<{ seq: string }>(
          'SELECT seq FROM events WHERE seq > $1 ORDER BY seq',
          [seen.at(-1) ?? 0],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          expect(seq, `after ${seen.at(-1) ?? 0} the tail saw ${seq}`).toBe((seen.at(-1) ?? 0) + 1);
          seen.push(seq);
        }
        if (!wasWriting) return;
      }
    })();
    const answered = await Promise.all(
      logs.flatMap((log, node) =>
        Array.from({ length: WRITERS_PER_NODE }, async (_, writer) => {
          const seqs: number[] = [];
          for (let n = 0; n < REPORTS_PER_WRITER; n++) {
            const number = (node * WRITERS_PER_NODE + writer) * 1000 + n;
            const event = await log.serialised(() =>
              log.commit(reportedEvent(storedIncident(number, { externalRef: `node-${node}-${number}` }))),
            );
            seqs.push(event.seq);
          }
          return { node, seqs };
        }),
      ),
    );
    writing.isOn = false;
    await tailing;
    const total = 2 * WRITERS_PER_NODE * REPORTS_PER_WRITER;
    expect(seen).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    // Every answered event is in the log once, each writer's in the order it wrote them.
    const all = answered.flatMap(({ seqs }) => seqs).sort((a, b) => a - b);
    expect(all).toEqual(seen);
    for (const { seqs } of answered) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Both nodes wrote, so the order really was shared between them.
    for (const node of [0, 1])
      expect(answered.filter((a) => a.node === node).flatMap((a) => a.seqs)).not.toEqual([]);
    expect(await nodes[0]?.headSeq()).toBe(total);
    expect(await nodes[1]?.headSeq()).toBe(total);
  });

  it('tells listeners of the new head once a group commits, never for a group undone', async () => {
    const database = await freshDatabase();
    const store = await openStore(database.url);
    const listener = await connect(database.url);
    const heads: number[] = [];
    listener.on('notification', (message) => {
      if (message.channel === PG_LOG_CHANNEL) heads.push(Number(message.payload));
    });
    await listener.query(`LISTEN ${PG_LOG_CHANNEL}`);
    const log = new EventLog(store);
    await log.serialised(() => log.commit(reportedEvent(storedIncident(1))));
    await expect(
      log.serialised(async () => {
        await log.commit(reportedEvent(storedIncident(2)));
        throw new Error('undone');
      }),
    ).rejects.toThrow(/undone/);
    await log.serialised(() => log.commit(reportedEvent(storedIncident(3))));
    // A notification is delivered after its commit; a round trip on the listener's connection lets it arrive.
    for (let attempt = 0; attempt < 100 && heads.length < 2; attempt++) await listener.query('SELECT 1');
    expect(heads).toEqual([1, 2]);
  });

  it('reconnects its writer after losing the connection, failing only the group it was in', async () => {
    const database = await freshDatabase();
    const store = await openStore(database.url);
    const log = new EventLog(store);
    const write = (n: number): Promise<number> =>
      log.serialised(() => log.commit(reportedEvent(storedIncident(n)))).then((event) => event.seq);
    expect(await write(1)).toBe(1);
    // The database restarts, or an operator ends the sessions: every connection of the store drops.
    const admin = await connect(database.url);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    let seq = 0;
    for (let attempt = 2; attempt < 50 && seq === 0; attempt++) seq = await write(attempt).catch(() => 0);
    expect(seq).toBe(2);
    expect(await write(100)).toBe(3);
    const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM events ORDER BY seq');
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
  });

  it('refuses a database written by a newer server, naming the migration it does not know', async () => {
    const database = await freshDatabase();
    await (await openStore(database.url)).close();
    const client = await connect(database.url);
    await client.query("INSERT INTO migrations (name, applied_at) VALUES ('9999-from-the-future', 'now')");
    await expect(PgEventStore.open(database.url)).rejects.toThrow(/newer Mirsad.*9999-from-the-future/);
  });

  it('keeps a password out of the addresses it prints', () => {
    expect(redactedUrl('postgres://mirsad:secret@db:5432/mirsad')).toBe(
      'postgres://mirsad:***@db:5432/mirsad',
    );
  });
});
