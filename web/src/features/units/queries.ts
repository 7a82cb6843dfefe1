import { UnitSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId } from '../../realtime/exerciseMode.js';

/** Where the page's units are read: the live fleet the caller sees, or the exercise's own fleet. */
export function unitsPath(exerciseId: string | null = currentExerciseId()): string {
  return exerciseId === null ? '/api/units' : `/api/exercises/${encodeURIComponent(exerciseId)}/units`;
}

/**
 * The units the caller may see. Loaded once when the room starts (after the picture, so the
 * log replay from the picture's `seq` brings it up to date); afterwards only the realtime
 * module changes it, from unit events and `units.moved`.
 */
export const unitQueries = {
  all: () => ['units', { exercise: currentExerciseId() }] as const,
  list: () =>
    queryOptions({
      queryKey: [...unitQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => requestJson(unitsPath(), fieldOf('units', UnitSchema.array()), { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
