import { CoverageSchema, PatrolAreaSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/** The patrol areas the caller sees (live from patrol events once loaded), and the coverage view. */
export const patrolQueries = {
  all: () => ['patrols', { exercise: currentExerciseId() }] as const,
  list: () =>
    queryOptions({
      queryKey: [...patrolQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/patrols'), fieldOf('patrols', PatrolAreaSchema.array()), { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  coverage: (distanceM: number) =>
    queryOptions({
      queryKey: [...patrolQueries.all(), 'coverage', distanceM] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope(`/api/patrols/coverage?distanceM=${distanceM}`), CoverageSchema, { signal }),
      // Risk moves with the incidents: read again a minute on, or when a patrol changes.
      staleTime: 60_000,
      refetchInterval: 60_000,
    }),
};
