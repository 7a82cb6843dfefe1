import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@mirsad/shared';
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { incidentQueries } from '../features/incidents/queries.js';
import { patternQueries } from '../features/patterns/queries.js';
import { useConnectionStore, type ConnectionStatus } from './connectionStore.js';
import { Picture } from './picture.js';
import { createRealtimeSession, type RealtimeSession } from './session.js';
import { wireSocket, type MirsadSocket } from './socket.js';

const PAGE_BUILD_ID = 'build-a';
/** Handshakes the server's middleware throws on, with a plain Error and no code. */
const REFUSALS = 2;

let httpServer: HttpServer;
let server: Server<ClientToServerEvents, ServerToClientEvents>;
let socket: MirsadSocket | undefined;
let session: RealtimeSession | undefined;
let handshakes: unknown[];

beforeEach(async () => {
  handshakes = [];
  httpServer = createServer();
  server = new Server(httpServer, { transports: ['websocket'] });
  // A store error or overload in the server's middleware: the handshake is refused without a code.
  server.use((client, next) => {
    handshakes.push(client.handshake.auth);
    next(handshakes.length <= REFUSALS ? new Error('store unavailable') : undefined);
  });
  server.on('connection', (client) => {
    client.emit('server.hello', { protocolVersion: PROTOCOL_VERSION, buildId: PAGE_BUILD_ID });
    client.emit('log.live', { seq: 4 });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  useConnectionStore.setState({ state: 'catching-up', problem: null, dataAsOf: null });
});

afterEach(async () => {
  session?.dispose();
  socket?.disconnect();
  await server.close();
});

function waitForState(state: ConnectionStatus['state'], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (useConnectionStore.getState().state === state) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`still ${useConnectionStore.getState().state} after ${timeoutMs} ms, not ${state}`));
    }, timeoutMs);
    const unsubscribe = useConnectionStore.subscribe((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** The page's realtime session and socket against the test server, connecting (the first handshakes are refused). */
function connectPage(queryClient: QueryClient): MirsadSocket {
  const { port } = httpServer.address() as AddressInfo;
  const picture = Picture.from({ seq: 4, incidents: [] });
  queryClient.setQueryData(incidentQueries.picture().queryKey, picture);
  const started = createRealtimeSession(
    {
      queryClient,
      pageBuildId: PAGE_BUILD_ID,
      onStaleClient: () => {
        throw new Error('the server runs this build');
      },
      reloadPicture: () => Promise.reject(new Error('no reload in this test')),
      connectAgain: () => socket?.connect(),
      // The shortest waits of the backoff (half the doubled delay): 0.5 s, then 1 s.
      random: () => 0,
    },
    picture,
  );
  session = started;
  const client: MirsadSocket = io(`http://127.0.0.1:${port}`, {
    autoConnect: false,
    auth: (send) => {
      send(started.handshakeAuth());
    },
    transports: ['websocket'],
  });
  socket = client;
  wireSocket(client, started, queryClient);
  client.connect();
  return client;
}

describe('the realtime socket against a real socket.io server', () => {
  it('comes back live after handshakes refused without a code', { timeout: 15_000 }, async () => {
    const client = connectPage(new QueryClient());

    await waitForState('reconnecting', 5_000);
    expect(useConnectionStore.getState().problem).toBe('unreachable');
    await waitForState('live', 10_000);

    expect(handshakes).toHaveLength(REFUSALS + 1);
    expect(handshakes.at(-1)).toEqual({ protocolVersion: PROTOCOL_VERSION, lastSeq: 4 });
    expect(client.connected).toBe(true);
  });

  it(
    'reads the pattern analyses again, and only them, when the server says a history load finished',
    { timeout: 15_000 },
    async () => {
      const queryClient = new QueryClient();
      const analyses: QueryKey[] = [
        patternQueries.nearRepeats().queryKey,
        patternQueries.hotspots('burglary').queryKey,
        patternQueries.forecast().queryKey,
      ];
      const series: QueryKey = patternQueries.active().queryKey;
      for (const key of [...analyses, series]) queryClient.setQueryData(key, {});
      connectPage(queryClient);
      await waitForState('live', 10_000);

      server.emit('history.loaded');
      await vi.waitFor(() => {
        for (const key of analyses)
          expect(queryClient.getQueryState(key)?.isInvalidated, JSON.stringify(key)).toBe(true);
      });
      // The active series are kept by the log's events, not read again.
      expect(queryClient.getQueryState(series)?.isInvalidated).toBe(false);
    },
  );
});
