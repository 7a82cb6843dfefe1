import { patternGroupById } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useI18n } from '../../i18n/useI18n.js';
import { patternGroupsInView, useViewer } from '../auth/access.js';
import { SelectField } from '../../ui/Field.js';
import { useMapStore } from '../map/store.js';
import { nearRepeatKeyOf } from './patternFeatures.js';
import { PatternKey } from './PatternKey.js';
import { FORECAST_TOP_CELLS, patternQueries } from './queries.js';
import { setHotspotGroup, usePatternStore } from './store.js';

/**
 * The pattern part of the room's map legend: which group's hot spots are drawn, and the key of
 * the pattern layers switched on.
 */
export function PatternLegend() {
  const { t, text } = useI18n();
  const layers = useMapStore(
    useShallow(({ layers }) => ({
      series: layers.series,
      hotspots: layers.hotspots,
      forecast: layers.forecast,
    })),
  );
  const chosen = usePatternStore((state) => state.hotspotGroup);
  const viewer = useViewer();
  const groups = useMemo(() => patternGroupsInView(viewer), [viewer]);
  const group = groups.includes(chosen) ? chosen : (groups[0] ?? chosen);
  const { data: forecast } = useQuery({ ...patternQueries.forecast(), enabled: layers.forecast });
  // The same query as the map's layer: one request between them.
  const { data: nearRepeats } = useQuery({
    ...patternQueries.nearRepeats(),
    enabled: layers.series && groups.some((id) => patternGroupById(id).hasNearRepeats),
  });
  const nearRepeatKey = useMemo(() => nearRepeatKeyOf(nearRepeats), [nearRepeats]);
  return (
    <PatternKey
      layers={layers}
      forecastTop={forecast?.cells.length ?? FORECAST_TOP_CELLS}
      nearRepeats={nearRepeatKey}
      hotspotControl={
        <SelectField
          label={t('patterns.key.hotspotGroup')}
          value={group}
          options={groups.map((id) => ({ value: id, label: text(patternGroupById(id).name) }))}
          onChange={setHotspotGroup}
          testId="pattern-hotspot-group"
          isInline
        />
      }
    />
  );
}
