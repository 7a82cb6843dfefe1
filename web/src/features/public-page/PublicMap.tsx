import '../map/maplibre.css';
import {
  GovernorateFeatureCollectionSchema,
  KUWAIT_BOUNDS,
  type GovernorateFeatureCollection,
  type PublicShelter,
  type PublicWarning,
} from '@mirsad/shared';
import governoratesUrl from '@mirsad/mock-data/data/governorates.geojson?url';
import type { FeatureCollection, Point } from 'geojson';
import { Map as MapLibreMap, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import '../map/maplibreWorker.js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BASEMAP_FILES, BASEMAP_URL_PATH } from '../map/basemapFiles.js';
import type { StyleSpecification } from '../map/maplibreTypes.js';
import { supportsWebGL } from '../map/webgl.js';
import { boundsOf, toWarningAreaFeatures, WARNING_COLORS } from '../warnings/warningFeatures.js';
import { SEVERITY_MESSAGES } from './severity.js';
import { usePublicI18n } from './i18n.js';

declare global {
  interface Window {
    /** The public page's map, for browser tests that read its warning areas. */
    __MIRSAD_PUBLIC_MAP__?: MapLibreMap;
  }
}

/** A light map for daylight on a phone: pale land, white sea-side, the areas in their severity colours. */
const COLORS = { sea: '#cfe3f2', land: '#f4f1ea', coast: '#9fb4c7', border: '#7b7f86', shelter: '#1b7f3b' };
const FIT_PADDING_PX = 24;
const FOCUS_MAX_ZOOM = 11;
/** Closest the map opens on the warnings' areas: a town and its roads around a small area. */
const OPENING_MAX_ZOOM = 10;
const SEVERITY_KEY = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;

function absolute(path: string): string {
  // Sources load in a worker, which does not resolve a path against the page.
  return new URL(path, window.location.href).href;
}

function publicStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Mirsad public page',
    sources: {
      land: { type: 'geojson', data: absolute(`${BASEMAP_URL_PATH}${BASEMAP_FILES.land}`) },
      borders: { type: 'geojson', data: absolute(`${BASEMAP_URL_PATH}${BASEMAP_FILES.borders}`) },
      warnings: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      shelters: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLORS.land } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': COLORS.coast, 'line-width': 1 } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': COLORS.border, 'line-width': 1.2, 'line-dasharray': [4, 2] },
      },
      {
        id: 'warning-fill',
        type: 'fill',
        source: 'warnings',
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.3 },
      },
      {
        id: 'warning-line',
        type: 'line',
        source: 'warnings',
        paint: { 'line-color': ['get', 'color'], 'line-width': 2.5 },
      },
      {
        id: 'shelters',
        type: 'circle',
        source: 'shelters',
        paint: {
          'circle-radius': 6,
          'circle-color': COLORS.shelter,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

const KUWAIT: LngLatBoundsLike = [
  [KUWAIT_BOUNDS[0], KUWAIT_BOUNDS[1]],
  [KUWAIT_BOUNDS[2], KUWAIT_BOUNDS[3]],
];

/**
 * The public page's map: the areas of the warnings in force and the open shelters, on the
 * offline basemap, light for daylight. Pans and zooms, never rotates. Loaded after the list.
 */
export function PublicMap({
  warnings,
  shelters,
  focus,
}: {
  warnings: readonly PublicWarning[];
  shelters: readonly PublicShelter[];
  focus: { id: string; nonce: number } | null;
}) {
  const i18n = usePublicI18n();
  const [hasWebGL] = useState(supportsWebGL);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [governorates, setGovernorates] = useState<GovernorateFeatureCollection | null>(null);

  // Governorate boundaries, for warnings given by governorate: a static file of the build, only with the map.
  useEffect(() => {
    const controller = new AbortController();
    fetch(governoratesUrl, { signal: controller.signal })
      .then(async (response) => {
        setGovernorates(GovernorateFeatureCollectionSchema.parse(await response.json()));
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.error('Mirsad: the governorates could not be loaded', error);
      });
    return () => {
      controller.abort();
    };
  }, []);

  const mount = useCallback((container: HTMLDivElement | null) => {
    if (!container) return;
    const created = new MapLibreMap({
      container,
      style: publicStyle(),
      bounds: KUWAIT,
      fitBoundsOptions: { padding: FIT_PADDING_PX },
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      collectResourceTiming: false,
      localIdeographFontFamily: false,
      maplibreLogo: false,
      attributionControl: false,
      // One finger scrolls the page on a phone; two move the map.
      cooperativeGestures: false,
    });
    created.touchZoomRotate.disableRotation();
    created.keyboard.disableRotation();
    window.__MIRSAD_PUBLIC_MAP__ = created;
    created.once('style.load', () => {
      setMap(created);
    });
    return () => {
      if (window.__MIRSAD_PUBLIC_MAP__ === created) delete window.__MIRSAD_PUBLIC_MAP__;
      created.remove();
      setMap(null);
    };
  }, []);

  const areas = useMemo(() => toWarningAreaFeatures(warnings, governorates), [warnings, governorates]);

  useEffect(() => {
    void map?.getSource<GeoJSONSource>('warnings')?.setData(areas);
  }, [map, areas]);

  // The first time there are areas, the map opens on them: a resident looks for where, not for Kuwait.
  const hasFitted = useRef(false);
  useEffect(() => {
    if (!map || hasFitted.current) return;
    const bounds = boundsOf(areas);
    if (!bounds) return;
    map.fitBounds(bounds, { padding: FIT_PADDING_PX, maxZoom: OPENING_MAX_ZOOM, duration: 0 });
    hasFitted.current = true;
  }, [map, areas]);

  useEffect(() => {
    const points: FeatureCollection<Point> = {
      type: 'FeatureCollection',
      features: shelters.map((shelter) => ({
        type: 'Feature',
        properties: { id: shelter.id },
        geometry: shelter.location,
      })),
    };
    void map?.getSource<GeoJSONSource>('shelters')?.setData(points);
  }, [map, shelters]);

  useEffect(() => {
    if (!map || !focus) return;
    const bounds = boundsOf(areas, new Set([focus.id]));
    if (bounds) map.fitBounds(bounds, { padding: FIT_PADDING_PX, maxZoom: FOCUS_MAX_ZOOM });
    // Only a new request moves the map: new data must not pull a reader back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, focus]);

  if (!hasWebGL) return <p className="pub-note">{i18n.t('public.map.unavailable')}</p>;
  return (
    <figure className="pub-map-figure">
      <div
        ref={mount}
        className="pub-map"
        role="region"
        aria-label={i18n.t('public.map.label')}
        data-testid="public-map"
      />
      <figcaption className="pub-map__key">
        {SEVERITY_KEY.filter((severity) => warnings.some((warning) => warning.severity === severity)).map(
          (severity) => (
            <span key={severity} className="pub-key">
              <span className="pub-key__swatch" style={{ backgroundColor: WARNING_COLORS[severity] }} />
              {i18n.t(SEVERITY_MESSAGES[severity])}
            </span>
          ),
        )}
        {shelters.length > 0 && (
          <span className="pub-key">
            <span className="pub-key__swatch pub-key__swatch--shelter" />
            {i18n.t('public.map.shelter')}
          </span>
        )}
        <span className="pub-map__attribution">{i18n.t('public.map.attribution')}</span>
      </figcaption>
    </figure>
  );
}
