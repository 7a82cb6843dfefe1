import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MirsadServer } from '../app.js';
import type { ServerConfig } from '../config.js';
import { startTestServer, tempDataDir } from '../test-support.js';

const servers: MirsadServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server with a stand-in built web app, so that pages are served as in production. */
async function serverWithPages(overrides: Partial<ServerConfig> = {}): Promise<MirsadServer> {
  const dataDir = tempDataDir();
  const webDist = path.join(dataDir, 'web');
  fs.mkdirSync(webDist);
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Mirsad</title>');
  const server = await startTestServer(dataDir, { webDist, ...overrides });
  servers.push(server);
  return server;
}

/** The CSP's directives by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  it('sends a CSP that lets only this origin in, MapLibre’s blob: worker included, and no page frame us', async () => {
    const server = await serverWithPages();
    for (const route of ['/', '/wall', '/api/health', '/api/incidents']) {
      const response = await fetch(new URL(route, server.url));
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('default-src'), route).toEqual(["'self'"]);
      expect(csp.get('script-src'), route).toEqual(["'self'"]);
      expect(csp.get('worker-src'), route).toEqual(["'self'", 'blob:']);
      expect(csp.get('style-src'), route).toEqual(["'self'"]);
      expect(csp.get('connect-src'), route).toEqual(["'self'", 'blob:']);
      expect(csp.get('frame-ancestors'), route).toEqual(["'none'"]);
      expect(csp.get('object-src'), route).toEqual(["'none'"]);
      expect(csp.has('upgrade-insecure-requests'), route).toBe(false);
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), route).toBe('DENY');
      expect(response.headers.get('referrer-policy'), route).toBe('no-referrer');
    }
  });

  it('lets the map reach the on-premises tile server of MAP_STYLE_URL, and nothing else outside', async () => {
    const server = await serverWithPages({ mapStyleUrl: 'https://tiles.moi.example:8443/styles/basic.json' });
    const csp = directives((await fetch(server.url)).headers.get('content-security-policy'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'blob:', 'https://tiles.moi.example:8443']);
    expect(csp.get('img-src')).toContain('https://tiles.moi.example:8443');
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });
});

describe('cookies', () => {
  it('answers a malformed cookie with 401, not a 500', async () => {
    const server = await serverWithPages();
    for (const cookie of [
      'mirsad_session=%E0%A4%A',
      'mirsad_session=%',
      '=;;%%; mirsad_session',
      'a=%ZZ; mirsad_session=%C0',
    ]) {
      const response = await fetch(new URL('/api/auth/me', server.url), { headers: { cookie } });
      expect(response.status, cookie).toBe(401);
      expect(await response.json(), cookie).toMatchObject({ error: 'unauthorized' });
    }
  });
});
