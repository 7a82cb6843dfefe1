import { StatsSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

/** How often the wall's figures are read again even when no event arrives, in ms. */
export const STATS_REFRESH_INTERVAL_MS = 30_000;

/** Query keys and options for the figures of `GET /api/stats`. */
export const statsQueries = {
  all: () => ['stats'] as const,
  /** The figures of the live picture, or of the exercise `exerciseId` (`?exercise=`). */
  summary: (exerciseId: string | null) =>
    queryOptions({
      queryKey: [...statsQueries.all(), 'summary', exerciseId] as const,
      queryFn: ({ signal }) =>
        requestJson(
          exerciseId === null ? '/api/stats' : `/api/stats?exercise=${encodeURIComponent(exerciseId)}`,
          StatsSchema,
          { signal },
        ),
      refetchInterval: STATS_REFRESH_INTERVAL_MS,
      // A wall is never focused: refresh in the background tab too.
      refetchIntervalInBackground: true,
    }),
};
