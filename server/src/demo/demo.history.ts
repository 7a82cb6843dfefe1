import { generateHistory } from '@mirsad/mock-data';
import type { HistoryStore } from '../store/history.store.js';

/** Records in the demo's year of history: a mid-sized city's crime and traffic year, loaded in well under a second. */
export const DEMO_HISTORY_COUNT = 12_000;

const DEMO_HISTORY_SEED = 1446;
const DAY_MS = 86_400_000;

/**
 * Loads a generated year of past incidents into an empty history, so that the demo's pattern
 * watch has a past to compare reports with; a store that has history keeps it (a restart is
 * as fast as before). Returns how many were loaded.
 */
export async function seedDemoHistory(history: HistoryStore, now: Date): Promise<number> {
  if ((await history.count()) > 0) return 0;
  // The year ends at the start of today, so today's live reports are the only present.
  const end = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const records = generateHistory({ seed: DEMO_HISTORY_SEED, end, count: DEMO_HISTORY_COUNT });
  const batch = 2_000;
  let loaded = 0;
  for (let i = 0; i < records.length; i += batch)
    loaded += (await history.addBatch(records.slice(i, i + batch))).imported;
  return loaded;
}
