import { ShelterSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/** The shelters; live from shelter events through the realtime module once loaded. */
export const shelterQueries = {
  all: () => ['shelters', { exercise: currentExerciseId() }] as const,
  list: () =>
    queryOptions({
      queryKey: [...shelterQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/shelters'), fieldOf('shelters', ShelterSchema.array()), { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
