import { WarningListSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/** The warnings of the page's log (drafts, issued, received); live from `warning.*` events once loaded. */
export const warningQueries = {
  all: () => ['warnings', { exercise: currentExerciseId() }] as const,
  list: () =>
    queryOptions({
      queryKey: [...warningQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/warnings'), fieldOf('warnings', WarningListSchema.shape.warnings), {
          signal,
        }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
