import type { Pattern, Picture } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { configQueries } from '../config/queries.js';
import { geoQueries } from '../geo/queries.js';
import { NEVER_OVERDUE } from '../map/incidentFeatures.js';
import { IncidentMap, supportsWebGL } from '../map/incidentMap.js';
import { useGeographicLabels } from '../map/MapView.js';
import { useReviewAddress, useReviewNavigation } from './store.js';
import { PatternDrawing } from '../patterns/PatternDrawing.js';

/**
 * The map of the picture at the chosen moment: the room's IncidentMap, fed from the replayed
 * picture instead of the live cache. Overdue marks are left off: they are about now.
 */
export function ReviewMap({
  picture,
  patterns = [],
}: {
  picture: Picture | undefined;
  /** The crime series alive at the moment, drawn as on the room's map. */
  patterns?: readonly Pattern[];
}) {
  const { t } = useI18n();
  const [hasWebGL] = useState(supportsWebGL);
  const config = useQuery(configQueries.client());
  if (!hasWebGL)
    return (
      <div className="map map--unavailable" role="alert">
        <p className="panel-note">{t('map.unavailable')}</p>
      </div>
    );
  if (!config.isFetched) return <div className="map" aria-label={t('map.label')} />;
  return <ReplayedMap styleUrl={config.data?.mapStyleUrl ?? null} picture={picture} patterns={patterns} />;
}

/** Only the series are replayed: hot spots and the forecast are analyses of now, not of the log. */
const REPLAYED_PATTERN_LAYERS = { series: true, hotspots: false, forecast: false } as const;

function ReplayedMap({
  styleUrl,
  picture,
  patterns,
}: {
  styleUrl: string | null;
  picture: Picture | undefined;
  patterns: readonly Pattern[];
}) {
  const i18n = useI18n();
  const [map, setMap] = useState<IncidentMap | null>(null);
  const selectedId = useReviewAddress().selectedIncidentId;
  const { selectIncident } = useReviewNavigation();
  const { data: governorates } = useQuery(geoQueries.governorates());

  const mountMap = useCallback(
    (container: HTMLDivElement | null) => {
      if (!container) return;
      const created = new IncidentMap({ container, styleUrl, onSelect: selectIncident });
      setMap(created);
      return () => {
        created.destroy();
        setMap(null);
      };
    },
    [styleUrl, selectIncident],
  );

  useEffect(() => {
    map?.setIncidents(picture?.incidents ?? [], NEVER_OVERDUE);
    map?.setUnits(picture?.units ?? []);
    map?.setShelters(picture?.shelters ?? []);
  }, [map, picture]);

  useEffect(() => {
    map?.setSelected(selectedId);
  }, [map, selectedId]);

  useGeographicLabels(map, governorates, i18n);

  return (
    <>
      <div
        ref={mountMap}
        className="map"
        data-testid="review-map"
        role="region"
        aria-label={i18n.t('map.label')}
      />
      {map && <PatternDrawing map={map} series={patterns} switches={REPLAYED_PATTERN_LAYERS} />}
    </>
  );
}
