import { afterEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import { CATCH_UP_BATCH_SIZE, PROTOCOL_VERSION } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  login,
  principalFor,
  recordingClient,
  sampleReport,
  startTestServer,
  tempDataDir,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

const COMMANDER = principalFor('commander');

const servers: MirsadServer[] = [];
const clients: RecordingClient[] = [];

async function newServer(dataDir?: string): Promise<MirsadServer> {
  const server = await startTestServer(dataDir);
  servers.push(server);
  return server;
}

function client(...args: Parameters<typeof recordingClient>): RecordingClient {
  const c = recordingClient(...args);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The duty commander's socket once live, and the size of each live frame it receives. */
async function liveCommander(server: MirsadServer): Promise<{ c: RecordingClient; frames: number[] }> {
  const c = client(server.url, { lastSeq: 0, cookie: await login(server.url, 'commander') });
  await waitFor(() => c.liveSeqs.length > 0, 'log.live');
  const frames: number[] = [];
  c.socket.on('log.events', (batch) => frames.push(batch.length));
  return { c, frames };
}

const seqsOf = (c: RecordingClient): number[] => c.events.map((event) => event.seq);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('RealtimeGateway', () => {
  it('sends every event after the named sequence, says it is live, then sends live events', async () => {
    const server = await newServer();
    for (let n = 0; n < 5; n++) await server.incidents.report(sampleReport(n), COMMANDER);
    const c = client(server.url, { lastSeq: 2, cookie: await login(server.url, 'commander') });
    await waitFor(() => c.liveSeqs.length > 0, 'log.live');
    expect(seqsOf(c)).toEqual([3, 4, 5]);
    expect(c.liveSeqs).toEqual([5]);
    await server.incidents.report(sampleReport(5), COMMANDER);
    await waitFor(() => c.events.length === 4, 'the live event');
    expect(seqsOf(c)).toEqual([3, 4, 5, 6]);
  });

  it('delivers each event exactly once, in order, when writes race a long catch-up', async () => {
    const server = await newServer();
    for (let n = 0; n < 1200; n++) await server.incidents.report(sampleReport(n), COMMANDER);
    const c = client(server.url, { lastSeq: 0, cookie: await login(server.url, 'commander') });
    // Writes keep landing while the client pages through the first 1,200 events.
    const writes = (async () => {
      for (let n = 1200; n < 1500; n++) await server.incidents.report(sampleReport(n), COMMANDER);
    })();
    await writes;
    await waitFor(() => c.lastSeq() === 1500, 'all 1,500 events', 30_000);
    expect(seqsOf(c)).toEqual(range(1, 1500));
  });

  it('sends the events of one group commit to a socket in fewer frames than events, in order', async () => {
    const server = await newServer();
    const { c, frames } = await liveCommander(server);
    // Reports sent together are committed in one or two groups.
    await Promise.all(range(1, 10).map((n) => server.incidents.report(sampleReport(n), COMMANDER)));
    const head = await server.store.headSeq();
    await waitFor(() => c.events.length === head, 'every event');
    expect(seqsOf(c)).toEqual(range(1, head));
    expect(frames.length).toBeLessThan(head / 2);
  });

  it('sends a group to a socket in few frames even when consecutive events have different rooms', async () => {
    const server = await newServer();
    const { c, frames } = await liveCommander(server);
    // Every other report is another sector's, so consecutive events never share their rooms.
    await Promise.all(
      range(1, 10).map((n) =>
        server.incidents.report(
          n % 2 === 0 ? sampleReport(n) : sampleReport(n, { sector: 'civil-defence', category: 'flooding' }),
          COMMANDER,
        ),
      ),
    );
    const head = await server.store.headSeq();
    await waitFor(() => c.events.length === head, 'every event');
    expect(seqsOf(c)).toEqual(range(1, head));
    expect(frames.length).toBeLessThan(head / 2);
  });

  it('sends a sector room only its own sectors’ events', async () => {
    const server = await newServer();
    const traffic = client(server.url, { cookie: await login(server.url, 'traffic') });
    const joint = client(server.url, { cookie: await login(server.url, 'commander') });
    await waitFor(() => traffic.liveSeqs.length > 0 && joint.liveSeqs.length > 0, 'both clients live');
    await server.incidents.report(
      sampleReport(1, { sector: 'civil-defence', category: 'flooding' }),
      COMMANDER,
    );
    await server.incidents.report(sampleReport(2), COMMANDER);
    await waitFor(() => joint.events.length === 2, 'the joint room to see both');
    await waitFor(() => traffic.events.length === 1, 'the traffic room to see its own');
    // Another report proves the traffic client would have had time to receive the first.
    await server.incidents.report(sampleReport(3), COMMANDER);
    await waitFor(() => traffic.events.length === 2, 'the second traffic event');
    expect(traffic.events.map((e) => e.sectors)).toEqual([['traffic'], ['traffic']]);
    expect(joint.events).toHaveLength(3);
  });

  it('encodes a live frame only for rooms that a socket of this node is in', async () => {
    const server = await newServer();
    const traffic = client(server.url, { cookie: await login(server.url, 'traffic') });
    await waitFor(() => traffic.liveSeqs.length > 0, 'log.live');
    let framesReceived = 0;
    traffic.socket.on('log.events', () => {
      framesReceived++;
    });
    // Every frame socket.io sends from this server, broadcast or not, passes through its one encoder.
    const encode = vi.spyOn(server.gateway.io.encoder, 'encode');
    const framesEncoded = (): number =>
      encode.mock.calls.filter(([packet]) => (packet.data as unknown[] | undefined)?.[0] === 'log.events')
        .length;
    // Its rooms (joint, civil defence) have no socket here; the traffic report's have one.
    await server.incidents.report(
      sampleReport(1, { sector: 'civil-defence', category: 'flooding' }),
      COMMANDER,
    );
    const { incident } = await server.incidents.report(sampleReport(2), COMMANDER);
    await waitFor(
      () =>
        traffic.events.some(
          (event) => event.type === 'incident.reported' && event.data.incident.id === incident.id,
        ),
      'the traffic report',
    );
    expect(framesReceived).toBeGreaterThan(0);
    expect(framesEncoded()).toBe(framesReceived);
  });

  it('filters a sector client’s catch-up the same way as its live events', async () => {
    const server = await newServer();
    await server.incidents.report(
      sampleReport(1, { sector: 'civil-defence', category: 'flooding' }),
      COMMANDER,
    );
    await server.incidents.report(sampleReport(2), COMMANDER);
    const traffic = client(server.url, { sectors: ['traffic'], cookie: await login(server.url, 'traffic') });
    await waitFor(() => traffic.liveSeqs.length > 0, 'log.live');
    expect(seqsOf(traffic)).toEqual([2]);
  });

  it('refuses a client of another protocol version and a malformed handshake, saying why', async () => {
    const server = await newServer();
    const cookie = await login(server.url, 'commander');
    const refusal = (auth: Record<string, unknown>): Promise<{ message: string; code: unknown }> =>
      new Promise((resolve) => {
        const socket = io(server.url, {
          transports: ['websocket'],
          reconnection: false,
          auth,
          extraHeaders: { cookie, origin: server.url },
        });
        socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
          socket.close();
          resolve({ message: error.message, code: error.data?.code });
        });
      });
    const mismatch = await refusal({ protocolVersion: PROTOCOL_VERSION + 1, lastSeq: 0 });
    expect(mismatch.code).toBe('protocol_mismatch');
    expect(mismatch.message).toMatch(/reload/);
    const malformed = await refusal({ protocolVersion: PROTOCOL_VERSION, lastSeq: -4, sectors: ['navy'] });
    expect(malformed.code).toBe('bad_handshake');
    expect(malformed.message).toMatch(/auth\.lastSeq/);
    expect(malformed.message).toMatch(/auth\.sectors\.0/);
  });

  it('catches a recent reconnect up from memory: exactly the missed events it may see, no store read', async () => {
    const server = await newServer();
    const joint = client(server.url, { cookie: await login(server.url, 'commander') });
    const traffic = client(server.url, { sectors: ['traffic'], cookie: await login(server.url, 'traffic') });
    await waitFor(() => joint.liveSeqs.length > 0 && traffic.liveSeqs.length > 0, 'both clients live');
    await server.incidents.report(sampleReport(1), COMMANDER);
    await waitFor(() => joint.events.length === 1 && traffic.events.length === 1, 'the first event');
    joint.socket.disconnect();
    traffic.socket.disconnect();
    // Missed while away: one of another sector, one of traffic's, a group commit of both.
    await server.incidents.report(
      sampleReport(2, { sector: 'civil-defence', category: 'flooding' }),
      COMMANDER,
    );
    await server.incidents.report(sampleReport(3), COMMANDER);
    await Promise.all([
      server.incidents.report(sampleReport(4), COMMANDER),
      server.incidents.report(sampleReport(5, { sector: 'civil-defence', category: 'flooding' }), COMMANDER),
    ]);
    const head = await server.store.headSeq();
    const missed = (await server.store.readEvents(1, 100)).map((event) => ({ ...event }));
    const reads = vi.spyOn(server.store, 'readEvents');
    joint.socket.connect();
    traffic.socket.connect();
    await waitFor(
      () => joint.liveSeqs.length === 2 && traffic.liveSeqs.length === 2,
      'both clients live again',
    );

    expect(reads).not.toHaveBeenCalled();
    expect(joint.liveSeqs.at(-1)).toBe(head);
    expect(joint.events.slice(1)).toEqual(missed);
    expect(traffic.events.slice(1)).toEqual(missed.filter((event) => event.sectors.includes('traffic')));
    expect(seqsOf(traffic)).toEqual([
      1,
      ...missed.filter((e) => e.sectors.includes('traffic')).map((e) => e.seq),
    ]);
  });

  it('reads from the store what came before the server started, then from memory, without a gap', async () => {
    const dataDir = tempDataDir();
    const first = await newServer(dataDir);
    for (let n = 0; n < 3; n++) await first.incidents.report(sampleReport(n), COMMANDER);
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const server = await newServer(dataDir);
    for (let n = 3; n < 6; n++) await server.incidents.report(sampleReport(n), COMMANDER);
    const reads = vi.spyOn(server.store, 'readEvents');
    const c = client(server.url, { lastSeq: 1, cookie: await login(server.url, 'commander') });
    await waitFor(() => c.liveSeqs.length > 0, 'log.live');
    const head = await server.store.headSeq();
    expect(seqsOf(c)).toEqual(range(2, head));
    // The store answered only up to the first event this server published; memory the rest.
    expect(reads).toHaveBeenCalledOnce();
    expect(reads.mock.calls[0]?.slice(0, 3)).toEqual([1, CATCH_UP_BATCH_SIZE, 3]);
  });
});
