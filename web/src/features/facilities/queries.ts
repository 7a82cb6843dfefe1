import { FacilitySchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';

/** The fixed places of the reference layer: stations, hospitals, possible shelter sites. */
export const facilityQueries = {
  all: () => ['facilities'] as const,
  list: () =>
    queryOptions({
      queryKey: [...facilityQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson('/api/facilities', fieldOf('facilities', FacilitySchema.array()), { signal }),
      // The gazetteer changes with a deployment, not during a shift.
      staleTime: Infinity,
    }),
};
