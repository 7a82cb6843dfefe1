import {
  ExerciseSchema,
  type Exercise,
  type ExerciseControl,
  type Inject,
  type Locale,
} from '@mirsad/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { trainingQueries } from './queries.js';

/** Puts an exercise the server returned into the console's list and its detail. */
function rememberExercise(queryClient: QueryClient, exercise: Exercise): void {
  queryClient.setQueryData(trainingQueries.list().queryKey, (held) => {
    if (!held) return held;
    return held.some((e) => e.id === exercise.id)
      ? held.map((e) => (e.id === exercise.id ? exercise : e))
      : [exercise, ...held];
  });
  queryClient.setQueryData(trainingQueries.detail(exercise.id).queryKey, exercise);
}

/** What the trainer chose for a new exercise. */
export interface NewExerciseInput {
  scenarioId: string;
  trainees: string[];
  seed: number;
  speed: number;
  /** The language its injected reports are written in. */
  locale: Locale;
}

/** Creates an exercise and starts its clock at once (`POST /api/exercises`, then `start`). */
export function useStartExerciseMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewExerciseInput) => {
      const created = await requestJson('/api/exercises', ExerciseSchema, { method: 'POST', body: input });
      return requestJson(`/api/exercises/${encodeURIComponent(created.id)}/control`, ExerciseSchema, {
        method: 'POST',
        body: { action: 'start' } satisfies ExerciseControl,
      });
    },
    onSuccess: (exercise) => {
      rememberExercise(queryClient, exercise);
    },
  });
}

/** Pauses, resumes, ends, changes the speed of or jumps an exercise ahead. */
export function useControlExerciseMutation(exerciseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (control: ExerciseControl) =>
      requestJson(`/api/exercises/${encodeURIComponent(exerciseId)}/control`, ExerciseSchema, {
        method: 'POST',
        body: control,
      }),
    onSuccess: (exercise) => {
      rememberExercise(queryClient, exercise);
      void queryClient.invalidateQueries({ queryKey: trainingQueries.debrief(exerciseId).queryKey });
    },
  });
}

/** Fires an inject by hand into a running exercise. */
export function useInjectMutation(exerciseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (inject: Inject) =>
      requestJson(
        `/api/exercises/${encodeURIComponent(exerciseId)}/inject`,
        { parse: () => undefined },
        {
          method: 'POST',
          body: inject,
        },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trainingQueries.list().queryKey });
    },
  });
}
