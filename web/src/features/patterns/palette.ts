import type { HotspotClass } from '@mirsad/shared';

/**
 * The colours of pattern watch, shared by the map's layers and the key's swatches so the key
 * always matches the map. Areas lie under the incidents, so they are drawn translucent; each
 * kind keeps its own hue on the dark map: series magenta, hot spots the reds-to-greys of
 * ArcGIS's emerging hot spot classes (hotter and newer is redder), the forecast cyan, near-repeat
 * zones lime.
 */

export const PATTERN_COLORS = {
  /** A crime series found by the space-time scan. */
  series: '#ff4fd8',
  /** The cells of highest forecast risk. */
  forecast: '#3ee0ff',
  /** A zone of raised risk around a recent burglary, theft or robbery (the Knox test's near repeats). */
  nearRepeat: '#c6f432',
} as const;

export const HOTSPOT_COLORS: Readonly<Record<HotspotClass, string>> = {
  new: '#ff1f1f',
  consecutive: '#ff5a36',
  intensifying: '#ff8a3d',
  persistent: '#ffb347',
  diminishing: '#ffd98a',
  sporadic: '#e08fff',
  oscillating: '#9f8cff',
  historical: '#9aa5b4',
};
