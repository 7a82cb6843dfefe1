import type { Overlay } from '@mirsad/shared';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import { emptyCollection, LAYER_IDS } from './mapStyle.js';
import type { FilterSpecification, LayerSpecification } from './maplibreTypes.js';

/** The source holding an exercise's overlays: water, fire, smoke, cut power, evacuation, closed roads, rain. */
export const EXERCISE_OVERLAY_SOURCE = 'exercise-overlays';

/** The kinds of overlay, in the order the legend lists them. */
export type OverlayKind = Overlay['kind'];

/**
 * One colour per overlay kind, shared by the map layers and the legend's swatches so the key
 * always matches. Chosen to stand apart from the sector colours and from each other on the
 * dark map: water blue, fire red-orange, smoke grey, evacuation yellow, closed road magenta.
 */
export const OVERLAY_COLORS: Readonly<Record<OverlayKind, string>> = {
  rain: '#6fb7ff',
  'flooded-zone': '#2f8cff',
  'fire-perimeter': '#ff5a2e',
  'smoke-plume': '#a7adb6',
  'power-cut': '#c9a227',
  'evacuation-zone': '#ffd23f',
  'road-closure': '#ff2d78',
};

/** The properties each overlay feature carries for the layers' expressions. */
interface OverlayProperties {
  key: string;
  kind: OverlayKind;
  depthCm: number;
  rainMmPerHour: number;
}

/** The overlays as GeoJSON: active ones with a shape only (reopened roads and rain over everywhere drop out). */
export function toOverlayFeatures(
  overlays: readonly Overlay[],
): FeatureCollection<Polygon | LineString, OverlayProperties> {
  const features: Feature<Polygon | LineString, OverlayProperties>[] = [];
  for (const overlay of overlays) {
    if (!overlay.isActive || overlay.geometry === null) continue;
    features.push({
      type: 'Feature',
      id: overlay.key,
      geometry: overlay.geometry,
      properties: {
        key: overlay.key,
        kind: overlay.kind,
        depthCm: overlay.depthCm ?? 0,
        rainMmPerHour: overlay.rainMmPerHour ?? 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The box around the overlays' shapes, `[[west, south], [east, north]]`, or null when there are none. */
export function overlayBounds(overlays: readonly Overlay[]): [[number, number], [number, number]] | null {
  let box: [number, number, number, number] | null = null;
  for (const { geometry } of toOverlayFeatures(overlays).features) {
    const positions = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates;
    for (const [lon = 0, lat = 0] of positions) {
      box = box
        ? [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)]
        : [lon, lat, lon, lat];
    }
  }
  return box
    ? [
        [box[0], box[1]],
        [box[2], box[3]],
      ]
    : null;
}

const ofKind = (...kinds: OverlayKind[]): FilterSpecification => ['in', ['get', 'kind'], ['literal', kinds]];

/** The overlay layers, lowest first: areas under lines, all under the incidents and units. */
export function exerciseOverlayLayers(): LayerSpecification[] {
  const source = EXERCISE_OVERLAY_SOURCE;
  return [
    {
      id: 'exercise-rain-fill',
      type: 'fill',
      source,
      filter: ofKind('rain'),
      paint: {
        'fill-color': OVERLAY_COLORS.rain,
        // Heavier rain, denser tint: 10 mm/h is light, 60 mm/h and more a downpour.
        'fill-opacity': ['interpolate', ['linear'], ['get', 'rainMmPerHour'], 0, 0.04, 60, 0.2],
      },
    },
    {
      id: 'exercise-smoke-fill',
      type: 'fill',
      source,
      filter: ofKind('smoke-plume'),
      paint: { 'fill-color': OVERLAY_COLORS['smoke-plume'], 'fill-opacity': 0.38 },
    },
    {
      id: 'exercise-flood-fill',
      type: 'fill',
      source,
      filter: ofKind('flooded-zone'),
      paint: {
        'fill-color': OVERLAY_COLORS['flooded-zone'],
        // Deeper water, stronger blue: ankle-deep is faint, a metre reads at once.
        'fill-opacity': ['interpolate', ['linear'], ['get', 'depthCm'], 0, 0.3, 100, 0.7],
      },
    },
    {
      id: 'exercise-fire-fill',
      type: 'fill',
      source,
      filter: ofKind('fire-perimeter'),
      paint: { 'fill-color': OVERLAY_COLORS['fire-perimeter'], 'fill-opacity': 0.45 },
    },
    {
      id: 'exercise-power-fill',
      type: 'fill',
      source,
      filter: ofKind('power-cut'),
      paint: { 'fill-color': '#000000', 'fill-opacity': 0.35 },
    },
    {
      id: 'exercise-area-line',
      type: 'line',
      source,
      filter: ofKind('flooded-zone', 'fire-perimeter', 'power-cut'),
      paint: {
        'line-color': [
          'match',
          ['get', 'kind'],
          'flooded-zone',
          OVERLAY_COLORS['flooded-zone'],
          'fire-perimeter',
          OVERLAY_COLORS['fire-perimeter'],
          OVERLAY_COLORS['power-cut'],
        ],
        'line-width': 1.5,
      },
    },
    {
      id: 'exercise-evacuation-line',
      type: 'line',
      source,
      filter: ofKind('evacuation-zone'),
      paint: {
        'line-color': OVERLAY_COLORS['evacuation-zone'],
        'line-width': 2.5,
        'line-dasharray': [2, 1.5],
      },
    },
    {
      id: 'exercise-road-closure-casing',
      type: 'line',
      source,
      filter: ofKind('road-closure'),
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': '#06090e', 'line-width': 7 },
    },
    {
      id: 'exercise-road-closure',
      type: 'line',
      source,
      filter: ofKind('road-closure'),
      paint: { 'line-color': OVERLAY_COLORS['road-closure'], 'line-width': 4, 'line-dasharray': [1.2, 0.8] },
    },
  ];
}

/** Adds the overlay source and layers under the incident layers, once. */
export function addExerciseOverlayLayers(map: MapLibreMap): void {
  if (map.getSource(EXERCISE_OVERLAY_SOURCE)) return;
  map.addSource(EXERCISE_OVERLAY_SOURCE, { type: 'geojson', data: emptyCollection() });
  const beforeId = map.getLayer(LAYER_IDS.areaFill) ? LAYER_IDS.areaFill : undefined;
  for (const layer of exerciseOverlayLayers()) map.addLayer(layer, beforeId);
}

/** Padding around an exercise's area when the map first fits it, px. */
const FIT_PADDING_PX = 60;
/** Closest the map zooms when it fits a small exercise area. */
const FIT_MAX_ZOOM = 12;

/** Moves the map to show the overlays' area (at once, no animation: it is the exercise's starting view). */
export function fitToOverlays(map: MapLibreMap, overlays: readonly Overlay[]): boolean {
  const bounds: LngLatBoundsLike | null = overlayBounds(overlays);
  if (!bounds) return false;
  map.fitBounds(bounds, { padding: FIT_PADDING_PX, maxZoom: FIT_MAX_ZOOM, duration: 0 });
  return true;
}
