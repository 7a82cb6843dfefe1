import { mayReview, type Principal } from '@mirsad/shared';
import { ensure, type ExerciseRoster } from '../auth/access.js';

/**
 * Refuses unless the principal may review this log (the shared policy's `mayReview`):
 * commanders and admins the live one and any exercise; a trainer or trainee only an exercise
 * they take part in. An exercise that does not exist is a 404.
 */
export function requireReview(
  roster: ExerciseRoster,
  principal: Principal,
  exerciseId: string | null,
  what: string,
): void {
  const members = exerciseId === null ? null : roster.require(exerciseId);
  ensure(
    mayReview(principal, exerciseId, members),
    exerciseId === null
      ? `${what} of the live log is for commander or admin; you are ${principal.role}`
      : `${what} of exercise ${exerciseId} is for those taking part in it`,
  );
}
