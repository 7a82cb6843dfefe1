import { UnitSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';

/**
 * The units the caller may see. Loaded once when the room starts (after the picture, so the
 * log replay from the picture's `seq` brings it up to date); afterwards only the realtime
 * module changes it, from unit events and `units.moved`.
 */
export const unitQueries = {
  all: () => ['units'] as const,
  list: () =>
    queryOptions({
      queryKey: [...unitQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => requestJson('/api/units', fieldOf('units', UnitSchema.array()), { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
