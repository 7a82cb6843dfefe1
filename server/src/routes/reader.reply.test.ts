import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { SEND_SLICE_CHARS, sendJsonText, textSlices } from './reader.reply.js';

describe("a reader's JSON text on its way out", () => {
  it('is cut in slices of at most the size asked, never inside a surrogate pair', () => {
    // '🚒' is a surrogate pair, here straddling the boundary at 4.
    const text = 'abc🚒de';
    const slices = [...textSlices(text, 4)];
    expect(slices.join('')).toBe(text);
    expect(slices.every((slice) => slice.length <= 4)).toBe(true);
    expect(slices).toEqual(['abc', '🚒de']);
  });

  it('leaves a long text a slice at a time, byte for byte, and a short one whole', async () => {
    const incidents = Array.from({ length: 40_000 }, (_, n) => ({
      id: n,
      title: `حريق ${n} 🚒 on the Fifth Ring Road`,
    }));
    const long = JSON.stringify({ seq: 1, incidents });
    expect(long.length).toBeGreaterThan(3 * SEND_SLICE_CHARS);
    const app = Fastify();
    const writes = new Map<string, number>();
    // Turns of the event loop, counted by an immediate that schedules itself, and the turn of each write of the long answer.
    let turns = 0;
    let isTicking = true;
    const tick = (): void => {
      turns += 1;
      if (isTicking) setImmediate(tick);
    };
    setImmediate(tick);
    const longWriteTurns: number[] = [];
    app.addHook('onRequest', (request, reply, done) => {
      const { raw } = reply;
      const write = raw.write.bind(raw) as (...args: unknown[]) => boolean;
      const count = (chunk: unknown): void => {
        if (chunk == null || typeof chunk === 'function') return;
        writes.set(request.url, (writes.get(request.url) ?? 0) + 1);
        if (request.url === '/long') longWriteTurns.push(turns);
      };
      raw.write = ((chunk: unknown, ...rest: unknown[]) => {
        count(chunk);
        return write(chunk, ...rest);
      }) as typeof raw.write;
      done();
    });
    app.get('/long', (_request, reply) => sendJsonText(reply, long));
    app.get('/short', (_request, reply) => sendJsonText(reply, '{"seq":1,"incidents":[]}'));
    try {
      const answer = await app.inject({ method: 'GET', url: '/long' });
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.rawPayload.equals(Buffer.from(long))).toBe(true);
      expect(writes.get('/long')).toBeGreaterThanOrEqual(Math.ceil(long.length / SEND_SLICE_CHARS));
      // A slice a turn: the loop answers others between them.
      expect(new Set(longWriteTurns).size).toBe(longWriteTurns.length);
      const short = await app.inject({ method: 'GET', url: '/short' });
      expect(short.json()).toEqual({ seq: 1, incidents: [] });
      expect(writes.get('/short')).toBe(1);
    } finally {
      isTicking = false;
      await app.close();
    }
  });
});
