import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentListSchema, IncidentSchema } from '@mirsad/shared';
import {
  api,
  freePort,
  login,
  recordingClient,
  TEST_PASSWORD,
  sampleReport,
  spawnServer,
  tempDataDir,
  waitFor,
  type RecordingClient,
} from './test-support.js';

const TOTAL_REPORTS = 1000;
const IN_FLIGHT = 8;
/** The server is killed once this many reports have been answered. */
const KILL_AFTER = 350;

const children: ChildProcess[] = [];
let client: RecordingClient | null = null;

async function start(env: Record<string, string>): Promise<ChildProcess> {
  const child = await spawnServer(env);
  children.push(child);
  return child;
}

afterAll(() => {
  client?.close();
  for (const child of children) child.kill('SIGKILL');
});

const ADMIN_ENV = { MIRSAD_ADMIN_USERNAME: 'admin', MIRSAD_ADMIN_PASSWORD: TEST_PASSWORD };

/** Signs in as the first administrator and makes a reporting key for every sector. */
async function credentials(baseUrl: string): Promise<{ admin: string; key: string }> {
  const admin = await login(baseUrl, 'admin');
  const { status, body } = await api(
    baseUrl,
    'POST',
    '/api/keys',
    { name: 'Test feed', role: 'reporter', source: 'test-feed' },
    admin,
  );
  if (status !== 201) throw new Error(`creating a key answered ${status}`);
  return { admin, key: (body as { secret: string }).secret };
}

type Outcome = { kind: 'created' | 'repeated'; id: string } | { kind: 'failed' };

async function post(baseUrl: string, n: number, key: string): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(sampleReport(n, { externalRef: `kill-${n}` })),
    });
    if (response.status !== 201 && response.status !== 200) return { kind: 'failed' };
    const incident = IncidentSchema.parse(await response.json());
    return { kind: response.status === 201 ? 'created' : 'repeated', id: incident.id };
  } catch {
    // The connection died with the server: the report may or may not have been committed.
    return { kind: 'failed' };
  }
}

describe('durability across SIGKILL', () => {
  it('keeps every answered report and delivers each event once, in order, to a client that reconnects', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: tempDataDir(), ...ADMIN_ENV };
    const baseUrl = `http://127.0.0.1:${port}`;
    let child = await start(env);
    const { admin, key } = await credentials(baseUrl);
    client = recordingClient(baseUrl, { cookie: admin });
    await waitFor(() => client?.liveSeqs.length === 1, 'the client to go live');

    const created = new Map<number, string>();
    const pending = Array.from({ length: TOTAL_REPORTS }, (_, n) => n);
    let answered = 0;
    let killed = false;
    while (pending.length > 0) {
      const batch = pending.splice(0, IN_FLIGHT);
      const outcomes = await Promise.all(batch.map((n) => post(baseUrl, n, key)));
      for (const [i, outcome] of outcomes.entries()) {
        const n = batch[i] ?? -1;
        if (outcome.kind === 'failed') {
          pending.push(n); // retried later with the same externalRef: idempotent
          continue;
        }
        answered += 1;
        if (outcome.kind === 'created') created.set(n, outcome.id);
        else if (!created.has(n)) created.set(n, outcome.id); // committed before the kill, answered after
      }
      if (!killed && answered >= KILL_AFTER) {
        killed = true;
        // Fire a last volley and kill the server while it is in flight.
        const volley = pending.splice(0, IN_FLIGHT);
        const inFlight = volley.map((n) => post(baseUrl, n, key));
        child.kill('SIGKILL');
        const lost = await Promise.all(inFlight);
        for (const [i, outcome] of lost.entries()) {
          const n = volley[i] ?? -1;
          if (outcome.kind === 'failed') pending.push(n);
          else created.set(n, outcome.id);
        }
        if (child.exitCode === null && child.signalCode === null) {
          await new Promise((resolve) => child.once('exit', resolve));
        }
        child = await start(env);
      }
    }
    expect(killed).toBe(true);
    expect(created.size).toBe(TOTAL_REPORTS);

    const picture = IncidentListSchema.parse(
      await (await fetch(`${baseUrl}/api/incidents?scope=all`, { headers: { cookie: admin } })).json(),
    );
    const stored = new Set(picture.incidents.map((incident) => incident.id));
    expect(picture.incidents).toHaveLength(TOTAL_REPORTS);
    for (const id of created.values()) expect(stored.has(id)).toBe(true);

    const c = client;
    await waitFor(() => c.lastSeq() === picture.seq, `the client to reach sequence ${picture.seq}`, 30_000);
    const seqs = c.events.map((event) => event.seq);
    expect(seqs).toEqual(Array.from({ length: picture.seq }, (_, i) => i + 1));
    expect(new Set(c.events.map((event) => event.id)).size).toBe(c.events.length);
    expect(c.liveSeqs.length).toBeGreaterThanOrEqual(2); // live before the kill, and again after reconnecting
  });
});

describe('stopping on SIGTERM', () => {
  it('exits 0 promptly and keeps every answered report for the next start', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: tempDataDir(), ...ADMIN_ENV };
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = await start(env);
    const { admin, key } = await credentials(baseUrl);
    const ids: string[] = [];
    for (let n = 0; n < 50; n++) {
      const outcome = await post(baseUrl, n, key);
      if (outcome.kind !== 'failed') ids.push(outcome.id);
    }
    expect(ids).toHaveLength(50);
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await start(env);
    const picture = IncidentListSchema.parse(
      await (await fetch(`${baseUrl}/api/incidents?scope=all`, { headers: { cookie: admin } })).json(),
    );
    expect(picture.incidents.map((incident) => incident.id).sort()).toEqual([...ids].sort());
  });
});
