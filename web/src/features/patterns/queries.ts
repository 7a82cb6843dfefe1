import {
  ForecastListSchema,
  HotspotListSchema,
  NearRepeatListSchema,
  PatternSchema,
  type PatternGroupId,
} from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';

/**
 * How often the hot spot cells are read again, ms: they are weekly bins, recomputed by the
 * server as reports arrive; a quarter of an hour keeps a wall current without asking for nothing.
 */
export const HOTSPOTS_REFRESH_MS = 15 * 60_000;

/** How often the forecast is read again, ms: the next 24 hours move on with the clock. */
export const FORECAST_REFRESH_MS = 10 * 60_000;

/**
 * How often the near-repeat zones are read again, ms: each new burglary, theft or robbery raises
 * one, and the oldest expire; a few minutes keep the map near the reports without re-running the
 * Knox test's replications for every wall every minute.
 */
export const NEAR_REPEATS_REFRESH_MS = 5 * 60_000;

/** How many of the riskiest forecast cells the map draws (about 1 % of Kuwait's inhabited H3 cells). */
export const FORECAST_TOP_CELLS = 25;

/**
 * What follows `patternQueries.all()` in the keys of the analyses (near-repeat zones, hot spots,
 * the forecast): answers that compare the present with the past year, read again when a
 * history load changes that past.
 */
export const PATTERN_ANALYSES: ReadonlySet<string> = new Set(['near-repeats', 'hotspots', 'forecast']);

/**
 * Query keys and options of pattern watch, in the page's log (live or its exercise). The active
 * series are the room's: loaded when the room first shows them, then kept by the realtime module
 * from `pattern.detected`, `pattern.acknowledged` and `pattern.ended`. Hot spots and the
 * forecast are analyses, read again on a timer. The review reads every series of a log,
 * ended ones too, for its own list and its replay.
 */
export const patternQueries = {
  all: () => ['patterns', { exercise: currentExerciseId() }] as const,
  /** The series going on now that the caller sees (`GET /api/patterns`). */
  active: () =>
    queryOptions({
      queryKey: [...patternQueries.all(), 'active'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/patterns'), fieldOf('patterns', PatternSchema.array()), { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  /** The emerging hot spot cells of one group of categories. */
  hotspots: (group: PatternGroupId) =>
    queryOptions({
      queryKey: [...patternQueries.all(), 'hotspots', group] as const,
      queryFn: ({ signal }) =>
        requestJson(
          inPageScope(`/api/patterns/hotspots?category=${encodeURIComponent(group)}`),
          HotspotListSchema,
          { signal },
        ),
      staleTime: HOTSPOTS_REFRESH_MS,
      refetchInterval: HOTSPOTS_REFRESH_MS,
      // A wall is never focused: refresh in the background tab too.
      refetchIntervalInBackground: true,
    }),
  /** The Knox test of each property-crime group the caller sees, and the zones of raised risk it draws around recent incidents. */
  nearRepeats: () =>
    queryOptions({
      queryKey: [...patternQueries.all(), 'near-repeats'] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope('/api/patterns/near-repeats'), NearRepeatListSchema, { signal }),
      staleTime: NEAR_REPEATS_REFRESH_MS,
      refetchInterval: NEAR_REPEATS_REFRESH_MS,
      refetchIntervalInBackground: true,
    }),
  /** The riskiest cells of the next 24 hours, over every crime group. */
  forecast: (top = FORECAST_TOP_CELLS) =>
    queryOptions({
      queryKey: [...patternQueries.all(), 'forecast', top] as const,
      queryFn: ({ signal }) =>
        requestJson(inPageScope(`/api/patterns/forecast?hours=24&top=${top}`), ForecastListSchema, {
          signal,
        }),
      staleTime: FORECAST_REFRESH_MS,
      refetchInterval: FORECAST_REFRESH_MS,
      refetchIntervalInBackground: true,
    }),
  /**
   * Every series of a log, ended ones too, for the review (`scope=all`). The review's log is
   * the one its filter names, not necessarily the page's.
   */
  history: (exerciseId: string | null) =>
    queryOptions({
      queryKey: ['patterns', { exercise: exerciseId }, 'history'] as const,
      queryFn: ({ signal }) =>
        requestJson(
          inPageScope('/api/patterns?scope=all', exerciseId),
          fieldOf('patterns', PatternSchema.array()),
          { signal },
        ),
      staleTime: 60_000,
    }),
};
