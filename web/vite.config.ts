import react from '@vitejs/plugin-react';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { basemapPlugin } from './build/basemap.js';
import { precompressPlugin } from './build/precompress.js';

/** Where `vite dev` finds the Mirsad server (`PORT` of server/, 8080 by default). */
const DEV_API_TARGET = process.env['MIRSAD_API_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), basemapPlugin(), precompressPlugin()],
  resolve: {
    // Workspace packages resolve to their TypeScript sources: no build of shared/ first.
    conditions: ['source', ...defaultClientConditions],
  },
  // Vitest runs this project's tests in Node, which resolves through the SSR conditions.
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  server: {
    proxy: {
      '/api': { target: DEV_API_TARGET },
      '/socket.io': { target: DEV_API_TARGET, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    // What each page loads first, read by `npm run bytes` (.scripts/bytes.mjs).
    manifest: true,
    // maplibre-gl alone is about 1 MB minified: its own chunk, loaded by the pages with a map.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // One long-cached file that only the map's pages load, whatever else changes.
            { name: 'maplibre', test: /node_modules[\\/].*maplibre-gl/ },
          ],
        },
      },
    },
  },
  test: {
    name: 'web',
    // TODO(jsdom): back to 'jsdom' when the machines run Node >= 22.22 (jsdom 31 needs it; on
    // Node 20 its undici fails to load) or jsdom is pinned to 26. Until then the unit tests
    // here keep to logic that needs no DOM; rendering is covered by e2e in real Chromium.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    // Component tests run in Chromium (vitest.browser.config.ts), not here.
    exclude: ['src/**/*.browser.test.tsx'],
  },
});
