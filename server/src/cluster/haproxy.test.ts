import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy.js';

const DEPLOY_FILE = new URL('../../deploy/haproxy.cfg', import.meta.url).pathname;
const HAS_HAPROXY = spawnSync('haproxy', ['-v']).status === 0;

describe('the balancer configuration', () => {
  it('ships in server/deploy exactly as haproxyConfig renders it for two nodes', () => {
    const rendered = haproxyConfig({
      bind: '*:80',
      nodes: [
        { name: 'node1', address: '10.0.0.11:8080' },
        { name: 'node2', address: '10.0.0.12:8080' },
      ],
    });
    expect(fs.readFileSync(DEPLOY_FILE, 'utf8')).toBe(rendered);
    expect(rendered).toContain('http-check send meth GET uri /api/health');
    expect(rendered).not.toMatch(/\bcookie\b|stick/);
  });

  it.runIf(HAS_HAPROXY)('is accepted by HAProxy itself', () => {
    const check = spawnSync('haproxy', ['-c', '-f', DEPLOY_FILE], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });
});
