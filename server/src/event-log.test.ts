import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IncidentSchema, type NewMirsadEvent } from '@mirsad/shared';
import type { MirsadServer } from './app.js';
import { requestAudit, type RequestAudit } from './auth/request-audit.js';
import { EventLog } from './event-log.js';
import { SqliteAccountStore, SqliteAuditStore } from './store/sqlite.accounts.js';
import { openSqlite } from './store/sqlite.database.js';
import { SqliteEventStore } from './store/sqlite.store.js';
import {
  login,
  reportedEvent,
  sampleReport,
  startTestServer,
  storedIncident,
  tempDataDir,
} from './test-support.js';

/** The real store, counting its group commits (each one fsync). */
class CountingStore extends SqliteEventStore {
  groups = 0;

  override commitGroup(): Promise<void> {
    this.groups++;
    return super.commitGroup();
  }
}

const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function openLog(maxGroupMs?: number): {
  log: EventLog;
  store: CountingStore;
  audit: SqliteAuditStore;
  other: Database.Database;
} {
  const { db, file } = openSqlite(tempDataDir());
  const store = new CountingStore(db, file);
  const audit = new SqliteAuditStore(db);
  const log = new EventLog(
    store,
    (entry) => audit.append({ ...entry, at: new Date().toISOString() }),
    maxGroupMs,
  );
  // A second connection sees only what is committed.
  const other = new Database(file, { readonly: true });
  closers.push(
    () => store.close(),
    () => void other.close(),
  );
  return { log, store, audit, other };
}

function report(n: number, externalRef: string | null = `ref-${n}`): NewMirsadEvent {
  return reportedEvent(storedIncident(n, { externalRef }));
}

const committedSeqs = (db: Database.Database): number[] =>
  db
    .prepare<[], { seq: number }>('SELECT seq FROM events ORDER BY seq')
    .all()
    .map((row) => row.seq);

describe('EventLog group commit', () => {
  it('commits works queued together with one fsync, in call order, and answers none before it is durable', async () => {
    // Time never closes this group early, so a loaded machine cannot split it: only the count would.
    const { log, store, other } = openLog(60_000);
    const heard: number[] = [];
    log.onEvent((event) => {
      // A listener (the broadcast) hears of an event only once another connection can read it.
      expect(committedSeqs(other)).toContain(event.seq);
      heard.push(event.seq);
    });
    const answered: number[] = [];
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        log
          .serialised(async () => {
            const { seq } = await log.commit(report(n));
            return seq;
          })
          .then((seq) => {
            expect(committedSeqs(other)).toContain(seq);
            answered.push(seq);
            return seq;
          }),
      ),
    );
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    expect(answered).toEqual(seqs);
    expect(heard).toEqual(seqs);
    expect(store.groups).toBe(1);
  });

  it('undoes only the events of a work that fails, keeping the rest of its group without a gap', async () => {
    const { log, store, other } = openLog();
    const heard: number[] = [];
    log.onEvent((event) => heard.push(event.seq));
    const first = log.serialised(() => log.commit(report(1)));
    const failing = log.serialised(async () => {
      await log.commit(report(2));
      await log.commit(report(3));
      throw new Error('the check after the append failed');
    });
    const third = log.serialised(() => log.commit(report(4)));
    await expect(failing).rejects.toThrow(/after the append/);
    expect((await first).seq).toBe(1);
    expect((await third).seq).toBe(2);
    expect(await store.headSeq()).toBe(2);
    expect(committedSeqs(other)).toEqual([1, 2]);
    expect(heard).toEqual([1, 2]);
    expect(store.groups).toBe(1);
    // The next append follows on from the kept events.
    expect((await log.serialised(() => log.commit(report(5)))).seq).toBe(3);
  });

  it('lets a work see what an earlier work of its group appended, so an idempotency check holds', async () => {
    const { log, store } = openLog();
    const reportOnce = (n: number) =>
      log.serialised(async () => {
        const existing = await store.findByExternalRef('test', 'same-ref', null);
        if (existing) return existing.id;
        const event = await log.commit(report(n, 'same-ref'));
        return event.type === 'incident.reported' ? event.data.incident.id : '';
      });
    const [a, b] = await Promise.all([reportOnce(1), reportOnce(2)]);
    expect(b).toBe(a);
    expect(await store.headSeq()).toBe(1);
    expect(store.groups).toBe(1);
  });

  it("writes a request's audit entry in the transaction of its change, and neither when the change fails", async () => {
    const { log, other } = openLog();
    const auditRows = (): { actor: string; detail: string | null }[] =>
      other.prepare<[], { actor: string; detail: string | null }>('SELECT actor, detail FROM audit').all();
    const context = (actor: string): RequestAudit => ({
      entry: { actor, action: 'http.post', target: '/api/incidents', ip: '127.0.0.1' },
      isRecorded: false,
      isClosed: false,
    });
    const kept = context('user:kept');
    const failed = context('user:failed');
    const keptWork = requestAudit.run(kept, () => log.serialised(() => log.commit(report(1))));
    const failedWork = requestAudit.run(failed, () =>
      log.serialised(async () => {
        await log.commit(report(2));
        throw new Error('refused after the append');
      }),
    );
    await keptWork;
    // Answered: the change and its audit entry are both committed.
    expect(committedSeqs(other)).toEqual([1]);
    expect(auditRows()).toEqual([{ actor: 'user:kept', detail: 'seq 1' }]);
    await expect(failedWork).rejects.toThrow(/refused/);
    expect(committedSeqs(other)).toEqual([1]);
    expect(auditRows()).toHaveLength(1);
    expect(kept.isRecorded).toBe(true);
    // Left for the response hook, which records the failure as before.
    expect(failed.isRecorded).toBe(false);
  });
});

