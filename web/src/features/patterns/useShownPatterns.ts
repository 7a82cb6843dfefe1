import type { Pattern } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useIncidentViewStore } from '../incidents/store.js';
import { patternQueries } from './queries.js';

const NONE: readonly Pattern[] = [];

/**
 * The series going on in the sectors the page shows: the room's sector filter, or a wall's
 * `?sectors=`, narrows the series as it narrows the incidents (a traffic wall shows no burglary
 * series). The policy already left out those the viewer may not see.
 */
export function useShownPatterns(): readonly Pattern[] {
  const { data = NONE } = useQuery(patternQueries.active());
  const hiddenSectors = useIncidentViewStore((state) => state.hiddenSectors);
  return useMemo(
    () =>
      hiddenSectors.size === 0
        ? data
        : data.filter((pattern) => pattern.sectors.some((sector) => !hiddenSectors.has(sector))),
    [data, hiddenSectors],
  );
}
