import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification, LayerSpecification } from '../map/maplibreTypes.js';
import { HOTSPOT_COLORS, PATTERN_COLORS } from './palette.js';

/** The sources pattern watch adds to the map. */
export const PATTERN_SOURCES = {
  series: 'pattern-series',
  seriesCentres: 'pattern-series-centres',
  hotspots: 'pattern-hotspots',
  forecast: 'pattern-forecast',
} as const;

/** The map's pattern layers, by the switch (map store's layer id) that shows them. */
export const PATTERN_LAYERS = {
  hotspots: ['pattern-hotspots-fill', 'pattern-hotspots-line'],
  forecast: ['pattern-forecast-fill', 'pattern-forecast-line'],
  series: ['pattern-series-fill', 'pattern-series-line', 'pattern-series-line-new', 'pattern-series-centre'],
} as const;

/** The layer a click on a series is read from. */
export const SERIES_CLICK_LAYER = 'pattern-series-fill';

const hotspotColor: ExpressionSpecification = [
  'match',
  ['get', 'class'],
  ...Object.entries(HOTSPOT_COLORS).flat(),
  '#888888',
] as unknown as ExpressionSpecification;

const isNew: ExpressionSpecification = ['==', ['get', 'isNew'], true];

function layers(): LayerSpecification[] {
  const [hotspotFill, hotspotLine] = PATTERN_LAYERS.hotspots;
  const [forecastFill, forecastLine] = PATTERN_LAYERS.forecast;
  const [seriesFill, seriesLine, seriesLineNew, seriesCentre] = PATTERN_LAYERS.series;
  return [
    {
      id: hotspotFill,
      type: 'fill',
      source: PATTERN_SOURCES.hotspots,
      paint: { 'fill-color': hotspotColor, 'fill-opacity': 0.32 },
    },
    {
      id: hotspotLine,
      type: 'line',
      source: PATTERN_SOURCES.hotspots,
      paint: { 'line-color': hotspotColor, 'line-width': 1, 'line-opacity': 0.75 },
    },
    {
      id: forecastFill,
      type: 'fill',
      source: PATTERN_SOURCES.forecast,
      paint: {
        'fill-color': PATTERN_COLORS.forecast,
        'fill-opacity': ['interpolate', ['linear'], ['get', 'strength'], 0, 0.08, 1, 0.42],
      },
    },
    {
      id: forecastLine,
      type: 'line',
      source: PATTERN_SOURCES.forecast,
      paint: { 'line-color': PATTERN_COLORS.forecast, 'line-width': 1.5, 'line-opacity': 0.9 },
    },
    {
      id: seriesFill,
      type: 'fill',
      source: PATTERN_SOURCES.series,
      paint: { 'fill-color': PATTERN_COLORS.series, 'fill-opacity': ['case', isNew, 0.26, 0.12] },
    },
    {
      // Acknowledged: dashed, the series is known and being worked.
      id: seriesLine,
      type: 'line',
      source: PATTERN_SOURCES.series,
      filter: ['!', isNew],
      paint: { 'line-color': PATTERN_COLORS.series, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
    {
      // New: solid and thick until someone acknowledges it.
      id: seriesLineNew,
      type: 'line',
      source: PATTERN_SOURCES.series,
      filter: isNew,
      paint: { 'line-color': PATTERN_COLORS.series, 'line-width': 3.5 },
    },
    {
      id: seriesCentre,
      type: 'circle',
      source: PATTERN_SOURCES.seriesCentres,
      paint: {
        'circle-radius': 4,
        'circle-color': PATTERN_COLORS.series,
        'circle-stroke-color': '#06090e',
        'circle-stroke-width': 1.5,
      },
    },
  ];
}

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/**
 * Adds pattern watch's sources and layers under `beforeId` (the incidents' lowest layer): an
 * area never hides a report. Hot spots lowest, the forecast over them, series on top.
 */
export function addPatternLayers(map: MapLibreMap, beforeId: string | undefined): void {
  for (const id of Object.values(PATTERN_SOURCES)) {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: empty() });
  }
  for (const layer of layers()) {
    if (!map.getLayer(layer.id)) map.addLayer(layer, beforeId);
  }
}

/** Gives a pattern source its features. */
export function setPatternData(
  map: MapLibreMap,
  sourceId: (typeof PATTERN_SOURCES)[keyof typeof PATTERN_SOURCES],
  data: FeatureCollection,
): void {
  map
    .getSource<GeoJSONSource>(sourceId)
    ?.setData(data)
    .catch((error: unknown) => {
      console.error(`Mirsad: the map could not take the data of ${sourceId}`, error);
    });
}

/** Shows or hides the layers of one pattern switch. */
export function setPatternVisibility(
  map: MapLibreMap,
  layer: keyof typeof PATTERN_LAYERS,
  isVisible: boolean,
): void {
  for (const id of PATTERN_LAYERS[layer]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', isVisible ? 'visible' : 'none');
  }
}
