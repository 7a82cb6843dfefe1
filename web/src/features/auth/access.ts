import {
  PATTERN_GROUPS,
  mayAcknowledgePattern,
  mayAnswerSupport,
  mayAssignUnit,
  mayDecideLink,
  mayRunShelters,
  maySeeIncident,
  mayWorkIncident,
  patternSectorsInView,
  type ExerciseMembers,
  type Incident,
  type Link,
  type Pattern,
  type PatternGroupId,
  type Principal,
  type SupportRequest,
  type Unit,
} from '@mirsad/shared';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { currentExerciseId } from '../../realtime/exerciseMode.js';
import { trainingQueries } from '../training/queries.js';
import { authQueries } from './queries.js';
import { usePrincipal } from './usePrincipal.js';

/**
 * What the screen offers, asked of the shared policy the server decides every request with:
 * the page never offers a button the server would refuse. The screen knows who takes part in
 * an exercise from the exercise it shows (the live room: nobody).
 */
export interface Viewer {
  principal: Principal;
  /** The exercise this page shows; null for the live room. */
  exerciseId: string | null;
  /** The members of the exercise this page shows; null for the live room (or while it loads). */
  members: ExerciseMembers | null;
}

/** The viewer of this page: the signed-in principal and the exercise the page shows. */
export function useViewer(): Viewer {
  const principal = usePrincipal();
  const exerciseId = currentExerciseId();
  // Only who takes part: the exercise's clock changes every scenario minute, and a viewer that
  // changed with it would redraw every list and map layer that asks the policy. react-query
  // shares the selected value structurally, so it keeps its identity while the members stay.
  const { data: members } = useQuery({
    ...trainingQueries.detail(exerciseId ?? ''),
    enabled: exerciseId !== null,
    select: ({ id, trainer, trainees }): ExerciseMembers => ({ id, trainer, trainees }),
  });
  return useMemo(() => viewerOf(principal, exerciseId, members), [principal, exerciseId, members]);
}

/** The viewer as the cache holds it, for handlers that look when a key is pressed; null when nobody is signed in. */
export function viewerFromCache(queryClient: QueryClient): Viewer | null {
  const principal = queryClient.getQueryData(authQueries.me().queryKey);
  if (!principal) return null;
  const exerciseId = currentExerciseId();
  const exercise =
    exerciseId === null ? undefined : queryClient.getQueryData(trainingQueries.detail(exerciseId).queryKey);
  return viewerOf(principal, exerciseId, exercise);
}

/** The viewer of a page showing `exerciseId` (null: the live room), given that exercise once loaded. */
export function viewerOf(
  principal: Principal,
  exerciseId: string | null = null,
  exercise?: ExerciseMembers,
): Viewer {
  return {
    principal,
    exerciseId,
    members: exerciseId !== null && exercise?.id === exerciseId ? exercise : null,
  };
}

/** Whether the viewer sees an incident. */
export function canSee(
  viewer: Viewer,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>,
): boolean {
  return maySeeIncident(viewer.principal, incident, viewer.members);
}

/** Whether the viewer may work an incident: change its status, add notes, ask for support. */
export function canWork(viewer: Viewer, incident: Pick<Incident, 'exerciseId' | 'involvedSectors'>): boolean {
  return mayWorkIncident(viewer.principal, incident, viewer.members);
}

/** Whether the viewer may answer a support request. */
export function canAnswer(viewer: Viewer, request: Pick<SupportRequest, 'exerciseId' | 'toSector'>): boolean {
  return mayAnswerSupport(viewer.principal, request, viewer.members);
}

/** Whether the viewer may send a unit to an incident. */
export function canAssign(
  viewer: Viewer,
  unit: Pick<Unit, 'exerciseId' | 'sector'>,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors'>,
): boolean {
  return mayAssignUnit(viewer.principal, unit, incident, viewer.members);
}

/** Whether the viewer may merge or dismiss a proposed link, given the linked reports they hold. */
export function canDecide(
  viewer: Viewer,
  link: Pick<Link, 'exerciseId'>,
  incidents: readonly Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>[],
): boolean {
  return mayDecideLink(viewer.principal, link, incidents, viewer.members);
}

/** Whether the viewer may open and update the shelters of the room the page shows. */
export function canRunShelters(viewer: Viewer): boolean {
  return mayRunShelters(viewer.principal, viewer.exerciseId, viewer.members);
}

/** Whether the viewer may acknowledge a series' alert: an officer of its sectors or a commander, in its log. */
export function canAcknowledgePattern(
  viewer: Viewer,
  pattern: Pick<Pattern, 'exerciseId' | 'sectors'>,
): boolean {
  return mayAcknowledgePattern(viewer.principal, pattern, viewer.members);
}

/**
 * The pattern groups whose analysis (hot spots) the viewer may read: those with a sector the
 * shared policy lets them see. The map asks only for these, so it never asks what the server refuses.
 */
export function patternGroupsInView(viewer: Viewer): PatternGroupId[] {
  const sectors = patternSectorsInView(viewer.principal, viewer.exerciseId, viewer.members);
  return PATTERN_GROUPS.filter(
    (group) => sectors === null || group.categories.some((category) => sectors.includes(category.sector)),
  ).map((group) => group.id);
}
