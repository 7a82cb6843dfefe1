import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification, LayerSpecification } from '../map/maplibreTypes.js';
import { setSourceData } from '../map/sourceData.js';
import { HOTSPOT_COLORS, PATTERN_COLORS } from './palette.js';

/** The sources pattern watch adds to the map. */
export const PATTERN_SOURCES = {
  series: 'pattern-series',
  seriesCentres: 'pattern-series-centres',
  hotspots: 'pattern-hotspots',
  hotspotCentres: 'pattern-hotspot-centres',
  forecast: 'pattern-forecast',
  forecastCentres: 'pattern-forecast-centres',
  nearRepeats: 'pattern-near-repeats',
  nearRepeatCentres: 'pattern-near-repeat-centres',
} as const;

/** The map's pattern layers, by the switch (map store's layer id) that shows them. */
export const PATTERN_LAYERS = {
  hotspots: ['pattern-hotspots-fill', 'pattern-hotspots-line', 'pattern-hotspots-dot'],
  forecast: ['pattern-forecast-fill', 'pattern-forecast-line', 'pattern-forecast-dot'],
  // Near-repeat zones go with the series: both say where property crime is running now.
  series: [
    'pattern-near-repeats-fill',
    'pattern-near-repeats-line',
    'pattern-near-repeats-dot',
    'pattern-series-fill',
    'pattern-series-line',
    'pattern-series-line-new',
    'pattern-series-centre',
  ],
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

/**
 * Zoom at which a cell's own hexagon (H3 resolution 8, about 1 km across) is big enough to
 * read: below it, as on a wall showing the whole country, each cell is also marked by a dot
 * that fades out as the hexagons grow. A series keeps a ring of at least this many pixels at
 * every zoom, so that a 400 m series is seen on a whole-country wall.
 */
const CELL_DOT_FADE_ZOOM: readonly [number, number] = [10.5, 12];
const SERIES_RING_MIN_PX = 11;

const dotOpacity: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['zoom'],
  CELL_DOT_FADE_ZOOM[0],
  1,
  CELL_DOT_FADE_ZOOM[1],
  0,
] as unknown as ExpressionSpecification;

/**
 * Zoom at which a near-repeat zone (a couple of hundred metres) is a circle worth the name, about
 * 10 px across: below it, each zone is also marked by a dot at its incident, fading as it grows.
 */
const ZONE_DOT_FADE_ZOOM: readonly [number, number] = [12.5, 13.5];

const zoneDotOpacity: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['zoom'],
  ZONE_DOT_FADE_ZOOM[0],
  0.9,
  ZONE_DOT_FADE_ZOOM[1],
  0,
] as unknown as ExpressionSpecification;

function layers(): LayerSpecification[] {
  const [hotspotFill, hotspotLine, hotspotDot] = PATTERN_LAYERS.hotspots;
  const [forecastFill, forecastLine, forecastDot] = PATTERN_LAYERS.forecast;
  const [nearFill, nearLine, nearDot, seriesFill, seriesLine, seriesLineNew, seriesCentre] =
    PATTERN_LAYERS.series;
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
      id: hotspotDot,
      type: 'circle',
      source: PATTERN_SOURCES.hotspotCentres,
      paint: {
        'circle-radius': 4,
        'circle-color': hotspotColor,
        'circle-opacity': dotOpacity,
        'circle-stroke-color': '#06090e',
        'circle-stroke-width': 1,
        'circle-stroke-opacity': dotOpacity,
      },
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
      id: forecastDot,
      type: 'circle',
      source: PATTERN_SOURCES.forecastCentres,
      paint: {
        'circle-radius': 4.5,
        'circle-color': 'rgba(0, 0, 0, 0)',
        'circle-stroke-color': PATTERN_COLORS.forecast,
        'circle-stroke-width': 2,
        'circle-stroke-opacity': dotOpacity,
      },
    },
    {
      // A zone of raised risk: a faint fill, stronger while fresh, under a dotted edge (a zone
      // is a probability, not a line anyone drew), between the cells and the series.
      id: nearFill,
      type: 'fill',
      source: PATTERN_SOURCES.nearRepeats,
      paint: {
        'fill-color': PATTERN_COLORS.nearRepeat,
        'fill-opacity': ['interpolate', ['linear'], ['get', 'freshness'], 0, 0.06, 1, 0.2],
      },
    },
    {
      id: nearLine,
      type: 'line',
      source: PATTERN_SOURCES.nearRepeats,
      paint: {
        'line-color': PATTERN_COLORS.nearRepeat,
        'line-width': 1.5,
        'line-opacity': 0.85,
        'line-dasharray': [1, 1.5],
      },
    },
    {
      id: nearDot,
      type: 'circle',
      source: PATTERN_SOURCES.nearRepeatCentres,
      paint: {
        'circle-radius': 3,
        'circle-color': PATTERN_COLORS.nearRepeat,
        'circle-opacity': zoneDotOpacity,
        'circle-stroke-color': '#06090e',
        'circle-stroke-width': 1,
        'circle-stroke-opacity': zoneDotOpacity,
      },
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
      // A ring of at least SERIES_RING_MIN_PX around the centre: the series' mark when its true
      // circle is smaller than that (zoomed out), its centre when it is larger.
      paint: {
        'circle-radius': SERIES_RING_MIN_PX,
        'circle-color': PATTERN_COLORS.series,
        'circle-opacity': ['case', isNew, 0.35, 0.15],
        'circle-stroke-color': PATTERN_COLORS.series,
        'circle-stroke-width': ['case', isNew, 3, 1.5],
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
  setSourceData(map, sourceId, data);
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
