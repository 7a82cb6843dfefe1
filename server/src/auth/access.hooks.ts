import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_RULES, ACCESS_RULE_NAMES, mayCall, type AccessRule } from '@mirsad/shared';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The access rule (a gate of the shared policy) this route declares; every /api route must. */
    access?: AccessRule;
  }
}

/** One API route and the rule it declared. */
export interface RouteRule {
  /** `METHOD /path`, as Fastify registered it. */
  route: string;
  access: AccessRule;
}

const isApiRoute = (url: string): boolean => url.startsWith('/api/');

/** The rule a request's route declared; null for a request that matched no route (a 404). */
export function ruleOf(request: FastifyRequest): AccessRule | null {
  return request.routeOptions.config.access ?? null;
}

/**
 * Makes every API route declare its rule, or the server does not start: a route added without
 * one fails at boot, not in production. Records each route with its rule in `routes`, and
 * refuses a caller outside the rule's gate with 403 before the handler runs (the handler then
 * asks the policy about the thing itself). Register before any route and after authentication.
 */
export function accessHooks(app: FastifyInstance, routes: RouteRule[]): void {
  app.addHook('onRoute', (route) => {
    if (!isApiRoute(route.url)) return;
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined || !ACCESS_RULE_NAMES.includes(access)) {
      throw new Error(
        `${methods.join(',')} ${route.url} declares no access rule: give it config.access, one of ${ACCESS_RULE_NAMES.join(', ')}`,
      );
    }
    for (const method of methods)
      if (method !== 'HEAD') routes.push({ route: `${method} ${route.url}`, access });
  });

  app.addHook('onRequest', (request, _reply, done) => {
    const access = isApiRoute(request.url) ? ruleOf(request) : null;
    if (
      access === null ||
      access === 'public' ||
      request.principal === null ||
      mayCall(access, request.principal)
    ) {
      done();
      return;
    }
    const { roles, means } = ACCESS_RULES[access];
    done(
      new HttpError(
        403,
        'forbidden',
        `this is for ${roles.join(', ')} (to ${means}); you are ${request.principal.role}`,
      ),
    );
  });
}
