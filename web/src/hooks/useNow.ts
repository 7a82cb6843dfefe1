import { useSyncExternalStore } from 'react';

/** How often relative times ("5 min ago") are brought up to date, in ms. */
export const NOW_TICK_MS = 15_000;

const listeners = new Set<() => void>();
let nowMs = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    nowMs = Date.now();
    timer = setInterval(() => {
      nowMs = Date.now();
      for (const notify of listeners) notify();
    }, NOW_TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = (): number => nowMs;

/** The time now in epoch ms, one clock for the whole page, ticking every NOW_TICK_MS. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
