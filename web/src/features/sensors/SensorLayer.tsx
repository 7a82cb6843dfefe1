import type { RecordedDetection } from '@mirsad/shared';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createClock } from '../../hooks/clock.js';
import { selectIncident } from '../incidents/store.js';
import { shownChangedSince, useVisibleIncidents } from '../incidents/useVisibleIncidents.js';
import type { MapExtensionProps } from '../map/extensions.js';
import { useFeatureMap } from './useFeatureMap.js';
import { setSourceData } from '../map/sourceData.js';
import { emptyCollection, showLayers } from './mapSource.js';
import { detectionCollection, dronePoints, droneShapes, EMPTY_FLEET } from './droneFeatures.js';
import { sensorQueries } from './queries.js';
import { useSensorLayerStore } from './store.js';
import { createThermalReader } from './thermalIncidents.js';

/** How often staleness is looked at again while no telemetry arrives, ms. */
const FRESHNESS_TICK_MS = 5_000;
const useFreshnessClock = createClock(FRESHNESS_TICK_MS);

/** Least time between two refreshes of the drones' footprints and tracks on the map, ms. */
const DRONE_SHAPES_REFRESH_MS = 2_000;

/** Most thermal incidents whose detections the map reads. */
const MAX_THERMAL_INCIDENTS = 50;

const SOURCES = {
  footprints: 'sensors-footprints',
  tracks: 'sensors-tracks',
  drones: 'sensors-drones',
  detections: 'sensors-detections',
} as const;

const LAYERS = {
  footprintFill: 'sensors-footprint-fill',
  footprintLine: 'sensors-footprint-line',
  tracks: 'sensors-tracks',
  droneRing: 'sensors-drone-battery',
  droneArrow: 'sensors-drone-arrow',
  detections: 'sensors-detections',
} as const;

const DRONE_ICON = 'sensor:drone-arrow';
const ICON_SIZE_PX = 24;

/** The drone symbol: an arrow pointing north, drawn once as an SDF image so each drone takes its sector's colour. */
function droneArrowImage(): { width: number; height: number; data: Uint8ClampedArray } | null {
  const canvas = document.createElement('canvas');
  canvas.width = ICON_SIZE_PX * 2;
  canvas.height = ICON_SIZE_PX * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const s = canvas.width;
  ctx.fillStyle = '#000';
  ctx.beginPath();
  ctx.moveTo(s * 0.5, s * 0.06);
  ctx.lineTo(s * 0.86, s * 0.9);
  ctx.lineTo(s * 0.5, s * 0.7);
  ctx.lineTo(s * 0.14, s * 0.9);
  ctx.closePath();
  ctx.fill();
  const image = ctx.getImageData(0, 0, s, s);
  return { width: s, height: s, data: image.data };
}

/** Freshness as opacity: live solid, stale faded, lost barely there. */
const fade = (live: number, stale: number, lost: number) =>
  ['match', ['get', 'freshness'], 'live', live, 'stale', stale, lost] as unknown as number;

