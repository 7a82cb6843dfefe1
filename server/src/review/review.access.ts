import { LIVE_REVIEW_ROLES, type Principal } from '@mirsad/shared';
import { exerciseMembers, forbidden, isInExercise } from '../auth/access.js';
import { notFound } from '../errors.js';

/**
 * Refuses unless the principal may review this log: commanders and admins the live one and
 * any exercise; a trainer or trainee only an exercise they take part in (per access.ts).
 */
export function requireReview(principal: Principal, exerciseId: string | null, what: string): void {
  const isLiveReviewer = (LIVE_REVIEW_ROLES as readonly string[]).includes(principal.role);
  if (exerciseId === null) {
    if (!isLiveReviewer)
      throw forbidden(`${what} of the live log is for commander or admin; you are ${principal.role}`);
    return;
  }
  if (!exerciseMembers.has(exerciseId)) throw notFound(`exercise ${exerciseId}`);
  if (!isLiveReviewer && !isInExercise(principal, exerciseId))
    throw forbidden(`${what} of exercise ${exerciseId} is for those taking part in it`);
}
