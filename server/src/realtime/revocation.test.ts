import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountPatch, SectorId } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  login,
  principalFor,
  recordingClient,
  sampleReport,
  signIn,
  startTestServer,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

/** The design's promise: what let a socket in is gone, so is the socket, within this, ms. */
const REVOCATION_DEADLINE_MS = 1_000;

const COMMANDER = principalFor('commander');

const servers: MirsadServer[] = [];
const clients: RecordingClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(...args: Parameters<typeof recordingClient>): RecordingClient {
  const c = recordingClient(...args);
  clients.push(c);
  return c;
}

interface Room {
  server: MirsadServer;
  admin: Awaited<ReturnType<typeof signIn>>;
  /** A commander's socket: once it has an event, a live socket of that sector would have it too. */
  witness: RecordingClient;
}

async function openRoom(): Promise<Room> {
  const server = await startTestServer();
  servers.push(server);
  const admin = await signIn(server.url, ['admin']);
  const witness = client(server.url, { cookie: await login(server.url, 'commander') });
  await waitFor(() => witness.liveSeqs.length > 0, 'the commander to be live');
  return { server, admin, witness };
}

let reports = 0;
/** Reports an incident of `sector` and waits until the commander's socket has it. */
async function reportIn(room: Room, sector: SectorId): Promise<number> {
  reports += 1;
  const category = sector === 'traffic' ? 'collision' : 'flooding';
  await room.server.incidents.report(
    sampleReport(reports, { sector, category, externalRef: null }),
    COMMANDER,
  );
  const head = await room.server.store.headSeq();
  await waitFor(() => room.witness.lastSeq() >= head, 'the commander to see the report');
  return head;
}

/**
 * The change must close the socket within the deadline, and no event of `oldSector` may reach
 * it afterwards, though the client keeps trying to reconnect.
 */
async function expectCutOff(
  room: Room,
  watched: RecordingClient,
  oldSector: SectorId,
  change: () => Promise<unknown>,
): Promise<void> {
  await waitFor(() => watched.liveSeqs.length > 0, 'the watched socket to be live');
  await reportIn(room, oldSector);
  await waitFor(() => watched.events.length === 1, 'the watched socket to see its sector');
  const disconnected = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the socket was still open ${2 * REVOCATION_DEADLINE_MS} ms after the change`));
    }, 2 * REVOCATION_DEADLINE_MS);
    watched.socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(Date.now());
    });
  });
  const changedAt = Date.now();
  await change();
  const closedAt = await disconnected;
  expect(closedAt - changedAt).toBeLessThan(REVOCATION_DEADLINE_MS);
  const before = watched.events.length;
  for (let n = 0; n < 3; n++) await reportIn(room, oldSector);
  // Time for reconnection attempts (every 100–500 ms) to have been made and refused.
  await new Promise((resolve) => setTimeout(resolve, 600));
  await reportIn(room, oldSector);
  expect(watched.events.length).toBe(before);
  expect(watched.socket.connected).toBe(false);
}

async function officerSocket(room: Room, username = 'traffic'): Promise<RecordingClient> {
  return client(room.server.url, { cookie: await login(room.server.url, username) });
}

const patchTraffic = (room: Room, patch: AccountPatch): Promise<unknown> =>
  room.admin.call('admin', 'PATCH', '/api/accounts/traffic', patch);

describe('live revocation', () => {
  it('closes a revoked key’s socket at once', async () => {
    const room = await openRoom();
    const { key, secret } = await room.admin.call<{ key: { id: string }; secret: string }>(
      'admin',
      'POST',
      '/api/keys',
      { name: 'Traffic wall', source: 'wall-3', role: 'display', sectors: ['traffic'] },
      201,
    );
    const wall = client(room.server.url, { token: secret });
    await expectCutOff(room, wall, 'traffic', () =>
      room.admin.call('admin', 'DELETE', `/api/keys/${key.id}`, undefined, 204),
    );
  });

  it('closes a disabled account’s sockets at once', async () => {
    const room = await openRoom();
    const watched = await officerSocket(room);
    await expectCutOff(room, watched, 'traffic', () => patchTraffic(room, { isDisabled: true }));
  });

  it('closes an account’s sockets when its password is changed', async () => {
    const room = await openRoom();
    const watched = await officerSocket(room);
    await expectCutOff(room, watched, 'traffic', () =>
      patchTraffic(room, { password: 'a-new-password-for-traffic' }),
    );
  });

  it('closes an account’s sockets when its role is changed', async () => {
    const room = await openRoom();
    const watched = await officerSocket(room);
    await expectCutOff(room, watched, 'traffic', () => patchTraffic(room, { role: 'trainer' }));
  });

  it('closes an account’s sockets when its sectors change, and after signing in again it sees only the new ones', async () => {
    const room = await openRoom();
    const watched = await officerSocket(room);
    await expectCutOff(room, watched, 'traffic', () => patchTraffic(room, { sectors: ['civil-defence'] }));
    const again = await officerSocket(room);
    await waitFor(() => again.liveSeqs.length > 0, 'the officer to be live again');
    const head = await reportIn(room, 'civil-defence');
    await reportIn(room, 'traffic');
    await waitFor(() => again.events.some((event) => event.seq === head), 'the new sector’s report');
    expect(again.events.every((event) => event.sectors.includes('civil-defence'))).toBe(true);
  });

  it('closes a socket whose session ended quietly (idle expiry) at the next check, and leaves live ones open', async () => {
    const room = await openRoom();
    const cookie = await login(room.server.url, 'traffic');
    const watched = client(room.server.url, { cookie });
    const fire = await officerSocket(room, 'fire');
    await waitFor(() => fire.liveSeqs.length > 0, 'the fire officer to be live');
    // The session runs out as an idle one does: nothing revokes it, its expiry passes.
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const tokenHash = createHash('sha256').update(token).digest('hex');
    await expectCutOff(room, watched, 'traffic', async () => {
      await room.server.accounts.updateSessionExpiry(tokenHash, new Date(Date.now() - 1_000).toISOString());
      await room.server.gateway.recheckSessions();
    });
    expect(fire.socket.connected).toBe(true);
    expect(room.witness.socket.connected).toBe(true);
  });

  it('leaves other people’s sockets open', async () => {
    const room = await openRoom();
    const fire = await officerSocket(room, 'fire');
    await waitFor(() => fire.liveSeqs.length > 0, 'the fire officer to be live');
    const watched = await officerSocket(room);
    await expectCutOff(room, watched, 'traffic', () => patchTraffic(room, { isDisabled: true }));
    expect(fire.socket.connected).toBe(true);
    expect(room.witness.socket.connected).toBe(true);
  });
});
