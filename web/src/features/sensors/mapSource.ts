import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/** Hands a feature layer's own GeoJSON source new data; a failure is logged, never thrown into React. */
export function setSourceData(map: MapLibreMap, sourceId: string, data: GeoJSON.GeoJSON): void {
  map
    .getSource<GeoJSONSource>(sourceId)
    ?.setData(data)
    .catch((error: unknown) => {
      console.error(`Mirsad: the map could not take the data of ${sourceId}`, error);
    });
}

/** Shows or hides a feature's layers (those already added). */
export function showLayers(map: MapLibreMap, layerIds: readonly string[], isShown: boolean): void {
  for (const id of layerIds)
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', isShown ? 'visible' : 'none');
}

/** An empty GeoJSON collection, for a source before its first data. */
export const emptyCollection = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });
