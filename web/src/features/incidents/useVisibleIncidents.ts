import type { Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { canSee, useViewer } from '../auth/access.js';
import { incidentQueries } from './queries.js';
import {
  countPicture,
  createVisibleSelector,
  type PictureCounts,
  type VisibleSelector,
} from './selectors.js';
import { useIncidentViewStore } from './store.js';

/**
 * The page's one reader of the visible list. The list, the map, the sensors' layer and the
 * wall's panels all show the same picture under the same filters (the view store's), so they
 * share it: an update is spliced into one list, not one per reader, and the room's keyboard
 * steps through that same list (`shownIncidents`) instead of filtering and sorting it again.
 */
const selectVisible = createVisibleSelector();

/** The visible list as the page last showed it, newest report first. */
export function shownIncidents(): readonly Incident[] {
  return selectVisible.latest();
}

/** What changed from a visible list the page showed to the latest: see `VisibleSelector.changedSince`. */
export const shownChangedSince: VisibleSelector['changedSince'] = (earlier) =>
  selectVisible.changedSince(earlier);

/** The picture query with what the list and the map show of it under the sector and time filters. */
export function useVisibleIncidents() {
  const hiddenSectors = useIncidentViewStore((state) => state.hiddenSectors);
  const timeWindow = useIncidentViewStore((state) => state.timeWindow);
  const governorates = useIncidentViewStore((state) => state.shownGovernorates);
  const viewer = useViewer();
  // Each reader's viewer is its own object: the shared reader compares who is looking by
  // value, or it would read the whole picture again for each reader in turn.
  const viewerKey = useMemo(() => JSON.stringify(viewer), [viewer]);
  const query = useQuery(incidentQueries.picture());
  const tick = useNow();
  // Without a time filter the clock changes nothing: keep the list (and the map's data) as is.
  const nowMs = timeWindow === 'all' ? 0 : tick;
  const incidents: Incident[] = useMemo(
    () =>
      selectVisible(
        query.data,
        hiddenSectors,
        { timeWindow, nowMs, canSee: (incident) => canSee(viewer, incident), governorates },
        viewerKey,
      ),
    [query.data, hiddenSectors, timeWindow, nowMs, viewer, viewerKey, governorates],
  );
  return { incidents, query };
}

/** Counts of the whole active picture, for the header and the sector chips. */
export function usePictureCounts(): PictureCounts {
  const { data } = useQuery(incidentQueries.picture());
  return useMemo(() => countPicture(data), [data]);
}
