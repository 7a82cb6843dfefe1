import { LinkSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/**
 * The proposed links (two reports that may be one incident). The realtime module adds new
 * proposals and drops decided ones, so the cache is always the proposals still open.
 */
export const linkQueries = {
  all: () => ['links', { exercise: currentExerciseId() }] as const,
  proposed: () =>
    queryOptions({
      queryKey: [...linkQueries.all(), 'proposed'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/links?status=proposed'), fieldOf('links', LinkSchema.array()), {
          signal,
        }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
