import { KUWAIT_BOUNDS } from '@mirsad/shared';
import { BASEMAP_FILES, BASEMAP_URL_PATH } from './basemapFiles.js';
import type { FeatureCollection } from 'geojson';
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from './maplibreTypes.js';

/**
 * The map's colours: a dark operations-room palette where the sea is darkest, land a step
 * lighter, borders light enough to read, and incidents (in their sector colours) brightest.
 */
export const MAP_COLORS = {
  sea: '#07111d',
  land: '#18222f',
  coast: '#2e3e53',
  border: '#8796ad',
  governorateFill: '#2b3f5a',
  governorateLine: '#5a7598',
  clusterFill: '#1a2636',
  clusterRing: '#d3dced',
  critical: '#ff3b30',
  severe: '#ff8c1a',
  pointRing: '#06090e',
  selected: '#ffffff',
  /** The fill of an incident nobody has dispatched to yet: the map's own dark, so it reads as a ring. */
  hollow: '#0b1420',
  /**
   * The ring of an incident past its response target. It is still, not pulsing: a pulse has
   * MapLibre draw the whole map again on every frame for as long as anything is overdue (in a
   * storm, always), which a software-rendered wall display cannot afford.
   */
  overdue: '#ffd23f',
} as const;

/**
 * Source ids of the layers the app adds on top of any basemap. `incident-clusters` holds the
 * clusters and single incidents of the view (clustered in a worker of the map's own, see
 * incidentClusters.ts); `incident-selected` holds the selected one alone,
 * unclustered, so that it is ringed even inside a cluster. It used to be a second source of every
 * incident, which MapLibre's worker parsed and indexed again, and whose copy the worker sent back
 * to the page: at 50,000 incidents, seconds of the first draw for one ring.
 */
export const SOURCE_IDS = {
  governorates: 'governorates',
  incidentSelected: 'incident-selected',
  incidentClusters: 'incident-clusters',
  incidentAreas: 'incident-areas',
  facilities: 'facilities',
  units: 'units',
  unitLines: 'unit-lines',
  programWarmUp: 'program-warm-up',
} as const;

/** Layer ids the app refers to (clicks, filters). */
export const LAYER_IDS = {
  clusters: 'incident-clusters',
  points: 'incident-points',
  areaFill: 'incident-areas-fill',
  selectedPoint: 'incident-selected-point',
  selectedArea: 'incident-selected-area',
  overdueRing: 'incident-overdue-ring',
  clusterOverdueRing: 'incident-cluster-overdue-ring',
  facilities: 'facilities',
  units: 'units',
  unitLines: 'unit-lines',
  unitLinesOnScene: 'unit-lines-on-scene',
} as const;

/** The layers each optional map layer toggles. */
export const OPTIONAL_LAYERS = {
  units: [LAYER_IDS.units, LAYER_IDS.unitLines, LAYER_IDS.unitLinesOnScene],
  facilities: [LAYER_IDS.facilities],
} as const;

/** A GeoJSON FeatureCollection with no features, to start sources with. */
export function emptyCollection(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}

function basemapUrl(file: string): string {
  // Sources load in a worker, which does not resolve a path against the page: make it absolute.
  return new URL(`${BASEMAP_URL_PATH}${file}`, window.location.href).href;
}

/**
 * A paint value MapLibre takes as read from each feature, though it is the same for all. With
 * it, layers of one type have the same kinds of paint values (every incident circle: radius by
 * zoom and feature, the rest by feature; the fills and plain lines: colour by feature), and so
 * share one shader program: MapLibre compiles one per combination, and under SwiftShader each
 * compile held the page for hundreds of ms, on the first draw and again in a burst, when a layer
 * (the first acknowledged incident's dot, the first critical's halo) drew for the first time.
 */
const perFeature = (value: number | string): ExpressionSpecification => [
  'case',
  ['has', 'point_count'],
  value,
  value,
];

/**
 * The built-in offline style: sea, land and borders from the Natural Earth files the build
 * cut. No `glyphs` and no symbol layers: there are no font files offline, so every label is
 * a DOM marker (see `mapLabels.ts`).
 */
