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

/** Sends JSON text a reader produced as it is: the main thread does not parse or serialise it again. */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
