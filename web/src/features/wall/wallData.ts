import type { Incident } from '@mirsad/shared';

/** How many incidents the ticker names: as many as fit one line on a wall. */
export const TICKER_LENGTH = 6;

/** The incidents that changed last, newest first. */
export function newestIncidents(incidents: readonly Incident[], count = TICKER_LENGTH): Incident[] {
  return [...incidents].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).slice(0, count);
}

/**
 * The newest severity-5 incident still waiting for acknowledgement among incidents that were
 * not in the picture before; null when there is none.
 */
export function newCriticalIncident(
  incidents: readonly Incident[],
  knownIds: ReadonlySet<string>,
): Incident | null {
  const fresh = incidents.filter(
    (incident) => !knownIds.has(incident.id) && incident.severity === 5 && incident.status === 'reported',
  );
  return newestIncidents(fresh, 1)[0] ?? null;
}

/** Whether an incident the wall highlights still waits for someone to acknowledge it. */
export function isAwaitingAcknowledgement(incident: Pick<Incident, 'status'>): boolean {
  return incident.status === 'reported';
}