export function builtInStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Mirsad operations room (offline)',
    sources: {
      land: { type: 'geojson', data: basemapUrl(BASEMAP_FILES.land) },
      borders: { type: 'geojson', data: basemapUrl(BASEMAP_FILES.borders) },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': MAP_COLORS.sea } },
      // The fills and plain lines are in `perFeature` form, and the fills not antialiased (a
      // line is drawn along every edge): see `perFeature`.
      {
        id: 'land',
        type: 'fill',
        source: 'land',
        paint: { 'fill-color': perFeature(MAP_COLORS.land), 'fill-antialias': false },
      },
      {
        id: 'coast',
        type: 'line',
        source: 'land',
        paint: { 'line-color': perFeature(MAP_COLORS.coast), 'line-width': perFeature(1) },
      },
      {
        id: 'country-borders',
        type: 'line',
        source: 'borders',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': MAP_COLORS.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1, 10, 2.2],
          'line-dasharray': [4, 2],
        },
      },
    ],
  };
}

/** The radius of an incident's circle in pixels at a mid zoom, by severity 1..5. */
const severityRadius = (): ExpressionSpecification => [
  'match',
  ['get', 'severity'],
  1,
  5,
  2,
  6,
  3,
  7.5,
  4,
  9,
  5,
  11,
  7,
];

/** A circle radius that grows with severity and, gently, with zoom; `extra` pixels added. */
const radiusByZoom = (extra: number, scale = 1): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  7,
  ['+', extra, ['*', 0.85 * scale, severityRadius()]],
  13,
  ['+', extra, ['*', 1.35 * scale, severityRadius()]],
];

/** A per-feature radius made to vary with zoom too (its value the same at every zoom): see `perFeature`. */
const perFeatureAndZoom = (radius: ExpressionSpecification): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  7,
  radius,
  13,
  radius,
];

/**
 * The paint of an incident circle layer, with every value in `perFeature` form unless given:
 * the defaults are MapLibre's own.
 */
const circlePaint = (paint: {
  radius: ExpressionSpecification;
  color?: ExpressionSpecification | string;
  opacity?: ExpressionSpecification | number;
  strokeColor?: ExpressionSpecification | string;
  strokeWidth?: ExpressionSpecification | number;
  strokeOpacity?: ExpressionSpecification | number;
}) => {
  const kept = (value: ExpressionSpecification | number | string): ExpressionSpecification =>
    typeof value === 'number' || typeof value === 'string' ? perFeature(value) : value;
  return {
    'circle-radius': paint.radius,
    'circle-color': kept(paint.color ?? '#000000'),
    'circle-opacity': kept(paint.opacity ?? 1),
    'circle-stroke-color': kept(paint.strokeColor ?? '#000000'),
    'circle-stroke-width': kept(paint.strokeWidth ?? 0),
    'circle-stroke-opacity': kept(paint.strokeOpacity ?? 1),
  };
};

const isCluster = (): ExpressionSpecification => ['has', 'point_count'];
/** Whether the response has not yet sent anyone: drawn as a ring, not a disc. */
const isHollow = (): ExpressionSpecification => [
  'in',
  ['get', 'stage'],
  ['literal', ['waiting', 'acknowledged']],
];
const isSingle = (): ExpressionSpecification => ['!', ['has', 'point_count']];
/** Matches nothing: the selection layers' filter while no incident is selected. */
const nothingSelected = (): FilterSpecification => ['==', ['get', 'id'], ''];

