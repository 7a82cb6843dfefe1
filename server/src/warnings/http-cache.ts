import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Answers a public GET so that caches in front of the server (a CDN could serve a whole
 * country) keep it: `Cache-Control: public` with `maxAgeS`, and an ETag so that a client
 * asking again with If-None-Match gets a bodiless 304. The tag is strong over the body, or weak
 * over `versionOf` when the body carries something that changes without meaning (a stamp).
 */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  contentType: string,
  maxAgeS: number,
  versionOf?: string,
): FastifyReply {
  const hash = createHash('sha256')
    .update(versionOf ?? body)
    .digest('base64url')
    .slice(0, 27);
  const etag = versionOf === undefined ? `"${hash}"` : `W/"${hash}"`;
  void reply
    .header('etag', etag)
    .header('cache-control', `public, max-age=${maxAgeS}, stale-while-revalidate=${maxAgeS}`)
    .header('vary', 'accept-encoding');
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(contentType).send(body);
}
