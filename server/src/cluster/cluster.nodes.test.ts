import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceEntry, Unit, UnitPosition } from '@mirsad/shared';
import { openPgStores, startServer, type MirsadServer } from '../app.js';
import { createTestDatabase } from '../store/pg.test-support.js';
import {
  login,
  recordingClient,
  signIn,
  startTestServer,
  tempDataDir,
  testConfig,
  waitFor,
  type RecordingClient,
} from '../test-support.js';
import { REDIS_TEST_URL, redisPrefix } from './cluster.test-support.js';

const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Two in-process nodes of one room: one PostgreSQL database, one Redis prefix. */
async function twoNodes(): Promise<{ a: MirsadServer; b: MirsadServer }> {
  const database = await createTestDatabase();
  const prefix = redisPrefix();
  closers.push(
    () => database.drop(),
    async () => {
      const redis = new Redis(REDIS_TEST_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  );
  const shared = { redisUrl: REDIS_TEST_URL, redisPrefix: prefix };
  const a = await startTestServer(tempDataDir(), shared, { stores: await openPgStores(database.url) });
  closers.push(() => a.close());
  const b = await startServer(testConfig(tempDataDir(), shared), {
    stores: await openPgStores(database.url),
  });
  closers.push(() => b.close());
  return { a, b };
}

function client(url: string, cookie: string): RecordingClient {
  const recording = recordingClient(url, { cookie });
  closers.push(() => {
    recording.close();
  });
  return recording;
}

describe('nodes of one room', () => {
  it('leads on one node only, and follows on the other what the leader writes', async () => {
    const { a, b } = await twoNodes();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const onA = await signIn(a.url, ['commander']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'p-1', sector: 'traffic', type: 'patrol', callSign: 'P-01' },
      201,
    );
    // B's memory of the fleet follows A's write: its own list shows the unit.
    const onB = await signIn(b.url, ['commander']);
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.some(
          (unit) => unit.id === 'p-1',
        ),
      'B to know the unit registered on A',
    );
  });

  it('sends positions reported on one node to the sockets of the other, and keeps them in its memory', async () => {
    const { a, b } = await twoNodes();
    const onA = await signIn(a.url, ['commander']);
    await onA.call(
      'commander',
      'POST',
      '/api/units',
      { id: 'p-2', sector: 'traffic', type: 'patrol', callSign: 'P-02' },
      201,
    );
    const onB = await signIn(b.url, ['commander']);
    const watcher = client(b.url, onB.as('commander'));
    const moved: { unitId: string; position: UnitPosition }[] = [];
    watcher.socket.on('units.moved', (positions) => moved.push(...positions));
    await waitFor(() => watcher.liveSeqs.length > 0, 'the client on B to go live');
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.some(
          (unit) => unit.id === 'p-2',
        ),
      'B to know the unit',
    );
    const position: UnitPosition = {
      coordinates: [47.98, 29.37],
      headingDeg: 90,
      speedMps: 12,
      at: new Date().toISOString(),
    };
    await onA.call('commander', 'POST', '/api/units/p-2/position', position, 202);
    await waitFor(
      () => moved.some((entry) => entry.unitId === 'p-2'),
      'the position to reach the socket on B',
    );
    await waitFor(
      async () =>
        (await onB.call<{ units: Unit[] }>('commander', 'GET', '/api/units')).units.find(
          (unit) => unit.id === 'p-2',
        )?.position?.at === position.at,
      "B's own list to show the position",
    );
  });

  it('closes on every node the sockets of an account disabled on one', async () => {
    const { a, b } = await twoNodes();
    const admin = await signIn(a.url, ['admin']);
    const traffic = client(b.url, await login(b.url, 'traffic'));
    await waitFor(() => traffic.liveSeqs.length > 0, 'the officer on B to go live');
    await admin.call('admin', 'PATCH', '/api/accounts/traffic', { isDisabled: true });
    await waitFor(() => !traffic.socket.connected, "the officer's socket on B to close");
  });

  it('shows in presence the people connected to the other node', async () => {
    const { a, b } = await twoNodes();
    const fire = client(b.url, await login(b.url, 'fire'));
    let people: PresenceEntry[] = [];
    fire.socket.on('presence.changed', (entries) => {
      people = entries;
    });
    await waitFor(() => fire.liveSeqs.length > 0, 'the fire officer on B to go live');
    const commander = client(a.url, await login(a.url, 'commander'));
    await waitFor(() => commander.liveSeqs.length > 0, 'the commander on A to go live');
    await waitFor(
      () => people.some((entry) => entry.actor === 'user:commander'),
      'the officer on B to see the commander on A',
    );
  });
});