/** Sources of the app's own layers, empty until data arrives. */
export function overlaySources(): Record<string, SourceSpecification> {
  return {
    [SOURCE_IDS.governorates]: { type: 'geojson', data: emptyCollection() },
    // The incident sources hold what the view shows, clustered by the map's own worker
    // (incidentClusters.ts): clusters carry `point_count`, `maxSeverity` and `overdue`.
    [SOURCE_IDS.incidentAreas]: { type: 'geojson', data: emptyCollection() },
    [SOURCE_IDS.incidentSelected]: { type: 'geojson', data: emptyCollection() },
    [SOURCE_IDS.incidentClusters]: { type: 'geojson', data: emptyCollection() },
    [SOURCE_IDS.facilities]: { type: 'geojson', data: emptyCollection() },
    [SOURCE_IDS.unitLines]: { type: 'geojson', data: emptyCollection() },
    [SOURCE_IDS.units]: { type: 'geojson', data: emptyCollection() },
    // A point, a line and an area in the middle of Kuwait, never seen: see `programWarmUpLayers`.
    [SOURCE_IDS.programWarmUp]: { type: 'geojson', data: warmUpFeatures() },
  };
}

/** Icon scale by zoom: small over the whole country, full size at street level. */
const iconSizeByZoom = (small: number, large: number): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  7,
  small,
  13,
  large,
];

