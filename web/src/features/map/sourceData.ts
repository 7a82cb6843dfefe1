import type { GeoJSON } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { SourceChanges } from './drawBudget.js';

/** What every GeoJSON source of every map on the page was last given through `setSourceData`. */
const given = new SourceChanges();

/**
 * Gives a GeoJSON source new data, unless it already holds the same: React effects and the
 * map's own passes hand their sources data again on every commit of a burst (a new array that
 * says the same), and each `setData` costs a worker pass and a whole frame of the map.
 */
export function setSourceData(map: MapLibreMap, sourceId: string, data: GeoJSON): void {
  const source = map.getSource<GeoJSONSource>(sourceId);
  if (!source || !given.hasChanged(source, data)) return;
  source.setData(data).catch((error: unknown) => {
    given.forget(source);
    console.error(`Mirsad: the map could not take the data of ${sourceId}`, error);
  });
}
