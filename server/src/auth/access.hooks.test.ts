import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { accessHooks, type RouteRule } from './access.hooks.js';

describe('routes and their access rules', () => {
  it('refuses to start with an API route that declares no rule, naming it', async () => {
    const app = Fastify();
    app.decorateRequest('principal', null);
    accessHooks(app, []);
    const register = async (): Promise<void> => {
      app.get('/api/forgotten', () => ({ leaked: true }));
      await app.ready();
    };
    await expect(register()).rejects.toThrow(/GET \/api\/forgotten declares no access rule/);
    await app.close();
  });

  it('records each API route with its rule, and leaves the rest of the site alone', async () => {
    const app = Fastify();
    app.decorateRequest('principal', null);
    const routes: RouteRule[] = [];
    accessHooks(app, routes);
    app.get('/api/things', { config: { access: 'read' } }, () => ({ things: [] }));
    app.get('/index.html', () => 'page');
    await app.ready();
    expect(routes).toEqual([{ route: 'GET /api/things', access: 'read' }]);
    await app.close();
  });
});