function addLayers(map: MapLibreMap, beforeId: string | undefined): void {
  if (map.getSource(SOURCES.drones)) return;
  for (const id of Object.values(SOURCES)) map.addSource(id, { type: 'geojson', data: emptyCollection() });
  if (!map.hasImage(DRONE_ICON)) {
    const arrow = droneArrowImage();
    if (arrow) map.addImage(DRONE_ICON, arrow, { pixelRatio: 2, sdf: true });
  }
  // Footprints and tracks lie under the incidents; drones and detections above them.
  map.addLayer(
    {
      id: LAYERS.footprintFill,
      type: 'fill',
      source: SOURCES.footprints,
      paint: { 'fill-color': '#38bdf8', 'fill-opacity': fade(0.16, 0.06, 0) },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: LAYERS.footprintLine,
      type: 'line',
      source: SOURCES.footprints,
      paint: { 'line-color': '#0284c7', 'line-width': 1, 'line-opacity': fade(0.8, 0.35, 0) },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: LAYERS.tracks,
      type: 'line',
      source: SOURCES.tracks,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': '#0369a1',
        'line-width': 2,
        'line-dasharray': [2, 1.5],
        'line-opacity': fade(0.75, 0.35, 0.2),
      },
    },
    beforeId,
  );
  map.addLayer({
    id: LAYERS.detections,
    type: 'circle',
    source: SOURCES.detections,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['get', 'maxTempC'], 150, 5, 800, 10],
      'circle-color': [
        'interpolate',
        ['linear'],
        ['get', 'maxTempC'],
        150,
        '#facc15',
        400,
        '#f97316',
        800,
        '#b91c1c',
      ],
      'circle-opacity': 0.85,
      'circle-stroke-color': '#450a0a',
      'circle-stroke-width': 1,
    },
  });
  // The battery as a ring around the drone: green, amber when low, red when it must land; grey when lost.
  map.addLayer({
    id: LAYERS.droneRing,
    type: 'circle',
    source: SOURCES.drones,
    paint: {
      'circle-radius': 14,
      'circle-color': '#ffffff',
      'circle-opacity': fade(0.9, 0.5, 0.35),
      'circle-stroke-width': 3,
      'circle-stroke-color': [
        'case',
        ['==', ['get', 'freshness'], 'lost'],
        '#6b7280',
        ['match', ['get', 'battery'], 'critical', '#dc2626', 'low', '#f59e0b', '#16a34a'],
      ],
      'circle-stroke-opacity': fade(1, 0.5, 0.6),
    },
  });
  map.addLayer({
    id: LAYERS.droneArrow,
    type: 'symbol',
    source: SOURCES.drones,
    layout: {
      'icon-image': DRONE_ICON,
      'icon-size': 0.85,
      'icon-rotate': ['get', 'headingDeg'],
      'icon-rotation-alignment': 'map',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: {
      'icon-color': ['case', ['==', ['get', 'freshness'], 'lost'], '#6b7280', ['get', 'colour']],
      'icon-opacity': fade(1, 0.45, 0.6),
    },
  });
  map.on('click', LAYERS.detections, (event) => {
    const incidentId: unknown = event.features?.[0]?.properties.incidentId;
    if (typeof incidentId === 'string') selectIncident(incidentId);
  });
}

/** The detections of the thermal incidents in view: reported by a camera, or with detections seen live. */
function useMapDetections(isShown: boolean): RecordedDetection[] {
  const { incidents } = useVisibleIncidents();
  const [readThermal] = useState(() => createThermalReader(MAX_THERMAL_INCIDENTS));
  const thermal = useMemo(() => readThermal(incidents, shownChangedSince), [readThermal, incidents]);
  return useQueries({
    queries: thermal.map((incident) => ({ ...sensorQueries.detections(incident.id), enabled: isShown })),
    combine: (results) => results.flatMap((result) => result.data ?? []),
  });
}

/**
 * Drones (heading, camera footprint, the last ten minutes of track, battery, staleness) and
 * thermal detections on the room's and the wall's map. A drone not heard for 30 s fades (stale);
 * after two minutes it is drawn grey and its footprint goes (lost): the map never shows an old
 * position as if it were now.
 */
export function SensorLayer({ map }: MapExtensionProps) {
  const maplibre = useFeatureMap(map, addLayers);
  const layers = useSensorLayerStore();
  const { data: fleet = EMPTY_FLEET } = useQuery(sensorQueries.drones());
  const nowMs = useFreshnessClock();
  const detections = useMapDetections(layers.detections);

  // The drones go to the map with every batch; their footprints and tracks (hundreds of shapes
  // that the map's worker must tile again) at most every DRONE_SHAPES_REFRESH_MS, so a large
  // fleet does not hold up the drones themselves.
  const shapesAt = useRef(0);
  useEffect(() => {
    if (!maplibre) return;
    const now = new Date(Math.max(nowMs, Date.now()));
    setSourceData(maplibre, SOURCES.drones, dronePoints(fleet, now));
    const pushShapes = (): void => {
      shapesAt.current = Date.now();
      const shapes = droneShapes(fleet, new Date(shapesAt.current));
      setSourceData(maplibre, SOURCES.footprints, shapes.footprints);
      setSourceData(maplibre, SOURCES.tracks, shapes.tracks);
    };
    const waitMs = DRONE_SHAPES_REFRESH_MS - (Date.now() - shapesAt.current);
    if (waitMs <= 0) {
      pushShapes();
      return;
    }
    const timer = setTimeout(pushShapes, waitMs);
    return () => {
      clearTimeout(timer);
    };
  }, [maplibre, fleet, nowMs]);

  useEffect(() => {
    if (maplibre) setSourceData(maplibre, SOURCES.detections, detectionCollection(detections));
  }, [maplibre, detections]);

  useEffect(() => {
    if (!maplibre) return;
    showLayers(
      maplibre,
      [LAYERS.footprintFill, LAYERS.footprintLine, LAYERS.tracks, LAYERS.droneRing, LAYERS.droneArrow],
      layers.drones,
    );
    showLayers(maplibre, [LAYERS.detections], layers.detections);
  }, [maplibre, layers]);

  return null;
}
