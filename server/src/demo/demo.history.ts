import { generateHistory, HISTORY_CATEGORIES } from '@mirsad/mock-data';
import type { HistoryStore } from '../store/history.store.js';

/** Records in the demo's year of history: a mid-sized city's crime and traffic year, loaded in well under a second. */
export const DEMO_HISTORY_COUNT = 12_000;

const DEMO_HISTORY_SEED = 1446;

/**
 * Property crime in the demo's year repeats nearby, as it does in the literature (Townsley,
 * Homel & Chaseling 2003; Johnson & Bowers 2004: a burgled home's neighbours run a raised risk
 * for a week or two within a couple of hundred metres), so that pattern watch's near-repeat
 * zones have something to show; the other categories have no such interaction.
 */
const PROPERTY_CRIME = ['burglary', 'theft', 'armed-robbery'];
const PROPERTY_CRIME_REPEATS = { share: 0.25, meanDays: 4, radiusM: 200 };
const DAY_MS = 86_400_000;

/**
 * Loads a generated year of past incidents into an empty history, so that the demo's pattern
 * watch has a past to compare reports with; a store that has history keeps it (a restart is
 * as fast as before). Returns how many were loaded.
 */
export async function seedDemoHistory(history: HistoryStore, now: Date): Promise<number> {
  if (await history.hasAny()) return 0;
  // The year ends at the start of today, so today's live reports are the only present.
  const end = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const propertyShare = HISTORY_CATEGORIES.filter((k) => PROPERTY_CRIME.includes(k.category)).reduce(
    (sum, k) => sum + k.share,
    0,
  );
  const property = Math.round(DEMO_HISTORY_COUNT * propertyShare);
  const records = [
    ...generateHistory({
      seed: DEMO_HISTORY_SEED,
      end,
      count: property,
      categories: PROPERTY_CRIME,
      contagion: PROPERTY_CRIME_REPEATS,
    }),
    ...generateHistory({
      seed: DEMO_HISTORY_SEED + 1,
      end,
      count: DEMO_HISTORY_COUNT - property,
      categories: HISTORY_CATEGORIES.map((k) => k.category).filter((c) => !PROPERTY_CRIME.includes(c)),
    }),
  ].sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  const batch = 2_000;
  let loaded = 0;
  for (let i = 0; i < records.length; i += batch)
    loaded += (await history.addBatch(records.slice(i, i + batch))).imported;
  return loaded;
}
