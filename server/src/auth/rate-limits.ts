import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { TooManyAttemptsError } from '../errors.js';

/** The limits, each in requests per RATE_WINDOW_MS; RATE_LIMITS in the environment overrides them. */
export const RateLimitsSchema = z.object({
  /** API requests per signed-in person. */
  person: z.int().min(1),
  /** API requests per API key. */
  key: z.int().min(1),
  /** API requests per address without a session or key. */
  anonymous: z.int().min(1),
  /** Sign-in attempts per address, right or wrong. */
  login: z.int().min(1),
});

/** Requests per window for each kind of caller. */
export type RateLimits = z.infer<typeof RateLimitsSchema>;

/**
 * The defaults. A person: opening the room costs about 20 requests, and a busy officer or a
 * commander scrubbing the review adds a few a second; 1,200 a minute (20 a second sustained)
 * is far above both and still stops a runaway script. A key: a reporting feed may post a
 * fleet's positions (500 trackers every 5 s). Anonymous: only sign-in and 401s answer it.
 * Sign-in: a dozen officers behind one address at a shift change stay well under 20, while
 * one address spraying passwords over many accounts gets 20 a minute (and 5 per account
 * before that account locks for it).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { person: 1_200, key: 6_000, anonymous: 300, login: 20 };

/** The window of every limit, ms. */
export const RATE_WINDOW_MS = 60_000;

/** Routes no limit applies to: health is constant-time, and monitors and proxies poll it. */
const UNLIMITED_ROUTES = new Set(['GET /api/health']);

/**
 * Registers @fastify/rate-limit (fixed windows; in memory, or in Redis when the nodes of a
 * room share one, so a caller's limit is one count across the balancer) and returns the check that the
 * authentication hook runs once it knows who is calling: per person or key, or per address
 * without either; sign-in per address on top. Over a limit: 429 with `TooManyAttempts` and
 * `Retry-After`.
 */
export async function rateLimits(
  app: FastifyInstance,
  limits: RateLimits,
  shared: { redis: Redis; prefix: string } | null = null,
): Promise<(request: FastifyRequest) => Promise<void>> {
  // Not global: the check runs inside the authentication hook, after the principal is known
  // and before a 401 (a flood of anonymous 401s is limited too).
  await app.register(fastifyRateLimit, {
    global: false,
    ...(shared
      ? {
          redis: shared.redis,
          nameSpace: `${shared.prefix}rate-limit:`,
          // Redis away: requests go on unlimited rather than the room stopping with it.
          skipOnError: true,
        }
      : {}),
  });
  const apiLimit = app.createRateLimit({
    timeWindow: RATE_WINDOW_MS,
    max: (request) =>
      request.principal === null
        ? limits.anonymous
        : request.principal.kind === 'key'
          ? limits.key
          : limits.person,
    keyGenerator: (request) =>
      request.principal === null
        ? `address:${normalizeIP(request.ip)}`
        : `${request.principal.kind}:${request.principal.id}`,
  });
  const loginLimit = app.createRateLimit({
    timeWindow: RATE_WINDOW_MS,
    max: limits.login,
    // An IPv6 address counts by its /64 (the plugin's default): one host has many addresses.
    keyGenerator: (request) => `login:${normalizeIP(request.ip)}`,
  });
  const check = async (limit: typeof apiLimit, request: FastifyRequest, what: string): Promise<void> => {
    const result = await limit(request);
    if (result.isAllowed || !result.isExceeded) return;
    throw new TooManyAttemptsError(
      'rate_limited',
      `too many ${what}: try again in ${result.ttlInSeconds} s`,
      result.ttlInSeconds,
    );
  };
  return async (request) => {
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    if (UNLIMITED_ROUTES.has(route)) return;
    await check(apiLimit, request, 'requests');
    if (route === 'POST /api/auth/login')
      await check(loginLimit, request, 'sign-in attempts from this address');
  };
}
