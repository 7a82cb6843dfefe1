import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { IncidentSchema, type NewMirsadEvent } from '@mirsad/shared';
import type { MirsadServer } from './app.js';
import { requestAudit, type RequestAudit } from './auth/request-audit.js';
import { EventLog } from './event-log.js';
import { BACKENDS, countGroups, type TestBackend, type TestPlace } from './store/backends.test-support.js';
import type { EventStore } from './store/event.store.js';
import { login, reportedEvent, sampleReport, startTestServer, storedIncident } from './test-support.js';

const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A fresh place of the backend, removed after the test. */
async function freshPlace(backend: TestBackend): Promise<TestPlace> {
  const place = await backend.place();
  closers.push(() => place.remove());
  return place;
}

async function openLog(
  backend: TestBackend,
  maxGroupMs?: number,
): Promise<{ log: EventLog; store: EventStore; counter: { readonly groups: number }; place: TestPlace }> {
  const place = await freshPlace(backend);
  const stores = await place.open();
  const counter = countGroups(stores);
  const store = stores.events;
  const audit = stores.groupAudit ?? stores.audit;
  const log = new EventLog(
    store,
    (entry) => audit.append({ ...entry, at: new Date().toISOString() }),
    maxGroupMs,
  );
  closers.push(() => store.close());
  return { log, store, counter, place };
}

function report(n: number, externalRef: string | null = `ref-${n}`): NewMirsadEvent {
  return reportedEvent(storedIncident(n, { externalRef }));
}

/** The sequences another connection sees committed. */
const committedSeqs = async (place: TestPlace): Promise<number[]> =>
  (await place.query<{ seq: number | string }>('SELECT seq FROM events ORDER BY seq')).map((row) =>
    Number(row.seq),
  );

describe.each(BACKENDS)('EventLog group commit on $name', (backend) => {
  it('commits works queued together with one fsync, in call order, and answers none before it is durable', async () => {
    // Time never closes this group early, so a loaded machine cannot split it: only the count would.
    const { log, counter, place } = await openLog(backend, 60_000);
    const heard: number[] = [];
    const seen: Promise<void>[] = [];
    log.onEvent((event) => {
      // A listener (the broadcast) hears of an event only once another connection can read it.
      seen.push(
        committedSeqs(place).then((seqs) => {
          expect(seqs).toContain(event.seq);
        }),
      );
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
          .then(async (seq) => {
            answered.push(seq);
            expect(await committedSeqs(place)).toContain(seq);
            return seq;
          }),
      ),
    );
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    expect(answered).toEqual(seqs);
    expect(heard).toEqual(seqs);
    await Promise.all(seen);
    expect(counter.groups).toBe(1);
  });

  it('undoes only the events of a work that fails, keeping the rest of its group without a gap', async () => {
    // A slow round trip cannot close the group early: only the count of works would.
    const { log, store, counter, place } = await openLog(backend, 60_000);
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
    expect(await committedSeqs(place)).toEqual([1, 2]);
    expect(heard).toEqual([1, 2]);
    expect(counter.groups).toBe(1);
    // The next append follows on from the kept events.
    expect((await log.serialised(() => log.commit(report(5)))).seq).toBe(3);
  });

  it('lets a work see what an earlier work of its group appended, so an idempotency check holds', async () => {
    const { log, store, counter } = await openLog(backend, 60_000);
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
    expect(counter.groups).toBe(1);
  });

  it("writes a request's audit entry in the transaction of its change, and neither when the change fails", async () => {
    const { log, place } = await openLog(backend);
    const auditRows = (): Promise<{ actor: string; detail: string | null }[]> =>
      place.query<{ actor: string; detail: string | null }>('SELECT actor, detail FROM audit');
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
    // Checked as it settles, not later: the checks in between await the database.
    const failure = expect(failedWork).rejects.toThrow(/refused/);
    await keptWork;
    // Answered: the change and its audit entry are both committed.
    expect(await committedSeqs(place)).toEqual([1]);
    expect(await auditRows()).toEqual([{ actor: 'user:kept', detail: 'seq 1' }]);
    await failure;
    expect(await committedSeqs(place)).toEqual([1]);
    expect(await auditRows()).toHaveLength(1);
    expect(kept.isRecorded).toBe(true);
    // Left for the response hook, which records the failure as before.
    expect(failed.isRecorded).toBe(false);
  });
});

describe.each(BACKENDS)('group commit over HTTP on $name', (backend) => {
  let server: MirsadServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it("answers each connection's reports in sequence order, leaves no gap and audits each with its events", async () => {
    const place = await freshPlace(backend);
    const stores = await place.open();
    const events = countGroups(stores);
    server = await startTestServer(place.dataDir, {}, { stores });
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
    const audited = (
      await place.query<{ detail: string }>(
        "SELECT detail FROM audit WHERE action = 'http.post' AND target = '/api/incidents' AND outcome = 'ok'",
      )
    ).map((row) => row.detail);
    expect(audited.sort()).toEqual([...seqOf.values()].map((seq) => `seq ${seq}`).sort());
  });
});
