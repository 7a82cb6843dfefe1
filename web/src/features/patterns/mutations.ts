import { PatternSchema } from '@mirsad/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { withPattern } from './patternState.js';
import { patternQueries } from './queries.js';

/**
 * Acknowledges a series (`POST /api/patterns/:id/acknowledge`): the room's alert is answered.
 * The answer goes into the cache at once; the others learn it from `pattern.acknowledged`.
 */
export function useAcknowledgePatternMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patternId: string) =>
      requestJson(`/api/patterns/${encodeURIComponent(patternId)}/acknowledge`, PatternSchema, {
        method: 'POST',
        body: {},
      }),
    onSuccess: (pattern) => {
      queryClient.setQueryData(patternQueries.active().queryKey, (held) =>
        held ? withPattern(held, pattern) : held,
      );
    },
  });
}
