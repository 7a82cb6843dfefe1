import { isActive, representativePosition, type Incident } from '@mirsad/shared';
import { timeMsOf } from '../incidents/selectors.js';

/** How many incidents the ticker names: as many as fit one line on a wall. */
export const TICKER_LENGTH = 6;

const updatedMsOf = (incident: Incident): number => timeMsOf(incident, 'updatedAt');

/**
 * The incidents that changed last, newest first (the earlier in the list first among equals).
 * One pass keeping the `count` newest, not a sort of the whole picture: the ticker asks on
 * every flush, and the picture may hold 50,000.
 */
export function newestIncidents(incidents: readonly Incident[], count = TICKER_LENGTH): Incident[] {
  const newest: Incident[] = [];
  for (const incident of incidents) {
    const ms = updatedMsOf(incident);
    if (newest.length === count && ms <= updatedMsOf(newest[count - 1] ?? incident)) continue;
    let at = newest.length;
    while (at > 0 && updatedMsOf(newest[at - 1] ?? incident) < ms) at -= 1;
    newest.splice(at, 0, incident);
    if (newest.length > count) newest.pop();
  }
  return newest;
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

/** How many places the map's tour visits before it starts again. */
export const TOUR_LENGTH = 8;

/** Size of the grid cells hotspots are counted in, in degrees (about 5.5 km). */
const HOTSPOT_CELL_DEG = 0.05;

function hotspotCellOf(incident: Incident): string {
  const [lng, lat] = representativePosition(incident.location);
  return `${Math.floor(lng / HOTSPOT_CELL_DEG)}:${Math.floor(lat / HOTSPOT_CELL_DEG)}`;
}

/**
 * The incidents the map's tour flies to, in order: every open critical (severity 5) incident,
 * newest first, then the busiest places (grid cells of about 5 km with two or more open
 * incidents, most first), each shown by its most severe incident. At most `count`, none twice.
 */
export function tourStops(incidents: readonly Incident[], count = TOUR_LENGTH): Incident[] {
  const open = incidents.filter(isActive);
  const cells = new Map<string, Incident[]>();
  for (const incident of open) {
    const cell = hotspotCellOf(incident);
    const held = cells.get(cell);
    if (held) held.push(incident);
    else cells.set(cell, [incident]);
  }
  const hotspots = [...cells.values()]
    .filter((cell) => cell.length > 1)
    .sort((a, b) => b.length - a.length)
    .map((cell) => cell.reduce((worst, incident) => (incident.severity > worst.severity ? incident : worst)));
  const critical = newestIncidents(
    open.filter((incident) => incident.severity === 5),
    count,
  );
  const stops = new Map<string, Incident>();
  for (const incident of [...critical, ...hotspots]) stops.set(incident.id, incident);
  return [...stops.values()].slice(0, count);
}
