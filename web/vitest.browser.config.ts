import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Debian's Chromium, as the e2e tests use it (never a downloaded browser). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Component tests in a real browser (`*.browser.test.tsx`): React renders into Chromium's DOM,
 * with real layout, focus, `<dialog>` and events, and the same Vite build as the app.
 */
export default defineConfig({
  // Run from the repository's root by `npm test`: paths are from web/.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // Workspace packages resolve to their TypeScript sources, as in vite.config.ts.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // Bundled before the first test: a dependency found mid-run makes Vite reload the page under a test.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      '@tanstack/react-query',
      '@tanstack/react-router',
      'intl-messageformat',
      'recharts',
      'zod',
      'zustand',
      'zustand/react/shallow',
    ],
  },
  test: {
    name: 'web-browser',
    include: ['src/**/*.browser.test.tsx'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
        contextOptions: { locale: 'en-GB', timezoneId: 'Asia/Kuwait' },
      }),
      instances: [{ browser: 'chromium', viewport: { width: 1366, height: 768 } }],
    },
  },
});
