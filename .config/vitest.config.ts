import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// This file lives in .config/ because the repository's top level is fixed; paths are from the root.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// One vitest run from the root covers every package; the `source` export condition makes
// workspace packages resolve to their TypeScript sources, so tests need no build first.
export default defineConfig({
  root: ROOT,
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['shared/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'mock-data', include: ['mock-data/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          environment: 'node',
          // The review's worker threads run the build of the server: build it first.
          globalSetup: ['.config/vitest.build-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      './web',
    ],
  },
});
