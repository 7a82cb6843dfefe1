import { SupportRequestSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/**
 * Support requests: the pending ones when the room starts, and every one the realtime module
 * sees afterwards, answered ones included, so the requester sees the answer come in.
 */
export const supportQueries = {
  all: () => ['support-requests', { exercise: currentExerciseId() }] as const,
  list: () =>
    queryOptions({
      queryKey: [...supportQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson(
          inPageScope('/api/support-requests?status=pending'),
          fieldOf('requests', SupportRequestSchema.array()),
          { signal },
        ),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
