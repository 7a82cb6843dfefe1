import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { IncidentMap } from '../map/incidentMap.js';

/**
 * The MapLibre map of a feature layer, once its style is in and `addLayers` has added the
 * feature's sources and layers (under the incidents, at `beforeId`, where it wants); null before.
 */
export function useFeatureMap(
  map: IncidentMap,
  addLayers: (map: MapLibreMap, beforeId: string | undefined) => void,
): MapLibreMap | null {
  const [maplibre, setMaplibre] = useState<MapLibreMap | null>(null);
  useEffect(
    () =>
      map.whenReady((ready, beforeId) => {
        addLayers(ready, beforeId);
        setMaplibre(ready);
      }),
    [map, addLayers],
  );
  return maplibre;
}
