import type { Coverage, PatrolArea, Polygon } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import { PanelBoundary } from '../../ui/PanelBoundary.js';
import type { MapExtensionProps } from '../map/extensions.js';
import { useFeatureMap } from '../sensors/useFeatureMap.js';
import { setSourceData } from '../map/sourceData.js';
import { emptyCollection, showLayers } from '../sensors/mapSource.js';
import { CoveragePanel } from './CoveragePanel.js';
import { patrolQueries } from './queries.js';
import { usePatrolViewStore } from './store.js';

const SOURCES = { patrols: 'patrols-areas', coverage: 'patrols-coverage' } as const;
const LAYERS = {
  patrolFill: 'patrols-area-fill',
  patrolLine: 'patrols-area-line',
  coverageFill: 'patrols-coverage-fill',
  coverageLine: 'patrols-coverage-line',
} as const;

/** The colours of the patrols' symbols (the key draws the same). */
export const PATROL_COLOURS = {
  manned: '#a78bfa',
  unmanned: '#94a3b8',
  covered: '#22c55e',
  uncovered: '#ef4444',
} as const;

function addLayers(map: MapLibreMap, beforeId: string | undefined): void {
  if (map.getSource(SOURCES.patrols)) return;
  for (const id of Object.values(SOURCES)) map.addSource(id, { type: 'geojson', data: emptyCollection() });
  // Areas lie under the incidents: a report inside a patrol area stays in sight.
  map.addLayer(
    {
      id: LAYERS.coverageFill,
      type: 'fill',
      source: SOURCES.coverage,
      paint: {
        'fill-color': ['case', ['get', 'isCovered'], PATROL_COLOURS.covered, PATROL_COLOURS.uncovered],
        'fill-opacity': ['interpolate', ['linear'], ['get', 'risk'], 0, 0.15, 1, 0.45],
      },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: LAYERS.coverageLine,
      type: 'line',
      source: SOURCES.coverage,
      paint: {
        'line-color': ['case', ['get', 'isCovered'], PATROL_COLOURS.covered, PATROL_COLOURS.uncovered],
        'line-width': 1.5,
      },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: LAYERS.patrolFill,
      type: 'fill',
      source: SOURCES.patrols,
      paint: {
        'fill-color': ['case', ['get', 'isManned'], PATROL_COLOURS.manned, PATROL_COLOURS.unmanned],
        'fill-opacity': 0.12,
      },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: LAYERS.patrolLine,
      type: 'line',
      source: SOURCES.patrols,
      paint: {
        'line-color': ['case', ['get', 'isManned'], PATROL_COLOURS.manned, PATROL_COLOURS.unmanned],
        'line-width': 2,
        'line-dasharray': ['case', ['get', 'isManned'], ['literal', [1, 0]], ['literal', [2, 2]]],
      },
    },
    beforeId,
  );
}

const polygonFeature = <P,>(area: Polygon, properties: P) => ({
  type: 'Feature' as const,
  geometry: {
    type: 'Polygon' as const,
    coordinates: area.coordinates.map((ring) => ring.map((p) => [...p])),
  },
  properties,
});

/** The active patrol areas as GeoJSON, manned or not. */
export function patrolCollection(patrols: readonly PatrolArea[]) {
  return {
    type: 'FeatureCollection' as const,
    features: patrols
      .filter((patrol) => patrol.status === 'active')
      .map((patrol) => polygonFeature(patrol.area, { id: patrol.id, isManned: patrol.unitIds.length > 0 })),
  };
}

/** The high-risk areas as GeoJSON, covered or not. */
export function coverageCollection(coverage: Coverage | undefined) {
  return {
    type: 'FeatureCollection' as const,
    features: (coverage?.areas ?? []).map((area) =>
      polygonFeature(area.area, { id: area.id, isCovered: area.isCovered, risk: area.risk }),
    ),
  };
}

/**
 * Patrol areas on the room's and the wall's map and, when the room opens it, the coverage view:
 * the high-risk areas, green where a manned patrol is within the chosen distance, red where not.
 */
export function PatrolLayer({ map, isInteractive }: MapExtensionProps) {
  const maplibre = useFeatureMap(map, addLayers);
  const { isPatrolsShown, isCoverageShown, distanceM } = usePatrolViewStore();
  const { data: patrols } = useQuery(patrolQueries.list());
  const coverage = useQuery({ ...patrolQueries.coverage(distanceM), enabled: isCoverageShown });

  useEffect(() => {
    if (maplibre) setSourceData(maplibre, SOURCES.patrols, patrolCollection(patrols ?? []));
  }, [maplibre, patrols]);

  useEffect(() => {
    if (maplibre) setSourceData(maplibre, SOURCES.coverage, coverageCollection(coverage.data));
  }, [maplibre, coverage.data]);

  useEffect(() => {
    if (!maplibre) return;
    showLayers(maplibre, [LAYERS.patrolFill, LAYERS.patrolLine], isPatrolsShown);
    showLayers(maplibre, [LAYERS.coverageFill, LAYERS.coverageLine], isCoverageShown);
  }, [maplibre, isPatrolsShown, isCoverageShown]);

  if (!isInteractive || !isCoverageShown) return null;
  return (
    <PanelBoundary panel="side">
      <CoveragePanel
        coverage={coverage}
        onShow={(bounds) => {
          map.fitArea(bounds);
        }}
      />
    </PanelBoundary>
  );
}
