import {
  DebriefSchema,
  ExerciseSchema,
  OverlaySchema,
  ScenarioOverviewSchema,
  ScenarioSchema,
  TraineeCandidateSchema,
} from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';

/** How often the trainer's console reads the exercises again, ms: their clocks run on the server. */
export const CONSOLE_REFRESH_MS = 2_000;

/** How often the console reads the trainees' responses of a running exercise again, ms. */
export const RESPONSES_REFRESH_MS = 3_000;

const exercisePath = (id: string, tail = ''): string => `/api/exercises/${encodeURIComponent(id)}${tail}`;

/**
 * Query keys and options of training: scenarios, trainees, exercises and what belongs to one.
 * The exercise a trainee's room shows (`detail`, `overlays`) is kept live by the realtime
 * module from `exercise.updated` and `exercise.overlay` events; the console polls, since it
 * watches several exercises at once without joining their rooms.
 */
export const trainingQueries = {
  all: () => ['training'] as const,
  scenarios: () =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'scenarios'] as const,
      queryFn: ({ signal }) =>
        requestJson('/api/scenarios', fieldOf('scenarios', ScenarioOverviewSchema.array()), { signal }),
      staleTime: Infinity,
    }),
  trainees: () =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'trainees'] as const,
      queryFn: ({ signal }) =>
        requestJson('/api/trainees', fieldOf('trainees', TraineeCandidateSchema.array()), { signal }),
      staleTime: 5 * 60_000,
    }),
  /** The exercises the person takes part in (every one, for trainers). */
  list: (refetchInterval: number | false = false) =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'list'] as const,
      queryFn: ({ signal }) =>
        requestJson('/api/exercises', fieldOf('exercises', ExerciseSchema.array()), { signal }),
      staleTime: 10_000,
      refetchInterval,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => requestJson(exercisePath(id), ExerciseSchema, { signal }),
      // Live from `exercise.updated` once loaded.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  overlays: (id: string) =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'overlays', id] as const,
      queryFn: ({ signal }) =>
        requestJson(exercisePath(id, '/overlays'), fieldOf('overlays', OverlaySchema.array()), { signal }),
      // Live from `exercise.overlay` once loaded.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  /** The scenario an exercise runs, upcoming injects included: for its trainer only. */
  scenario: (id: string) =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'scenario', id] as const,
      queryFn: ({ signal }) => requestJson(exercisePath(id, '/scenario'), ScenarioSchema, { signal }),
      staleTime: Infinity,
    }),
  debrief: (id: string, refetchInterval: number | false = false) =>
    queryOptions({
      queryKey: [...trainingQueries.all(), 'debrief', id] as const,
      queryFn: ({ signal }) => requestJson(exercisePath(id, '/debrief'), DebriefSchema, { signal }),
      staleTime: 0,
      refetchInterval,
    }),
};
