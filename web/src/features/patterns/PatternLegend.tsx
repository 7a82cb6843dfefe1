import { PATTERN_GROUPS, patternGroupById, type PatternGroupId } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import { useI18n } from '../../i18n/useI18n.js';
import { SelectField } from '../../ui/Field.js';
import { useMapStore } from '../map/store.js';
import { PatternKey } from './PatternKey.js';
import { FORECAST_TOP_CELLS, patternQueries } from './queries.js';
import { setHotspotGroup, usePatternStore } from './store.js';

/** The groups that have emerging hot spots to draw: the property and street crimes of the scan. */
const HOTSPOT_GROUPS: readonly PatternGroupId[] = PATTERN_GROUPS.map((group) => group.id);

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
  const group = usePatternStore((state) => state.hotspotGroup);
  const { data: forecast } = useQuery({ ...patternQueries.forecast(), enabled: layers.forecast });
  return (
    <PatternKey
      layers={layers}
      forecastTop={forecast?.cells.length ?? FORECAST_TOP_CELLS}
      hotspotControl={
        <SelectField
          label={t('patterns.key.hotspotGroup')}
          value={group}
          options={HOTSPOT_GROUPS.map((id) => ({ value: id, label: text(patternGroupById(id).name) }))}
          onChange={setHotspotGroup}
          testId="pattern-hotspot-group"
          isInline
        />
      }
    />
  );
}
