import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  AccountPatchSchema,
  AuditQuerySchema,
  LoginRequestSchema,
  NewAccountSchema,
  NewApiKeySchema,
  UsernameSchema,
  type Principal,
} from '@mirsad/shared';
import type { AuditService } from '../auth/audit.service.js';
import { principalOf } from '../auth/auth.hooks.js';
import { SESSION_COOKIE, SESSION_IDLE_MS, type AuthService } from '../auth/auth.service.js';
import { parseInput } from '../errors.js';

/** The session cookie: HttpOnly and SameSite=Strict always, Secure when the client came over HTTPS (TRUST_PROXY reads the proxy's scheme). */
function setSessionCookie(
  reply: FastifyReply,
  token: string,
  maxAgeS: number,
  isSecure: boolean,
): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge: maxAgeS,
    secure: isSecure,
  });
}

/** Login, logout, who am I; accounts and keys for administrators; the audit trail for commanders. */
export function authRoutes(
  app: FastifyInstance,
  auth: AuthService,
  audit: AuditService,
  onLogout: (sessionToken: string) => void,
): void {
  app.post('/api/auth/login', { config: { access: 'public' } }, async (request, reply) => {
    const { username, password } = parseInput(LoginRequestSchema, request.body, 'body');
    const session = await auth.login(username, password, { ip: request.ip });
    return setSessionCookie(reply, session.token, SESSION_IDLE_MS / 1000, request.protocol === 'https').send({
      principal: session.principal,
    });
  });

  app.post('/api/auth/logout', { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = principalOf(request);
    if (request.sessionToken) {
      await auth.logout(request.sessionToken, principal, { ip: request.ip });
      onLogout(request.sessionToken);
    }
    return setSessionCookie(reply, '', 0, request.protocol === 'https')
      .code(204)
      .send();
  });

  app.get('/api/auth/me', { config: { access: 'signed-in' } }, (request): Principal => principalOf(request));

  app.get('/api/accounts', { config: { access: 'manage-accounts' } }, async () => {
    return { accounts: await auth.listAccounts() };
  });

  app.post('/api/accounts', { config: { access: 'manage-accounts' } }, async (request, reply) => {
    const by = principalOf(request);
    const input = parseInput(NewAccountSchema, request.body, 'body');
    return reply.code(201).send(await auth.createAccount(input, by));
  });

  app.patch('/api/accounts/:username', { config: { access: 'manage-accounts' } }, async (request) => {
    const by = principalOf(request);
    const { username } = parseInput(z.object({ username: UsernameSchema }), request.params, 'params');
    return auth.updateAccount(username, parseInput(AccountPatchSchema, request.body, 'body'), by);
  });

  app.get('/api/keys', { config: { access: 'manage-accounts' } }, async () => {
    return { keys: await auth.listApiKeys() };
  });

  app.post('/api/keys', { config: { access: 'manage-accounts' } }, async (request, reply) => {
    const by = principalOf(request);
    return reply
      .code(201)
      .send(await auth.createApiKey(parseInput(NewApiKeySchema, request.body, 'body'), by));
  });

  app.delete('/api/keys/:id', { config: { access: 'manage-accounts' } }, async (request, reply) => {
    const by = principalOf(request);
    const { id } = parseInput(z.object({ id: z.string().regex(/^[a-z0-9]{12}$/) }), request.params, 'params');
    await auth.revokeApiKey(id, by);
    return reply.code(204).send();
  });

  app.get('/api/audit', { config: { access: 'read-audit' } }, async (request) => {
    const filter = parseInput(AuditQuerySchema, request.query, 'query');
    const entries = await audit.query(filter);
    const last = entries.at(-1);
    return { entries, nextBefore: entries.length === filter.limit && last ? last.seq : null };
  });
}
