import type { ForecastCell, HotspotCell, NearRepeatZone, Pattern } from '@mirsad/shared';
import type { MapLayerMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { IncidentMap } from '../map/incidentMap.js';
import { LAYER_IDS } from '../map/mapStyle.js';
import {
  toForecastFeatures,
  toHotspotFeatures,
  toNearRepeatFeatures,
  toSeriesFeatures,
} from './patternFeatures.js';
import {
  addPatternLayers,
  PATTERN_SOURCES,
  SERIES_CLICK_LAYER,
  setPatternData,
  setPatternVisibility,
} from './patternMapLayers.js';

/**
 * The analyses not given, one array for every render: a default `= []` is a new array each
 * time, which re-ran the effects that hand the map their data on every commit of a burst.
 */
const NO_HOTSPOTS: readonly HotspotCell[] = [];
const NO_FORECAST: readonly ForecastCell[] = [];

/** Which of the pattern layers are switched on. */
export interface PatternLayerSwitches {
  series: boolean;
  hotspots: boolean;
  forecast: boolean;
}

/**
 * The MapLibre map under an IncidentMap, once its style is in: null until then. Pattern watch's
 * sources and layers are added the moment it is, under the incidents.
 */
export function usePatternMap(map: IncidentMap): MapLibreMap | null {
  const [maplibreMap, setMaplibreMap] = useState<MapLibreMap | null>(null);
  useEffect(
    () =>
      map.whenReady((ready, beforeId) => {
        addPatternLayers(ready, beforeId);
        setMaplibreMap(ready);
      }),
    [map],
  );
  return maplibreMap;
}

/**
 * Draws pattern watch on a map: series as circles of their true radius, the near-repeat zones
 * around recent property crimes, hot spot cells by class, the forecast's riskiest cells. Used by the room's and the wall's map (live) and by the review's
 * (the series alive at the replayed moment). Renders nothing into the page itself.
 */
export function PatternDrawing({
  map,
  series,
  hotspots = NO_HOTSPOTS,
  forecast = NO_FORECAST,
  nearRepeats,
  switches,
  onSelectSeries,
}: {
  map: IncidentMap;
  series: readonly Pattern[];
  hotspots?: readonly HotspotCell[];
  forecast?: readonly ForecastCell[];
  /** The zones of raised risk and the moment they were computed for (ms), drawn with the series. */
  nearRepeats?: { zones: readonly NearRepeatZone[]; at: number };
  switches: PatternLayerSwitches;
  /** Called with a series' id when it is clicked; none on a map nobody works (the wall). */
  onSelectSeries?: (patternId: string) => void;
}) {
  const maplibreMap = usePatternMap(map);

  useEffect(() => {
    if (!maplibreMap) return;
    const { circles, centres } = toSeriesFeatures(series);
    setPatternData(maplibreMap, PATTERN_SOURCES.series, circles);
    setPatternData(maplibreMap, PATTERN_SOURCES.seriesCentres, centres);
  }, [maplibreMap, series]);

  useEffect(() => {
    if (!maplibreMap) return;
    const { circles, centres } = toNearRepeatFeatures(nearRepeats?.zones ?? [], nearRepeats?.at ?? 0);
    setPatternData(maplibreMap, PATTERN_SOURCES.nearRepeats, circles);
    setPatternData(maplibreMap, PATTERN_SOURCES.nearRepeatCentres, centres);
  }, [maplibreMap, nearRepeats]);

  useEffect(() => {
    if (!maplibreMap) return;
    const { cells, centres } = toHotspotFeatures(hotspots);
    setPatternData(maplibreMap, PATTERN_SOURCES.hotspots, cells);
    setPatternData(maplibreMap, PATTERN_SOURCES.hotspotCentres, centres);
  }, [maplibreMap, hotspots]);

  useEffect(() => {
    if (!maplibreMap) return;
    const { cells, centres } = toForecastFeatures(forecast);
    setPatternData(maplibreMap, PATTERN_SOURCES.forecast, cells);
    setPatternData(maplibreMap, PATTERN_SOURCES.forecastCentres, centres);
  }, [maplibreMap, forecast]);

  const { series: isSeriesOn, hotspots: isHotspotsOn, forecast: isForecastOn } = switches;
  useEffect(() => {
    if (!maplibreMap) return;
    setPatternVisibility(maplibreMap, 'series', isSeriesOn);
    setPatternVisibility(maplibreMap, 'hotspots', isHotspotsOn);
    setPatternVisibility(maplibreMap, 'forecast', isForecastOn);
  }, [maplibreMap, isSeriesOn, isHotspotsOn, isForecastOn]);

  useEffect(() => {
    if (!maplibreMap || !onSelectSeries) return;
    const onClick = (event: MapLayerMouseEvent): void => {
      // An incident drawn over the series wins: it is what the officer aimed at (the map selects it).
      const incidentLayers = [LAYER_IDS.points, LAYER_IDS.clusters].filter((id) => maplibreMap.getLayer(id));
      if (maplibreMap.queryRenderedFeatures(event.point, { layers: incidentLayers }).length > 0) return;
      const id: unknown = event.features?.[0]?.properties['id'];
      if (typeof id === 'string') onSelectSeries(id);
    };
    const onEnter = (): void => {
      maplibreMap.getCanvas().style.cursor = 'pointer';
    };
    const onLeave = (): void => {
      maplibreMap.getCanvas().style.cursor = '';
    };
    maplibreMap.on('click', SERIES_CLICK_LAYER, onClick);
    maplibreMap.on('mouseenter', SERIES_CLICK_LAYER, onEnter);
    maplibreMap.on('mouseleave', SERIES_CLICK_LAYER, onLeave);
    return () => {
      maplibreMap.off('click', SERIES_CLICK_LAYER, onClick);
      maplibreMap.off('mouseenter', SERIES_CLICK_LAYER, onEnter);
      maplibreMap.off('mouseleave', SERIES_CLICK_LAYER, onLeave);
    };
  }, [maplibreMap, onSelectSeries]);

  return null;
}
