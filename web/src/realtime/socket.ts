import type { ClientToServerEvents, ServerToClientEvents } from '@mirsad/shared';
import type { QueryClient } from '@tanstack/react-query';
import type { Socket } from 'socket.io-client';
import { refreshDrones, refreshPatternAnalyses, refreshUnitPositions, writeDrones } from './roomCache.js';
import { handshakeErrorCode, type RealtimeSession } from './session.js';

export type MirsadSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Hands what the socket reports to the session. A handshake the server refused without a code
 * leaves socket.io inactive; the session then connects again itself (`connectAgain`).
 */
export function wireSocket(socket: MirsadSocket, session: RealtimeSession, queryClient: QueryClient): void {
  let isReconnect = false;
  socket.on('connect', () => {
    session.onConnect();
  });
  socket.on('server.hello', (info) => {
    session.onHello(info);
  });
  socket.on('log.events', (events) => {
    session.onEvents(events);
  });
  socket.on('log.live', (info) => {
    session.onLive(info);
    if (isReconnect) {
      refreshUnitPositions(queryClient).catch((error: unknown) => {
        console.warn('Mirsad: could not refresh unit positions', error);
      });
      refreshDrones(queryClient).catch((error: unknown) => {
        console.warn('Mirsad: could not refresh the drones', error);
      });
    }
    isReconnect = true;
  });
  socket.on('units.moved', (positions) => {
    session.onUnitsMoved(positions);
  });
  socket.on('drones.moved', (drones) => {
    writeDrones(queryClient, drones);
  });
  socket.on('presence.changed', (people) => {
    session.onPresence(people);
  });
  socket.on('history.loaded', () => {
    refreshPatternAnalyses(queryClient).catch((error: unknown) => {
      console.warn('Mirsad: could not read the pattern analyses again', error);
    });
  });
  socket.on('disconnect', (reason) => {
    // The server closed this socket on purpose (a restart, a drain): socket.io does not come
    // back by itself after that, but the picture must, so connect again and resume.
    if (reason === 'io server disconnect') socket.connect();
    session.onDisconnect(reason !== 'io client disconnect');
  });
  socket.on('connect_error', (error) => {
    // `active` is false when the server refused the handshake; socket.io then stops retrying,
    // and the session tries again itself if the refusal carried no code (a passing failure).
    session.onConnectError(handshakeErrorCode(error), socket.active);
  });
}
