import type { ExerciseMembers } from '@mirsad/shared';
import { HttpError, notFound } from '../errors.js';

/**
 * Who takes part in each exercise, as the exercise service last saved it: the data the server
 * hands the shared policy (`@mirsad/shared` access), which never looks anything up itself.
 * One roster per server, passed to every service that decides about an exercise's things.
 */
export class ExerciseRoster {
  private readonly members = new Map<string, ExerciseMembers>();

  /** Records an exercise's trainer and trainees (on create and on every change). */
  set(members: ExerciseMembers): void {
    this.members.set(members.id, {
      id: members.id,
      trainer: members.trainer,
      trainees: [...members.trainees],
    });
  }

  /** The members of the exercise a thing belongs to; null for the live picture or an unknown exercise. */
  of(exerciseId: string | null): ExerciseMembers | null {
    return exerciseId === null ? null : (this.members.get(exerciseId) ?? null);
  }

  /** The members of an exercise asked for by id, or 404 when there is no such exercise. */
  require(exerciseId: string): ExerciseMembers {
    const members = this.members.get(exerciseId);
    if (!members) throw notFound(`exercise ${exerciseId}`);
    return members;
  }
}

/** 403 naming what was refused. */
export function forbidden(message: string): HttpError {
  return new HttpError(403, 'forbidden', message);
}

/** Refuses with 403 unless the policy allowed it. */
export function ensure(isAllowed: boolean, message: string): void {
  if (!isAllowed) throw forbidden(message);
}