describe('group commit over HTTP', () => {
  let server: MirsadServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it("answers each connection's reports in sequence order, leaves no gap and audits each with its events", async () => {
    const { db, file } = openSqlite(tempDataDir());
    const events = new CountingStore(db, file);
    server = await startTestServer(
      path.dirname(file),
      {},
      {
        stores: { events, accounts: new SqliteAccountStore(db), audit: new SqliteAuditStore(db) },
      },
    );
    const cookie = await login(server.url, 'commander');
    const { port } = new URL(server.url);
    const CONNECTIONS = 8;
    const PER_CONNECTION = 25;
    const groupsBefore = events.groups;
    const answers = await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        // One socket per simulated client: its requests go one after another on that connection.
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const ids: string[] = [];
        for (let i = 0; i < PER_CONNECTION; i++) {
          const body = JSON.stringify(sampleReport(c * 1000 + i, { externalRef: `conn-${c}-${i}` }));
          const text = await new Promise<string>((resolve, reject) => {
            const request = http.request(
              {
                host: '127.0.0.1',
                port,
                path: '/api/incidents',
                method: 'POST',
                agent,
                // A cookie write from the app carries its Origin.
                headers: { 'content-type': 'application/json', cookie, origin: `http://127.0.0.1:${port}` },
              },
              (response) => {
                let data = '';
                response.on('data', (chunk: Buffer) => (data += chunk.toString()));
                response.on('end', () => {
                  if (response.statusCode === 201) resolve(data);
                  else reject(new Error(`answered ${response.statusCode}: ${data}`));
                });
              },
            );
            request.on('error', reject);
            request.end(body);
          });
          ids.push(IncidentSchema.parse(JSON.parse(text)).id);
        }
        agent.destroy();
        return ids;
      }),
    );
    const log = await server.store.readEvents(0, 10_000);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    const seqOf = new Map(
      log.flatMap((event) =>
        event.type === 'incident.reported' ? [[event.data.incident.id, event.seq]] : [],
      ),
    );
    for (const ids of answers) {
      const seqs = ids.map((id) => seqOf.get(id) ?? -1);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).not.toContain(-1);
    }
    const requests = CONNECTIONS * PER_CONNECTION;
    expect(events.groups - groupsBefore).toBeLessThan(requests);
    // Every report's audit entry names the event its request committed.
    const audited = db
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit WHERE action = 'http.post' AND target = '/api/incidents' AND outcome = 'ok'",
      )
      .all()
      .map((row) => row.detail);
    expect(audited.sort()).toEqual([...seqOf.values()].map((seq) => `seq ${seq}`).sort());
  });
});
