import { StatsSchema, type GovernorateId } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

/** How often the wall's figures are read again even when no event arrives, in ms. */
export const STATS_REFRESH_INTERVAL_MS = 30_000;

/** Query keys and options for the figures of `GET /api/stats`. */
export const statsQueries = {
  all: () => ['stats'] as const,
  /**
   * The figures of the live picture, or of the exercise `exerciseId` (`?exercise=`), of the
   * governorates named (`?governorate=`) or of the whole country with null.
   */
  summary: (exerciseId: string | null, governorates: readonly GovernorateId[] | null) =>
    queryOptions({
      queryKey: [...statsQueries.all(), 'summary', exerciseId, governorates] as const,
      queryFn: ({ signal }) => {
        const params = new URLSearchParams();
        if (exerciseId !== null) params.set('exercise', exerciseId);
        if (governorates !== null) params.set('governorate', governorates.join(','));
        const query = params.toString();
        return requestJson(query === '' ? '/api/stats' : `/api/stats?${query}`, StatsSchema, { signal });
      },
      refetchInterval: STATS_REFRESH_INTERVAL_MS,
      // A wall is never focused: refresh in the background tab too.
      refetchIntervalInBackground: true,
    }),
};
