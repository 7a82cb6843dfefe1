// Answers that a reader thread of the read pool (review/read.pool.ts) produced as JSON text.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * The most characters of a reader's JSON text encoded and written in one turn of the event loop.
 * A storm's active picture is 39 MB: written whole, its encoding held the loop 450-560 ms.
 */
export const SEND_SLICE_CHARS = 256 * 1024;

/** Aborted when the asker goes away before the answer is sent, so a queued read never starts for nobody. */
export function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The text in slices of at most `size` characters, never cutting a surrogate pair (it would encode as U+FFFD). */
export function* textSlices(text: string, size = SEND_SLICE_CHARS): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * The slices, one per turn of the event loop. Handed the slices at once, the response's pipe
 * took them all in one task (a corked response wants more, and a sync source always has it).
 */
async function* slicePerTurn(text: string): AsyncGenerator<string> {
  for (const slice of textSlices(text)) {
    yield slice;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Sends JSON text a reader produced as it is: the main thread does not parse or serialise it
 * again. A long one leaves a slice per turn of the event loop, as the socket drains.
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  reply.type('application/json; charset=utf-8');
  if (text.length <= SEND_SLICE_CHARS) return reply.send(text);
  return reply.send(Readable.from(slicePerTurn(text), { objectMode: false }));
}
