import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { parserCounts, sharedDecodingParser } from './stall.parser.js';

describe('the stall benchmark clients’ shared-decoding parser', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  async function serve(): Promise<{ server: Server; url: string }> {
    const http = createServer();
    const server = new Server(http);
    server.use((socket, next) => {
      const auth = socket.handshake.auth as { name?: string };
      if (auth.name === 'stranger')
        next(Object.assign(new Error('not you'), { data: { code: 'forbidden' } }));
      else next();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      void server.close();
    });
    return { server, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  }

  function client(url: string, name: string): Socket {
    const socket = io(url, { transports: ['websocket'], parser: sharedDecodingParser, auth: { name } });
    closers.push(() => socket.close());
    return socket;
  }

  it('gives every client its own copy of a broadcast while decoding the frame once', async () => {
    const { server, url } = await serve();
    const sockets = [client(url, 'a'), client(url, 'b'), client(url, 'c')];
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) =>
            socket.once('connect', () => {
              resolve();
            }),
          ),
      ),
    );
    const before = { ...parserCounts };
    const received = sockets.map(
      (socket) =>
        new Promise<unknown[]>((resolve) =>
          socket.once('log.events', (...args: unknown[]) => {
            resolve(args);
          }),
        ),
    );
    server.emit('log.events', [{ seq: 7, at: '2026-11-30T00:00:00.000Z', nested: { é: 'ok' } }], 'two');
    const args = await Promise.all(received);
    for (const got of args)
      expect(got).toEqual([[{ seq: 7, at: '2026-11-30T00:00:00.000Z', nested: { é: 'ok' } }], 'two']);
    expect(args[0]).not.toBe(args[1]);
    expect(parserCounts.decoded - before.decoded).toBe(1);
    expect(parserCounts.shared - before.shared).toBe(2);
  });

  it('carries acknowledgements both ways and a refusal’s data', async () => {
    const { server, url } = await serve();
    server.on('connection', (socket) => {
      socket.on('echo', (value: unknown, ack: (answer: unknown) => void) => {
        ack({ echoed: value });
      });
      socket.emit('ask', 41, (answer: number) => {
        socket.emit('answered', answer);
      });
    });
    const socket = client(url, 'a');
    socket.on('ask', (value: number, ack: (answer: number) => void) => {
      ack(value + 1);
    });
    const answered = new Promise((resolve) =>
      socket.once('answered', (answer: number) => {
        resolve(answer);
      }),
    );
    await expect(socket.emitWithAck('echo', 'hi')).resolves.toEqual({ echoed: 'hi' });
    await expect(answered).resolves.toBe(42);

    const refused = client(url, 'stranger');
    const error = await new Promise<Error & { data?: unknown }>((resolve) =>
      refused.once('connect_error', (error) => {
        resolve(error);
      }),
    );
    expect(error.message).toBe('not you');
    expect(error.data).toEqual({ code: 'forbidden' });
  });
});
