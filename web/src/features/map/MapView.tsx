import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isUnitInGovernorates } from '@mirsad/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n, type I18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { configQueries } from '../config/queries.js';
import { facilityQueries } from '../facilities/queries.js';
import { boundsOfGovernorates, governoratesOf } from '../geo/governorates.js';
import { geoQueries, type GovernorateCollection } from '../geo/queries.js';
import { incidentQueries } from '../incidents/queries.js';
import { selectIncident, useIncidentViewStore } from '../incidents/store.js';
import { useOverdueClock } from '../incidents/useOverdue.js';
import { shownChangedSince, useVisibleIncidents } from '../incidents/useVisibleIncidents.js';
import { shelterQueries } from '../shelters/queries.js';
import { unitQueries } from '../units/queries.js';
import { IncidentMap, type GeographicLabelKey } from './incidentMap.js';
import { currentExerciseId } from '../../realtime/exerciseMode.js';
import { trainingQueries } from '../training/queries.js';
import { ExerciseConditions } from './ExerciseConditions.js';
import { MapLegend } from './MapLegend.js';
import { MAP_EXTENSIONS } from './extensions.js';
import { useMapStore } from './store.js';

/** The message of each geographic label drawn on the map (also used by the review's map). */
export const GEOGRAPHIC_MESSAGES: Readonly<Record<GeographicLabelKey, MessageKey>> = {
  'country:iraq': 'map.country.iraq',
  'country:saudi-arabia': 'map.country.saudi-arabia',
  'country:iran': 'map.country.iran',
  'sea:arabian-gulf': 'map.sea.arabian-gulf',
};

/**
 * Names the map's countries, seas and governorates in the page's language, again whenever the
 * language or the governorates change: every map of the client (the room's, the review's) shows them.
 */
export function useGeographicLabels(
  map: IncidentMap | null,
  governorates: GovernorateCollection | undefined,
  i18n: I18n,
): void {
  useEffect(() => {
    map?.setLanguage((key) => i18n.t(GEOGRAPHIC_MESSAGES[key]), i18n.number);
  }, [map, i18n]);

  useEffect(() => {
    map?.setGovernorates(governorates ?? null, (id) => {
      const feature = governorates?.features.find((f) => f.properties.id === id);
      if (!feature) return id;
      return i18n.locale === 'ar' ? feature.properties.name_ar : feature.properties.name_en;
    });
  }, [map, governorates, i18n.locale]);
}

/**
 * The map of the live picture. It waits for the config (which may name an on-premises style)
 * and then hands data to the imperative IncidentMap from effects; React never renders inside
 * the map's DOM.
 */
export function MapView({ isInteractive = true }: { isInteractive?: boolean }) {
  const config = useQuery(configQueries.client());
  const i18n = useI18n();
  // Wait for the first answer only (a retry puts the query back to pending): without a config
  // (server down) the built-in style is used, and the map still shows Kuwait.
  if (!config.isFetched) return <div className="map" data-testid="map" aria-label={i18n.t('map.label')} />;
  return <LiveMap styleUrl={config.data?.mapStyleUrl ?? null} isInteractive={isInteractive} />;
}

