import {
  mayReview,
  maySeeIncident,
  maySeeShelter,
  maySeeUnit,
  reviewSectorsOf,
  type ExerciseMembers,
  type Picture,
  type Principal,
  type SectorId,
} from '@mirsad/shared';
import { ensure, type ExerciseRoster } from '../auth/access.js';
import type { ReadViewer } from './read.jobs.js';

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

/**
 * The sectors a review (summary, export) of this log is narrowed to for this principal: what
 * they asked (undefined: all) when they review all of it, else what they asked of their own
 * sectors (all of their own when they asked none). A sector outside theirs is a 403 naming it.
 */
export function reviewSectors(
  roster: ExerciseRoster,
  principal: Principal,
  exerciseId: string | null,
  asked: readonly SectorId[] | undefined,
): SectorId[] | undefined {
  const members = exerciseId === null ? null : roster.require(exerciseId);
  const own = reviewSectorsOf(principal, exerciseId, members);
  if (own === null) return asked && [...asked];
  const outside = (asked ?? []).filter((sector) => !own.includes(sector));
  ensure(
    outside.length === 0,
    `a trainee reviews their own sectors (${own.join(', ')}) of the exercise, not ${outside.join(', ')}`,
  );
  return asked ? [...asked] : [...own];
}

/** Who sees only part of a log's picture at a moment (a trainee), for the reader that folds it; null for the whole. */
export function pictureViewer(
  roster: ExerciseRoster,
  principal: Principal,
  exerciseId: string | null,
): ReadViewer | null {
  const members = exerciseId === null ? null : roster.require(exerciseId);
  return reviewSectorsOf(principal, exerciseId, members) === null ? null : { principal, members };
}

/** A picture narrowed to what the policy lets a principal see of it. */
export function pictureSeenBy(
  picture: Picture,
  principal: Principal,
  members: ExerciseMembers | null,
): Picture {
  return {
    ...picture,
    incidents: picture.incidents.filter((incident) => maySeeIncident(principal, incident, members)),
    units: picture.units.filter((unit) => maySeeUnit(principal, unit, members)),
    shelters: picture.shelters.filter((shelter) => maySeeShelter(principal, shelter, members)),
  };
}
