import type { Locale } from '@mirsad/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { afterEach, vi } from 'vitest';
import { applyDocumentLocale, useLocaleStore } from '../i18n/locale.js';

const mounted = new Set<Rendered>();

// Every test starts on an empty page with the real `fetch` (see fakeServer.ts).
afterEach(() => {
  for (const rendered of mounted) rendered.unmount();
  vi.restoreAllMocks();
});

/** What a browser test rendered: its query cache, and how to take it off the page. */
export interface Rendered {
  queryClient: QueryClient;
  container: HTMLElement;
  unmount: () => void;
}

/**
 * Renders a part of the app into the real document of the browser test, in one language, with
 * a query cache of its own (filled by the test with `setQueryData`, as the realtime module
 * would) that never asks the network again by itself.
 */
export function renderInBrowser(ui: ReactNode, { locale }: { locale: Locale } = { locale: 'en' }): Rendered {
  useLocaleStore.setState({ locale });
  applyDocumentLocale(document.documentElement, locale);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false } },
  });
  const container = document.createElement('div');
  container.style.blockSize = '100vh';
  document.body.append(container);
  const root = createRoot(container);
  flushSync(() => {
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
      </StrictMode>,
    );
  });
  const rendered: Rendered = {
    queryClient,
    container,
    unmount: () => {
      if (!mounted.delete(rendered)) return;
      root.unmount();
      container.remove();
      queryClient.clear();
    },
  };
  mounted.add(rendered);
  return rendered;
}
