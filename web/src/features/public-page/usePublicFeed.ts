import { useEffect, useState } from 'react';
import type { Parser } from '../../api/http.js';

/**
 * How often the public page asks again for warnings and shelters, ms. Answers carry ETags: the
 * browser revalidates (`cache: 'no-cache'`) and an unchanged list costs a 304 with no body, so a
 * page left open on a phone, or a million of them behind a cache, stays cheap.
 */
export const PUBLIC_REFRESH_MS = 60_000;

/** What the page has of one public list: the last good answer, when it came, and whether the last try failed. */
export interface PublicFeed<T> {
  data: T | undefined;
  loadedAt: number | null;
  isFailing: boolean;
}

/**
 * One public list, asked for now and every PUBLIC_REFRESH_MS, and again when the phone comes
 * back online or the tab is shown again. The page keeps the last good answer through a failure
 * (it says how old it is). No react-query and no socket: this page loads as little as it can.
 */
export function usePublicFeed<T>(url: string, parser: Parser<T>): PublicFeed<T> {
  const [feed, setFeed] = useState<PublicFeed<T>>({ data: undefined, loadedAt: null, isFailing: false });

  useEffect(() => {
    let controller: AbortController | null = null;
    const load = async () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      try {
        const response = await fetch(url, {
          headers: { Accept: 'application/json' },
          cache: 'no-cache',
          credentials: 'omit',
          signal: current.signal,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = parser.parse(await response.json());
        setFeed({ data, loadedAt: Date.now(), isFailing: false });
      } catch (error) {
        if (current.signal.aborted) return;
        console.error(`Mirsad: ${url} could not be loaded`, error);
        setFeed((previous) => ({ ...previous, isFailing: true }));
      }
    };
    const refresh = () => {
      if (document.visibilityState === 'visible') void load();
    };
    void load();
    const timer = setInterval(refresh, PUBLIC_REFRESH_MS);
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
      controller?.abort();
    };
  }, [url, parser]);

  return feed;
}
