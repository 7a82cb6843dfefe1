import { patrolAfter, type MirsadEvent, type PatrolArea } from '@mirsad/shared';

/** Folds patrol events into the patrol areas, keeping the higher version of each; the same list when untouched. */
export function applyEventsToPatrols(
  patrols: readonly PatrolArea[],
  events: readonly MirsadEvent[],
): PatrolArea[] {
  let byId: Map<string, PatrolArea> | null = null;
  for (const event of events) {
    const next = patrolAfter(event);
    if (!next) continue;
    byId ??= new Map(patrols.map((patrol) => [patrol.id, patrol]));
    const held = byId.get(next.id);
    if (!held || held.version < next.version) byId.set(next.id, next);
  }
  return byId ? [...byId.values()] : (patrols as PatrolArea[]);
}
