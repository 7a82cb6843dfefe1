import { applyEvents, isActive, type IncidentList, type MirsadEvent } from '@mirsad/shared';

/**
 * Folds events into an active picture and returns a new one. Events at or below the
 * picture's `seq` are already in it and are skipped, so a replayed batch cannot bring back an
 * incident that was closed since; newer events fold in through shared's `applyEvents`, which
 * keeps the higher version of each incident. Incidents that stop being active leave the
 * picture, as they would from `GET /api/incidents?scope=active`.
 */
export function applyEventsToPicture(picture: IncidentList, events: readonly MirsadEvent[]): IncidentList {
  const fresh = events.filter((event) => event.seq > picture.seq);
  if (fresh.length === 0) return picture;
  const byId = applyEvents(new Map(picture.incidents.map((incident) => [incident.id, incident])), fresh);
  const seq = fresh.reduce((highest, event) => Math.max(highest, event.seq), picture.seq);
  return { seq, incidents: [...byId.values()].filter(isActive) };
}
