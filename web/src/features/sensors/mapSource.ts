import type { Map as MapLibreMap } from 'maplibre-gl';

/** Shows or hides a feature's layers (those already added). */
export function showLayers(map: MapLibreMap, layerIds: readonly string[], isShown: boolean): void {
  for (const id of layerIds)
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', isShown ? 'visible' : 'none');
}

/** An empty GeoJSON collection, for a source before its first data. */
export const emptyCollection = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });
