import type { Server as HttpServer } from 'node:http';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Server, type Socket } from 'socket.io';
import {
  CATCH_UP_BATCH_SIZE,
  HandshakeAuthSchema,
  JOINT_ROOM,
  PROTOCOL_VERSION,
  sectorRoom,
  toFieldIssues,
  type ClientToServerEvents,
  type InterServerEvents,
  type MirsadEvent,
  type SectorId,
  type ServerToClientEvents,
  type SocketData,
} from '@mirsad/shared';
import type { EventStore } from '../store/event.store.js';

type MirsadServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type MirsadSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The room of one exercise; its events reach nobody else. */
export const exerciseRoom = (exerciseId: string): string => `exercise:${exerciseId}`;

/** The rooms that see an event: an exercise's own room, or the joint room and each of its sectors' rooms. */
export function roomsFor(event: MirsadEvent): string[] {
  if (event.exerciseId !== null) return [exerciseRoom(event.exerciseId)];
  return [JOINT_ROOM, ...event.sectors.map(sectorRoom)];
}

function isVisibleTo(event: MirsadEvent, sectors: readonly SectorId[] | null): boolean {
  if (event.exerciseId !== null) return false;
  return sectors === null || event.sectors.some((sector) => sectors.includes(sector));
}

/**
 * The socket.io side of the log. Each connection first receives every event after the
 * sequence it names, read from the store, then joins its rooms and receives live events.
 *
 * Exactly once, in order: `published` is the newest sequence broadcast to rooms. A catching-up
 * socket reads the store only up to `published`, and joins its rooms in the same tick in which
 * it has read everything up to `published`; every later event reaches it through its rooms,
 * and every earlier one came from the store.
 */
export class RealtimeGateway {
  readonly io: MirsadServer;
  private published: number;

  constructor(
    httpServer: HttpServer,
    private readonly store: EventStore,
    headSeq: number,
    private readonly buildId: string,
  ) {
    this.published = headSeq;
    this.io = new Server(httpServer, {
      serveClient: false,
      // A wall display must notice a dead link within seconds, not the default 45 s.
      pingInterval: 5_000,
      pingTimeout: 5_000,
      maxHttpBufferSize: 64 * 1024,
    });
    this.io.use((socket, next) => {
      const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) {
        const problems = toFieldIssues(parsed.error, 'auth').map(
          (issue) => `${issue.path}: ${issue.message}`,
        );
        next(
          Object.assign(new Error(`bad handshake: ${problems.join('; ')}`), {
            data: { code: 'bad_handshake' },
          }),
        );
        return;
      }
      if (parsed.data.protocolVersion !== PROTOCOL_VERSION) {
        const message = `protocol ${parsed.data.protocolVersion} is not spoken here; the server speaks ${PROTOCOL_VERSION}: reload the page`;
        next(Object.assign(new Error(message), { data: { code: 'protocol_mismatch' } }));
        return;
      }
      socket.data.lastSeq = parsed.data.lastSeq;
      socket.data.sectors = parsed.data.sectors ?? null;
      next();
    });
    this.io.on('connection', (socket) => {
      socket.emit('server.hello', { protocolVersion: PROTOCOL_VERSION, buildId: this.buildId });
      this.catchUp(socket).catch((error: unknown) => {
        socket.disconnect(true);
        console.error('catch-up failed', error);
      });
    });
  }

  /** Broadcasts a committed event. Must be called in sequence order, once per event. */
  publish(event: MirsadEvent): void {
    if (event.seq !== this.published + 1) {
      throw new Error(`published ${event.seq} after ${this.published}: events must be published in order`);
    }
    this.published = event.seq;
    this.io.to(roomsFor(event)).emit('log.events', [event]);
  }

  private async catchUp(socket: MirsadSocket): Promise<void> {
    let cursor = socket.data.lastSeq;
    const sectors = socket.data.sectors;
    while (socket.connected) {
      const target = this.published;
      if (cursor >= target) {
        // The in-memory adapter joins synchronously, within this tick; the promise matters
        // only for adapters that join remotely.
        const joined = socket.join(sectors === null ? JOINT_ROOM : sectors.map(sectorRoom));
        socket.emit('log.live', { seq: target });
        await joined;
        return;
      }
      const page = await this.store.readEvents(cursor, CATCH_UP_BATCH_SIZE, target);
      const last = page.at(-1);
      if (!last) throw new Error(`the log has no events after ${cursor} up to ${target}`);
      const visible = page.filter((event) => isVisibleTo(event, sectors));
      if (visible.length > 0) socket.emit('log.events', visible);
      cursor = last.seq;
      // Let live traffic and other sockets through between pages of a long catch-up.
      await yieldToLoop();
    }
  }

  /** Disconnects every client and stops accepting new ones. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      void this.io.close(() => {
        resolve();
      });
    });
  }
}
