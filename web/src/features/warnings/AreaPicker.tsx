import '../map/maplibre.css';
import '../map/maplibreWorker.js';
import { KUWAIT_BOUNDS, type Position } from '@mirsad/shared';
import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { builtInStyle } from '../map/mapStyle.js';
import { supportsWebGL } from '../map/webgl.js';
import { circleRing } from './warningFeatures.js';

const DRAW_SOURCE = 'warning-draft-area';
const DRAW_COLOR = '#ffb020';

/**
 * The map the author draws a warning's area on, inside the dialog: each click adds a corner
 * of the polygon, or sets the circle's centre. The dialog is modal, so the room's map behind it
 * cannot be clicked; this one shows Kuwait on the same offline basemap.
 */
export function AreaPicker({
  mode,
  polygon,
  circleCenter,
  radiusKm,
  onClick,
}: {
  mode: 'polygon' | 'circle';
  polygon: readonly Position[];
  circleCenter: Position | null;
  radiusKm: number;
  onClick: (position: Position) => void;
}) {
  const { t } = useI18n();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [canDraw] = useState(supportsWebGL);
  const onClickRef = useRef(onClick);
  const initialRef = useRef({ mode, polygon, circleCenter, radiusKm });
  useEffect(() => {
    onClickRef.current = onClick;
  }, [onClick]);

  const mount = useCallback((container: HTMLDivElement | null) => {
    if (!container) return;
    const created = new MapLibreMap({
      container,
      style: builtInStyle(),
      bounds: [
        [KUWAIT_BOUNDS[0], KUWAIT_BOUNDS[1]],
        [KUWAIT_BOUNDS[2], KUWAIT_BOUNDS[3]],
      ],
      fitBoundsOptions: { padding: 12 },
      dragRotate: false,
      pitchWithRotate: false,
      renderWorldCopies: false,
      attributionControl: false,
      maplibreLogo: false,
      collectResourceTiming: false,
    });
    created.getCanvas().style.cursor = 'crosshair';
    created.on('click', (event) => {
      onClickRef.current([
        Math.round(event.lngLat.lng * 1e5) / 1e5,
        Math.round(event.lngLat.lat * 1e5) / 1e5,
      ]);
    });
    created.once('style.load', () => {
      created.addSource(DRAW_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      created.addLayer({
        id: 'draft-fill',
        type: 'fill',
        source: DRAW_SOURCE,
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': DRAW_COLOR, 'fill-opacity': 0.25 },
      });
      created.addLayer({
        id: 'draft-line',
        type: 'line',
        source: DRAW_SOURCE,
        paint: { 'line-color': DRAW_COLOR, 'line-width': 2 },
      });
      created.addLayer({
        id: 'draft-corners',
        type: 'circle',
        source: DRAW_SOURCE,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 5,
          'circle-color': DRAW_COLOR,
          'circle-stroke-color': '#000',
          'circle-stroke-width': 1,
        },
      });
      // A prefilled area (from an incident, or the warning updated) opens in view.
      const start = initialRef.current;
      const positions =
        start.mode === 'polygon' ? start.polygon : start.circleCenter ? [start.circleCenter] : [];
      if (positions.length > 0) {
        const lngs = positions.map((p) => p[0]);
        const lats = positions.map((p) => p[1]);
        const pad = start.mode === 'circle' ? start.radiusKm / 111 : 0;
        created.fitBounds(
          [
            [Math.min(...lngs) - pad, Math.min(...lats) - pad],
            [Math.max(...lngs) + pad, Math.max(...lats) + pad],
          ],
          { padding: 40, maxZoom: 11, duration: 0 },
        );
      }
      setMap(created);
    });
    return () => {
      created.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    const source = map?.getSource<GeoJSONSource>(DRAW_SOURCE);
    if (!source) return;
    const corners = mode === 'polygon' ? polygon : circleCenter ? [circleCenter] : [];
    const [first] = polygon;
    const shape =
      mode === 'polygon'
        ? polygon.length >= 3 && first
          ? [{ type: 'Polygon' as const, coordinates: [[...polygon, first]] }]
          : polygon.length === 2
            ? [{ type: 'LineString' as const, coordinates: [...polygon] }]
            : []
        : circleCenter && radiusKm > 0
          ? [{ type: 'Polygon' as const, coordinates: [circleRing({ center: circleCenter, radiusKm })] }]
          : [];
    void source.setData({
      type: 'FeatureCollection',
      features: [
        ...shape.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry })),
        ...corners.map((position) => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'Point' as const, coordinates: [...position] },
        })),
      ],
    });
  }, [map, mode, polygon, circleCenter, radiusKm]);

  if (!canDraw) return null;
  return (
    <div
      ref={mount}
      className="warning-form__map"
      role="application"
      aria-label={t('warnings.form.map')}
      data-testid="warning-area-map"
    />
  );
}
