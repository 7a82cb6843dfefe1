import { useSyncExternalStore } from 'react';

/**
 * A shared clock ticking every `tickMs`: one timer however many components read it, running
 * only while someone does. Returns the hook that reads the time now in epoch ms.
 */
export function createClock(tickMs: number): () => number {
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
      }, tickMs);
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
  return () => useSyncExternalStore(subscribe, snapshot, snapshot);
}
