import { isWarningActive, type Warning } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { useI18n } from '../../i18n/useI18n.js';
import { geoQueries } from '../geo/queries.js';
import type { MapExtensionProps } from '../map/extensions.js';
import { setSourceData } from '../map/sourceData.js';
import { warningQueries } from './queries.js';
import { useWarningsViewStore } from './store.js';
import { boundsOf, infoFor, toWarningAreaFeatures, WARNING_COLORS } from './warningFeatures.js';
import './warnings.css';

/** The layer's source id on the room's and the wall's map. */
export const WARNING_SOURCE = 'warnings';
/** Padding around a warning's area when the map shows it, px. */
const FOCUS_PADDING_PX = 80;

/** The warnings the map shows: issued and received ones in force, whatever the author's circle sees of drafts. */
export function shownWarnings(warnings: readonly Warning[], nowMs: number): Warning[] {
  return warnings.filter((warning) => isWarningActive(warning, nowMs));
}

function addLayers(map: MapLibreMap, beforeId: string | undefined): void {
  if (map.getSource(WARNING_SOURCE)) return;
  map.addSource(WARNING_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer(
    {
      id: 'warning-areas-fill',
      type: 'fill',
      source: WARNING_SOURCE,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.22 },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: 'warning-areas-line',
      type: 'line',
      source: WARNING_SOURCE,
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['interpolate', ['linear'], ['zoom'], 6, 2, 12, 3.5],
        // Another authority's warning is dashed: the ministry did not write it.
        'line-dasharray': [
          'case',
          ['==', ['get', 'origin'], 'received'],
          ['literal', [3, 2]],
          ['literal', [1, 0]],
        ],
      },
    },
    beforeId,
  );
}

/**
 * The warnings layer of the room's and the wall's map (one of MAP_EXTENSIONS): the areas of the
 * issued and received warnings in force, coloured by severity (another authority's dashed),
 * under the incidents; and its key, each warning's event and expiry in the page's language.
 */
export function WarningsLayer({ map }: MapExtensionProps) {
  const { t, shortTime, locale } = useI18n();
  const nowMs = useNow();
  const { data: warnings } = useQuery(warningQueries.list());
  const { data: governorates } = useQuery(geoQueries.governorates());
  const [maplibre, setMaplibre] = useState<MapLibreMap | null>(null);
  const focus = useWarningsViewStore((state) => state.focus);

  useEffect(
    () =>
      map.whenReady((ready, beforeId) => {
        addLayers(ready, beforeId);
        setMaplibre(ready);
      }),
    [map],
  );

  // The minute, not the millisecond: a warning leaves the map when it expires, not on every tick.
  const minute = Math.floor(nowMs / 60_000);
  const shown = useMemo(() => shownWarnings(warnings ?? [], minute * 60_000), [warnings, minute]);
  const features = useMemo(() => {
    const collection = toWarningAreaFeatures(shown, governorates ?? null);
    const origins = new Map(shown.map((warning) => [warning.id, warning.origin]));
    for (const feature of collection.features)
      (feature.properties as { origin?: string }).origin = origins.get(feature.properties.id) ?? 'authored';
    return collection;
  }, [shown, governorates]);

  useEffect(() => {
    if (maplibre) setSourceData(maplibre, WARNING_SOURCE, features);
  }, [maplibre, features]);

  useEffect(() => {
    if (!maplibre || !focus) return;
    const bounds = boundsOf(features, new Set([focus.warningId]));
    if (bounds) maplibre.fitBounds(bounds, { padding: FOCUS_PADDING_PX, maxZoom: 12 });
    // Only a new request moves the map.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [maplibre, focus]);

  if (shown.length === 0) return null;
  return (
    <section className="warnings-key" aria-label={t('warnings.layer.title')} data-testid="warnings-key">
      <h3 className="warnings-key__title">{t('warnings.layer.title')}</h3>
      <ul className="warnings-key__list">
        {shown.map((warning) => (
          <li key={warning.id} data-testid="warnings-key-item" title={warning.event}>
            <span
              className={
                warning.origin === 'received'
                  ? 'warnings-key__swatch warnings-key__swatch--received'
                  : 'warnings-key__swatch'
              }
              style={{ borderColor: WARNING_COLORS[warning.severity] }}
              aria-hidden="true"
            />
            <span>
              <bdi>
                {t('warnings.layer.expires', {
                  headline: infoFor(warning, locale).headline,
                  time: shortTime(warning.expires),
                })}
              </bdi>
              <span className="warnings-key__origin">
                {warning.event} ·{' '}
                {warning.origin === 'received'
                  ? `${t('warnings.layer.received')}: ${warning.senderName}`
                  : t('warnings.layer.issued')}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