function LiveMap({ styleUrl, isInteractive }: { styleUrl: string | null; isInteractive: boolean }) {
  const i18n = useI18n();
  const queryClient = useQueryClient();
  const [map, setMap] = useState<IncidentMap | null>(null);
  // No WebGL 2 (MapLibre 6 needs it): the map cannot be made, and the page says so. Asked of the
  // map itself rather than of a test canvas first: a WebGL context of its own held the page's
  // thread for 100-600 ms under SwiftShader before the map could start on its own.
  const [isUnavailable, setUnavailable] = useState(false);
  const { incidents } = useVisibleIncidents();
  const overdueClock = useOverdueClock();
  const layers = useMapStore((state) => state.layers);
  const { data: units } = useQuery(unitQueries.list());
  const { data: shelters } = useQuery(shelterQueries.list());
  // The reference layer is loaded the first time it is switched on.
  const { data: facilities } = useQuery({ ...facilityQueries.list(), enabled: layers.facilities });
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  const focus = useMapStore((state) => state.focus);
  const { data: governorates } = useQuery(geoQueries.governorates());
  const shownGovernorates = useIncidentViewStore((state) => state.shownGovernorates);
  const shownUnits = useMemo(() => {
    if (!units || shownGovernorates === null || !governorates) return units ?? [];
    const areas = governoratesOf(governorates);
    return units.filter((unit) => isUnitInGovernorates(unit, shownGovernorates, areas));
  }, [units, shownGovernorates, governorates]);
  const exerciseId = currentExerciseId();
  const { data: overlays } = useQuery({
    ...trainingQueries.overlays(exerciseId ?? ''),
    enabled: exerciseId !== null,
  });

  // A callback ref owns the map's life: made when the element mounts, removed when it goes.
  const mountMap = useCallback(
    (container: HTMLDivElement | null) => {
      if (!container) return;
      let created: IncidentMap;
      try {
        created = new IncidentMap({ container, styleUrl, onSelect: selectIncident, isInteractive });
      } catch (error) {
        console.warn('Mirsad: the map cannot be drawn', error);
        setUnavailable(true);
        return;
      }
      setMap(created);
      return () => {
        created.destroy();
        setMap(null);
      };
    },
    [styleUrl, isInteractive],
  );

  useEffect(() => {
    map?.setIncidents(incidents, overdueClock, shownChangedSince);
  }, [map, incidents, overdueClock]);

  useEffect(() => {
    map?.setUnits(shownUnits);
  }, [map, shownUnits]);

  // A slice of the country (a wall screen's governorates) opens on its own area, not all of Kuwait.
  useEffect(() => {
    if (!map || !governorates || shownGovernorates === null) return;
    const bounds = boundsOfGovernorates(governorates, shownGovernorates);
    if (bounds) map.fitArea(bounds);
  }, [map, governorates, shownGovernorates]);

  useEffect(() => {
    map?.setShelters(shelters ?? []);
  }, [map, shelters]);

  useEffect(() => {
    map?.setFacilities(facilities ?? []);
  }, [map, facilities]);

  useEffect(() => {
    map?.setLayers(layers);
  }, [map, layers]);

  useEffect(() => {
    if (exerciseId !== null) map?.setExerciseOverlays(overlays ?? []);
  }, [map, exerciseId, overlays]);

  useEffect(() => {
    map?.setSelected(selectedId);
  }, [map, selectedId]);

  useGeographicLabels(map, governorates, i18n);

  useEffect(() => {
    if (!map || !focus) return;
    const picture = queryClient.getQueryData(incidentQueries.picture().queryKey);
    const incident =
      picture?.get(focus.incidentId) ??
      queryClient.getQueryData(incidentQueries.detail(focus.incidentId).queryKey);
    if (incident) map.focus(incident);
  }, [map, focus, queryClient]);

  if (isUnavailable) {
    return (
      <div className="map map--unavailable" data-testid="map" role="alert">
        <p className="panel-note">{i18n.t('map.unavailable')}</p>
      </div>
    );
  }
  return (
    <>
      <div ref={mountMap} className="map" data-testid="map" role="region" aria-label={i18n.t('map.label')} />
      {isInteractive && (
        <div className="map-controls">
          <button
            type="button"
            className="icon-button"
            aria-label={i18n.t('map.zoomIn')}
            title={i18n.t('map.zoomIn')}
            onClick={() => map?.zoomIn()}
          >
            +
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={i18n.t('map.zoomOut')}
            title={i18n.t('map.zoomOut')}
            onClick={() => map?.zoomOut()}
          >
            −
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={i18n.t('map.fitKuwait')}
            title={i18n.t('map.fitKuwait')}
            onClick={() => map?.fitKuwait()}
          >
            ⤢
          </button>
        </div>
      )}
      {map &&
        MAP_EXTENSIONS.map((Extension, index) => (
          <Extension key={index} map={map} isInteractive={isInteractive} />
        ))}
      {isInteractive && <MapLegend />}
      {exerciseId !== null && <ExerciseConditions overlays={overlays ?? []} shelters={shelters ?? []} />}
      {styleUrl === null && <p className="map-attribution">{i18n.t('map.attribution')}</p>}
    </>
  );
}
