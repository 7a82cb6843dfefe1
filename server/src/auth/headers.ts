import { createRequire } from 'node:module';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

type HelmetOptions = Omit<FastifyHelmetOptions, 'enableCSPNonces' | 'global'>;
type HelmetMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: Error) => void,
) => void;

/** helmet itself, as @fastify/helmet depends on it (the one copy the plugin would call). */
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as (
  options: HelmetOptions,
) => HelmetMiddleware;

/** How long browsers keep to HTTPS once they reached us over it, s: half a year. */
const HSTS_MAX_AGE_S = 180 * 24 * 3_600;

/**
 * The security headers of every answer (@fastify/helmet). The CSP is the built web app's own
 * needs and no more: everything from this origin (the map's tiles, glyphs and worker file
 * too), MapLibre's worker and images from blob: URLs, and the on-premises tile server of
 * MAP_STYLE_URL if one is set; no eval (the web app tells zod not to probe for it). No page
 * may frame us. No upgrade-insecure-requests: on a LAN without TLS it would send every asset
 * to an https port that is not there.
 */
export function securityHeaders(mapStyleUrl: string | null): FastifyHelmetOptions {
  const tileServer = mapStyleUrl === null ? [] : [new URL(mapStyleUrl).origin];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        // No 'unsafe-inline': MapLibre and React set styles through the CSSOM, which CSP
        // does not govern; checked in Chromium on the room, the wall and the review.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileServer],
        fontSrc: ["'self'", 'data:'],
        // blob: the room hands a whole picture to MapLibre's worker as a blob URL, which the
        // worker fetches (web/src/features/map/incidentMap.ts); a blob is the page's own data.
        connectSrc: ["'self'", 'blob:', ...tileServer],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: HSTS_MAX_AGE_S, includeSubDomains: false },
  };
}

/**
 * Sends the security headers of `securityHeaders` on every answer, from a helmet middleware
 * built once. @fastify/helmet builds a new one for every request, parsing and dashifying the
 * CSP's directives each time: with `fastify.inject`, 59 µs of CPU a request over a bare route
 * against 26 µs for the same headers from one middleware (minimum of 12 rounds, load 17–19),
 * about 3 % of a report's CPU under `bench:write`.
 */
export function addSecurityHeaders(app: FastifyInstance, mapStyleUrl: string | null): void {
  const middleware = helmet(securityHeaders(mapStyleUrl));
  app.addHook('onRequest', (request, reply, done) => {
    middleware(request.raw, reply.raw, done);
  });
}