/** The app's own layers, drawn over whichever basemap is in use, in drawing order. */
export function overlayLayers(): LayerSpecification[] {
  return [
    {
      id: 'governorates-fill',
      type: 'fill',
      source: SOURCE_IDS.governorates,
      paint: {
        'fill-color': perFeature(MAP_COLORS.governorateFill),
        'fill-opacity': 0.22,
        'fill-antialias': false,
      },
    },
    {
      id: 'governorates-line',
      type: 'line',
      source: SOURCE_IDS.governorates,
      paint: {
        'line-color': MAP_COLORS.governorateLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 1.6],
        'line-opacity': 0.8,
        'line-dasharray': [3, 2],
      },
    },
    {
      id: LAYER_IDS.areaFill,
      type: 'fill',
      source: SOURCE_IDS.incidentAreas,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.22, 'fill-antialias': false },
    },
    {
      id: 'incident-areas-line',
      type: 'line',
      source: SOURCE_IDS.incidentAreas,
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['case', ['==', ['get', 'severity'], 5], 3, 2],
      },
    },
    {
      id: LAYER_IDS.selectedArea,
      type: 'line',
      source: SOURCE_IDS.incidentAreas,
      filter: nothingSelected(),
      paint: { 'line-color': perFeature(MAP_COLORS.selected), 'line-width': perFeature(3) },
    },
    {
      id: LAYER_IDS.facilities,
      type: 'symbol',
      source: SOURCE_IDS.facilities,
      layout: {
        visibility: 'none',
        'icon-image': ['get', 'icon'],
        'icon-size': iconSizeByZoom(0.55, 0.9),
        'icon-allow-overlap': true,
      },
      paint: { 'icon-opacity': 0.85 },
    },
    {
      // Dashed while the unit is on its way…
      id: LAYER_IDS.unitLines,
      type: 'line',
      source: SOURCE_IDS.unitLines,
      filter: ['!=', ['get', 'status'], 'on_scene'],
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1.2, 13, 2.5],
        'line-opacity': 0.85,
        'line-dasharray': [2, 1.5],
      },
    },
    {
      // …and solid once it is on scene.
      id: LAYER_IDS.unitLinesOnScene,
      type: 'line',
      source: SOURCE_IDS.unitLines,
      filter: ['==', ['get', 'status'], 'on_scene'],
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1.2, 13, 2.5],
        'line-opacity': 0.85,
      },
    },
    {
      id: LAYER_IDS.units,
      type: 'symbol',
      source: SOURCE_IDS.units,
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-size': iconSizeByZoom(0.6, 1),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      // A unit that stopped reporting is faded: where it was, not where it is.
      paint: { 'icon-opacity': ['case', ['get', 'isStale'], 0.35, 1] },
    },
    {
      id: LAYER_IDS.clusterOverdueRing,
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: ['all', isCluster(), ['>', ['get', 'overdue'], 0]],
      paint: circlePaint({
        color: 'rgba(0, 0, 0, 0)',
        radius: perFeatureAndZoom(['step', ['get', 'point_count'], 20, 10, 24, 50, 29, 200, 35]),
        strokeColor: MAP_COLORS.overdue,
        strokeWidth: 2.5,
      }),
    },
    {
      id: LAYER_IDS.clusters,
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: isCluster(),
      paint: circlePaint({
        color: MAP_COLORS.clusterFill,
        opacity: 0.94,
        radius: perFeatureAndZoom(['step', ['get', 'point_count'], 15, 10, 19, 50, 24, 200, 30]),
        strokeWidth: ['case', ['>=', ['get', 'maxSeverity'], 4], 3.5, 2],
        strokeColor: [
          'case',
          ['>=', ['get', 'maxSeverity'], 5],
          MAP_COLORS.critical,
          ['>=', ['get', 'maxSeverity'], 4],
          MAP_COLORS.severe,
          MAP_COLORS.clusterRing,
        ],
      }),
    },
    {
      id: 'incident-critical-halo',
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: ['all', isSingle(), ['==', ['get', 'severity'], 5]],
      paint: circlePaint({
        radius: radiusByZoom(9),
        color: MAP_COLORS.critical,
        opacity: 0.28,
        strokeColor: MAP_COLORS.critical,
        strokeWidth: 1.5,
        strokeOpacity: 0.9,
      }),
    },
    {
      id: LAYER_IDS.overdueRing,
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: ['all', isSingle(), ['==', ['get', 'overdue'], 1]],
      paint: circlePaint({
        radius: radiusByZoom(6),
        color: 'rgba(0, 0, 0, 0)',
        strokeColor: MAP_COLORS.overdue,
        strokeWidth: 3,
      }),
    },
    {
      id: LAYER_IDS.points,
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: isSingle(),
      layout: { 'circle-sort-key': ['get', 'severity'] },
      paint: circlePaint({
        radius: radiusByZoom(0),
        // Waiting and acknowledged incidents are rings in the sector's colour; sent-to ones discs.
        color: ['case', isHollow(), MAP_COLORS.hollow, ['get', 'color']],
        opacity: ['case', ['==', ['get', 'stage'], 'contained'], 0.45, 1],
        strokeColor: [
          'case',
          isHollow(),
          ['get', 'color'],
          ['==', ['get', 'severity'], 5],
          MAP_COLORS.selected,
          MAP_COLORS.pointRing,
        ],
        strokeWidth: ['case', isHollow(), 3, ['==', ['get', 'severity'], 5], 2.5, 1.5],
      }),
    },
    {
      // The dot in the middle: the sector's colour once acknowledged, white once on scene.
      id: 'incident-stage-dot',
      type: 'circle',
      source: SOURCE_IDS.incidentClusters,
      filter: ['all', isSingle(), ['in', ['get', 'stage'], ['literal', ['acknowledged', 'on-scene']]]],
      paint: circlePaint({
        radius: radiusByZoom(0, 0.38),
        color: ['case', ['==', ['get', 'stage'], 'on-scene'], MAP_COLORS.selected, ['get', 'color']],
      }),
    },
    {
      // Its source holds the selected incident alone (or nothing): no filter.
      id: LAYER_IDS.selectedPoint,
      type: 'circle',
      source: SOURCE_IDS.incidentSelected,
      paint: circlePaint({
        radius: radiusByZoom(6),
        color: 'rgba(0, 0, 0, 0)',
        strokeColor: MAP_COLORS.selected,
        strokeWidth: 3,
      }),
    },
  ];
}

/** A colour with nothing to show. */
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** Where the warm-up features lie: the middle of Kuwait, inside every opening view. */
const WARM_UP_CENTRE = [
  (KUWAIT_BOUNDS[0] + KUWAIT_BOUNDS[2]) / 2,
  (KUWAIT_BOUNDS[1] + KUWAIT_BOUNDS[3]) / 2,
] as const;

/** Size of the warm-up line and area, in degrees (a few hundred metres). */
const WARM_UP_SIZE_DEG = 0.005;

/**
 * One feature of each geometry the app's layers draw, with the properties their expressions
 * read (an incident's, a unit line's), so that every warm-up layer has something to draw.
 */
