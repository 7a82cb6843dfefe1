import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TooManyAttemptsError } from '../errors.js';

/**
 * Sign-in attempts per address per window, right or wrong: a dozen officers behind one
 * address at a shift change sign in well under it, while one address spraying passwords
 * over many accounts gets 20 a minute (and 5 per account before that account locks for it).
 */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 20;
/** The window of the sign-in limit, ms. */
export const LOGIN_WINDOW_MS = 60_000;
/**
 * API requests per signed-in person per window. Opening the room costs about 20 requests and
 * a busy officer or a commander scrubbing the review adds a few a second: 1,200 a minute (20
 * a second sustained) is far above both and still stops a runaway script.
 */
export const API_REQUESTS_PER_PERSON = 1_200;
/** API requests per key per window: a reporting feed may post a fleet's positions (500 trackers every 5 s). */
export const API_REQUESTS_PER_KEY = 6_000;
/** API requests per address per window without a session or key: only login and 401s answer them. */
export const API_REQUESTS_PER_ANONYMOUS_ADDRESS = 300;
/** The window of the API limits, ms. */
export const API_WINDOW_MS = 60_000;

/** Routes no limit applies to: health is constant-time, and monitors and proxies poll it. */
const UNLIMITED_ROUTES = new Set(['GET /api/health']);

/**
 * Registers @fastify/rate-limit (in-memory, fixed windows) and returns the check that the
 * authentication hook runs once it knows who is calling: per person or key, or per address
 * without either; sign-in per address on top. Over a limit: 429 with `TooManyAttempts` and
 * `Retry-After`.
 */
export async function rateLimits(app: FastifyInstance): Promise<(request: FastifyRequest) => Promise<void>> {
  // Not global: the check runs inside the authentication hook, after the principal is known
  // and before a 401 (a flood of anonymous 401s is limited too).
  await app.register(fastifyRateLimit, { global: false });
  const apiLimit = app.createRateLimit({
    timeWindow: API_WINDOW_MS,
    max: (request) =>
      request.principal === null
        ? API_REQUESTS_PER_ANONYMOUS_ADDRESS
        : request.principal.kind === 'key'
          ? API_REQUESTS_PER_KEY
          : API_REQUESTS_PER_PERSON,
    keyGenerator: (request) =>
      request.principal === null
        ? `address:${request.ip}`
        : `${request.principal.kind}:${request.principal.id}`,
  });
  const loginLimit = app.createRateLimit({
    timeWindow: LOGIN_WINDOW_MS,
    max: LOGIN_ATTEMPTS_PER_ADDRESS,
    keyGenerator: (request) => `login:${request.ip}`,
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
