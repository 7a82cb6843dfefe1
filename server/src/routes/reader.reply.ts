// Answers that a reader thread of the read pool (review/read.pool.ts) produced as JSON text.
import type { FastifyReply } from 'fastify';

/** Aborted when the asker goes away before the answer is sent, so a queued read never starts for nobody. */
export function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Sends the JSON bytes a reader produced as they are: the main thread does not parse, serialise
 * or even encode them again (a string of a storm's picture took most of a second to write).
 */
export function sendJsonText(reply: FastifyReply, json: Uint8Array): FastifyReply {
  return reply
    .type('application/json; charset=utf-8')
    .send(Buffer.from(json.buffer, json.byteOffset, json.byteLength));
}