function warmUpFeatures(): FeatureCollection {
  const [lng, lat] = WARM_UP_CENTRE;
  const properties = {
    id: '',
    color: '#000000',
    severity: 1,
    stage: 'waiting',
    overdue: 0,
    // Read by the cluster layers, which their twins draw on this unclustered point.
    point_count: 1,
    maxSeverity: 1,
    status: '',
  };
  const d = WARM_UP_SIZE_DEG;
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lng, lat] } },
      {
        type: 'Feature',
        properties,
        geometry: {
          type: 'LineString',
          coordinates: [
            [lng, lat],
            [lng + d, lat],
          ],
        },
      },
      {
        type: 'Feature',
        properties,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [lng, lat],
              [lng + d, lat],
              [lng + d, lat + d],
              [lng, lat],
            ],
          ],
        },
      },
    ],
  };
}

/** Which of a feature's and the zoom's values a style value reads: the kinds MapLibre compiles differently. */
function kindOf(value: unknown): { isByFeature: boolean; isByZoom: boolean } {
  if (!Array.isArray(value)) return { isByFeature: false, isByZoom: false };
  const text = JSON.stringify(value);
  return {
    isByFeature: /"(get|has|properties|geometry-type|id|feature-state)"/.test(text),
    isByZoom: text.includes('"zoom"'),
  };
}

/**
 * `nothing` (a transparent colour) in the same kind of value as `value`: a
 * constant, by feature, by zoom, or both. MapLibre compiles one shader program per layer type
 * and kinds of paint values, so a layer with these in place of its own values is drawn with the
 * same program, showing nothing.
 */
function nothingLike(value: unknown, nothing: string): unknown {
  const { isByFeature, isByZoom } = kindOf(value);
  const byFeature = isByFeature ? perFeature(nothing) : nothing;
  return isByZoom ? ['interpolate', ['linear'], ['zoom'], 0, byFeature, 24, byFeature] : byFeature;
}

/** The geometry each type of layer is warmed up with. */
const WARM_UP_GEOMETRY = { circle: 'Point', line: 'LineString', fill: 'Polygon' } as const;

/**
 * Invisible twins of the app's layers on the warm-up source, for the map's first frame: MapLibre
 * compiles a shader program the first time a layer draws with it, and without these the programs
 * of the incident layers (circles, clusters, areas, their lines) were compiled only once the
 * picture had arrived, on the path to its first draw: hundreds of ms each under SwiftShader,
 * most of a second at 50,000 incidents. Each twin has its layer's type, layout and paint, with
 * its colours transparent in the same kind of value (so the same program; an opacity of 0 would
 * have MapLibre skip the layer). Symbol layers are left out: a twin needs an icon, and drawing
 * one (a canvas read back) took longer than the program it would have compiled; the units'
 * icons come with the units. `IncidentMap` removes the twins once the map has drawn them (its
 * first idle).
 */
export function programWarmUpLayers(layers: readonly LayerSpecification[]): LayerSpecification[] {
  return layers.flatMap((layer): LayerSpecification[] => {
    if (layer.type !== 'circle' && layer.type !== 'fill' && layer.type !== 'line') return [];
    const paint: Record<string, unknown> = { ...layer.paint };
    for (const key of Object.keys(paint))
      if (key.endsWith('-color')) paint[key] = nothingLike(paint[key], TRANSPARENT);
    const { visibility: _visibility, ...layout } = layer.layout ?? {};
    return [
      {
        ...layer,
        id: `${SOURCE_IDS.programWarmUp}:${layer.id}`,
        source: SOURCE_IDS.programWarmUp,
        filter: ['==', ['geometry-type'], WARM_UP_GEOMETRY[layer.type]],
        layout,
        paint,
      } as LayerSpecification,
    ];
  });
}

/** The filter of the selection layers for one incident id, or for none. */
export function selectedFilter(id: string | null): FilterSpecification {
  return id === null ? nothingSelected() : ['==', ['get', 'id'], id];
}
