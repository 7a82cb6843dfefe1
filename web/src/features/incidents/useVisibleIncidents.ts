import type { Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { incidentQueries } from './queries.js';
import { countPicture, visibleIncidents, type PictureCounts } from './selectors.js';
import { useIncidentViewStore } from './store.js';

/** The picture query with what the list and the map show of it under the sector filter. */
export function useVisibleIncidents() {
  const hiddenSectors = useIncidentViewStore((state) => state.hiddenSectors);
  const query = useQuery(incidentQueries.picture());
  const incidents: Incident[] = useMemo(
    () => visibleIncidents(query.data, hiddenSectors),
    [query.data, hiddenSectors],
  );
  return { incidents, query };
}

/** Counts of the whole active picture, for the header and the sector chips. */
export function usePictureCounts(): PictureCounts {
  const { data } = useQuery(incidentQueries.picture());
  return useMemo(() => countPicture(data), [data]);
}
