import {
  ExerciseSchema,
  MomentsPageSchema,
  PictureSchema,
  ReviewSummarySchema,
  type ReviewQuery,
} from '@mirsad/shared';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { reviewSearch } from './reviewParams.js';

const exerciseParam = (exerciseId: string | null): string =>
  exerciseId === null ? '' : `&exercise=${encodeURIComponent(exerciseId)}`;

/**
 * Query keys and options of the commander's review. The log does not change the past, so a
 * picture or summary once read stays true: nothing here is refetched behind the reader's back.
 */
export const reviewQueries = {
  all: () => ['review'] as const,
  /** The picture at a moment; the previous one stays on screen while the next loads (playback). */
  picture: (atMs: number, exerciseId: string | null) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'picture', atMs, exerciseId] as const,
      queryFn: ({ signal }) =>
        requestJson(
          `/api/picture?at=${encodeURIComponent(new Date(atMs).toISOString())}${exerciseParam(exerciseId)}`,
          PictureSchema,
          { signal },
        ),
      staleTime: Infinity,
      gcTime: 30_000,
      placeholderData: keepPreviousData,
    }),
  /** The charts', figures' and decisions' data of a range; the end of an open range moves, so it is read again on mount. */
  summary: (query: ReviewQuery) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'summary', query] as const,
      queryFn: ({ signal }) =>
        requestJson(`/api/review/summary?${reviewSearch(query)}`, ReviewSummarySchema, { signal }),
      staleTime: 60_000,
      placeholderData: keepPreviousData,
    }),
  /** The first and last event of the log (or the exercise): the slider's range. */
  bounds: (exerciseId: string | null) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'bounds', exerciseId] as const,
      queryFn: ({ signal }) =>
        requestJson(`/api/review/moments?after=0&limit=1${exerciseParam(exerciseId)}`, MomentsPageSchema, {
          signal,
        }),
      staleTime: 30_000,
    }),
  /** The event next to a sequence, for stepping one event forward or back. */
  step: (direction: 'after' | 'before', seq: number, exerciseId: string | null) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'step', direction, seq, exerciseId] as const,
      queryFn: ({ signal }) =>
        requestJson(
          `/api/review/moments?${direction}=${seq}&limit=1${exerciseParam(exerciseId)}`,
          MomentsPageSchema,
          {
            signal,
          },
        ),
      staleTime: 0,
    }),
  /** The exercises the person may review. */
  exercises: () =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'exercises'] as const,
      queryFn: ({ signal }) =>
        requestJson('/api/exercises', fieldOf('exercises', ExerciseSchema.array()), { signal }),
      staleTime: 60_000,
    }),
};
