import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '@mirsad/shared';
import { HttpError } from '../errors.js';
import type { AuditService } from './audit.service.js';
import { isFromOurPages, originOfRequest, type TrustProxy } from './origin.js';
import { actorOf, SESSION_COOKIE, type AuthService } from './auth.service.js';
import { requestAudit, type RequestAudit } from './request-audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, resolved from the session cookie or the API key; null when nobody. */
    principal: Principal | null;
    /** The session token when the caller came with a cookie. */
    sessionToken: string | null;
    /** A change's audit entry, written with the change itself when the request commits one. */
    changeAudit: RequestAudit | null;
  }
}

/** The caller of a request or handshake, from its Authorization header or session cookie. */
export async function resolvePrincipal(
  auth: AuthService,
  credentials: { authorization?: string | undefined; cookies: Record<string, string | undefined> },
): Promise<{ principal: Principal | null; sessionToken: string | null }> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
  if (bearer) return { principal: await auth.principalOfKey(bearer), sessionToken: null };
  const token = credentials.cookies[SESSION_COOKIE];
  if (!token) return { principal: null, sessionToken: null };
  return { principal: await auth.principalOfSession(token), sessionToken: token };
}

/** The principal of a request, or 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new HttpError(401, 'unauthorized', 'sign in, or send an API key as Authorization: Bearer <key>');
  return request.principal;
}

const isMutation = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** Where browsers may call from and how the server is reached: ALLOWED_ORIGINS, TRUST_PROXY. */
export interface OriginPolicy {
  allowedOrigins: readonly string[];
  trustProxy: TrustProxy;
}

/**
 * Authenticates every API request, applies the rate limits, refuses cross-site writes, and
 * writes the audit trail: every change anyone makes and every refusal (401, 403, 409, 429).
 * Cookies are parsed by @fastify/cookie (registered before this).
 */
export function authHooks(
  app: FastifyInstance,
  auth: AuthService,
  audit: AuditService,
  origins: OriginPolicy,
  rateLimit: (request: FastifyRequest) => Promise<void>,
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('changeAudit', null);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const { principal, sessionToken } = await resolvePrincipal(auth, {
      authorization: request.headers.authorization,
      cookies: request.cookies,
    });
    request.principal = principal;
    request.sessionToken = sessionToken;
    await rateLimit(request);
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    // Public routes (health for monitors, login itself) say so in their declared access rule.
    if (!principal && request.routeOptions.config.access !== 'public') {
      throw new HttpError(401, 'unauthorized', 'sign in, or send an API key as Authorization: Bearer <key>');
    }
    // SameSite=Strict keeps the cookie off other sites' requests; the Origin check is the
    // second lock, on every write that the cookie carries and on any sign-in from a page.
    const origin = request.headers.origin;
    const isCookieWrite = sessionToken !== null && isMutation(request.method);
    const isPageLogin = route === 'POST /api/auth/login' && origin !== undefined;
    if (
      (isCookieWrite || isPageLogin) &&
      !isFromOurPages(
        request.headers,
        originOfRequest(request.raw, origins.trustProxy),
        origins.allowedOrigins,
      )
    ) {
      throw new HttpError(
        403,
        'forbidden_origin',
        origin === undefined
          ? 'a write with the session cookie must come from the app (it sent no Origin)'
          : `requests from ${origin} are not allowed`,
      );
    }
  });

  // The handler runs inside the request's audit context, so the write queue can record the
  // change in the transaction that commits it.
  app.addHook('preHandler', (request, _reply, done) => {
    if (
      !request.url.startsWith('/api/') ||
      !isMutation(request.method) ||
      request.url === '/api/auth/login'
    ) {
      done();
      return;
    }
    const changeAudit: RequestAudit = {
      entry: {
        actor: actorOf(request.principal),
        action: `http.${request.method.toLowerCase()}`,
        target: request.url.split('?')[0] ?? request.url,
        ip: request.ip,
      },
      isRecorded: false,
      isClosed: false,
    };
    request.changeAudit = changeAudit;
    requestAudit.run(changeAudit, done);
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const status = reply.statusCode;
    if (request.changeAudit) {
      request.changeAudit.isClosed = true;
      if (request.changeAudit.isRecorded && status < 400) return; // written with the change
    }
    const isRefusal = status === 401 || status === 403 || status === 409 || status === 429;
    if (!isMutation(request.method) && !isRefusal) return;
    if (request.url === '/api/auth/login') return; // the auth service records logins itself, with the reason
    await audit.record({
      actor: actorOf(request.principal),
      action: `http.${request.method.toLowerCase()}`,
      target: request.url.split('?')[0] ?? request.url,
      outcome: status < 400 ? 'ok' : isRefusal ? 'refused' : 'failed',
      detail: String(status),
      ip: request.ip,
    });
  });
}
