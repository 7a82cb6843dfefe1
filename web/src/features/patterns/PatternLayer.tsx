import { HOTSPOT_CLASSES, patternGroupById, type Pattern } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { patternGroupsInView, useViewer } from '../auth/access.js';
import type { MapExtensionProps } from '../map/extensions.js';
import { useMapStore } from '../map/store.js';
import { circlePolygon } from './geometry.js';
import { PatternDrawing } from './PatternDrawing.js';
import { PatternKey } from './PatternKey.js';
import { nearRepeatKeyOf } from './patternFeatures.js';
import { FORECAST_TOP_CELLS, patternQueries } from './queries.js';
import { selectPattern, usePatternStore } from './store.js';
import { useShownPatterns } from './useShownPatterns.js';

/**
 * How much of the surroundings the map shows around a series it flies to: its circle and the
 * districts next to it (a circle filling the screen says nothing of where it is), m.
 */
const FOCUS_CONTEXT_FACTOR = 3;
const FOCUS_MIN_RADIUS_M = 1_500;

/** The box `[west, south, east, north]` around a series' circle and its surroundings. */
function boundsOfSeries(pattern: Pattern): [number, number, number, number] {
  const radiusM = Math.max(pattern.cluster.radiusM * FOCUS_CONTEXT_FACTOR, FOCUS_MIN_RADIUS_M);
  const ring = circlePolygon(pattern.cluster.center, radiusM, 16).coordinates[0] ?? [];
  const lons = ring.map((p) => p[0] ?? 0);
  const lats = ring.map((p) => p[1] ?? 0);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/**
 * Pattern watch on the live map (the room's and the wall's, through MAP_EXTENSIONS): the
 * series going on, the emerging hot spots of the chosen group and the next day's riskiest
 * cells, each switched like the map's other layers. The analyses are read only while their
 * layer is on. The wall, which has no legend to open, shows the key in a corner of the map.
 */
export function PatternLayer({ map, isInteractive }: MapExtensionProps) {
  const switches = useMapStore(
    useShallow(({ layers }) => ({
      series: layers.series,
      hotspots: layers.hotspots,
      forecast: layers.forecast,
    })),
  );
  const chosenGroup = usePatternStore((state) => state.hotspotGroup);
  const viewer = useViewer();
  // Only a group whose sectors the viewer sees: the server would refuse the others.
  const groupsInView = useMemo(() => patternGroupsInView(viewer), [viewer]);
  const hotspotGroup = groupsInView.includes(chosenGroup) ? chosenGroup : (groupsInView[0] ?? null);
  const series = useShownPatterns();
  const { data: hotspots } = useQuery({
    ...patternQueries.hotspots(hotspotGroup ?? chosenGroup),
    enabled: switches.hotspots && hotspotGroup !== null,
  });
  const { data: forecast } = useQuery({ ...patternQueries.forecast(), enabled: switches.forecast });
  const hasNearRepeatGroup = groupsInView.some((group) => patternGroupById(group).hasNearRepeats);
  const { data: nearRepeatList } = useQuery({
    ...patternQueries.nearRepeats(),
    enabled: switches.series && hasNearRepeatGroup,
  });
  const nearRepeats = useMemo(
    () =>
      nearRepeatList && {
        zones: nearRepeatList.groups.flatMap((group) => group.zones),
        at: Date.parse(nearRepeatList.at),
      },
    [nearRepeatList],
  );
  const nearRepeatKey = useMemo(() => nearRepeatKeyOf(nearRepeatList), [nearRepeatList]);
  const focus = usePatternStore((state) => state.focus);

  useEffect(() => {
    if (!focus) return;
    const pattern = series.find((p) => p.id === focus.patternId);
    if (pattern) map.fitArea(boundsOfSeries(pattern));
    // Only a new request flies: the series changing under a request already served must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, focus]);

  // The wall names only the hot spot classes it shows: its key is read from across the room.
  const shownClasses = useMemo(
    () => HOTSPOT_CLASSES.filter((id) => hotspots?.cells.some((cell) => cell.class === id)),
    [hotspots],
  );

  return (
    <>
      <PatternDrawing
        map={map}
        series={series}
        hotspots={hotspots?.cells}
        forecast={forecast?.cells}
        nearRepeats={nearRepeats ?? undefined}
        switches={switches}
        onSelectSeries={isInteractive ? selectPattern : undefined}
      />
      {!isInteractive &&
        (series.length > 0 || nearRepeatKey.length > 0 || shownClasses.length > 0 || switches.forecast) && (
          <div className="pattern-key--wall" data-testid="wall-pattern-key">
            <PatternKey
              layers={{ ...switches, series: switches.series && series.length > 0 }}
              nearRepeats={switches.series ? nearRepeatKey : []}
              forecastTop={forecast?.cells.length ?? FORECAST_TOP_CELLS}
              classes={shownClasses}
            />
          </div>
        )}
    </>
  );
}
