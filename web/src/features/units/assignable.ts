import {
  distanceMetres,
  representativePosition,
  type Incident,
  type Unit,
  type UnitStatus,
} from '@mirsad/shared';
import { canAssign, type Viewer } from '../auth/access.js';

/** A unit that may be sent, with how far it is from the incident. */
export interface AssignableUnit {
  unit: Unit;
  /** Great-circle distance to the incident, metres; null when the unit's position is unknown. */
  distanceM: number | null;
}

/** Statuses in which a unit is working an incident. */
export const BUSY_STATUSES: readonly UnitStatus[] = ['assigned', 'en_route', 'on_scene'];

/**
 * The units the principal may send to an incident: available ones of the sectors they command
 * (a commander's: all), nearest first, those without a known position last. Another sector's
 * units come by a support request, not from this list.
 */
export function assignableUnits(
  units: readonly Unit[],
  incident: Pick<Incident, 'location' | 'exerciseId' | 'involvedSectors'>,
  viewer: Viewer,
): AssignableUnit[] {
  const target = representativePosition(incident.location);
  return units
    .filter(
      (unit) =>
        unit.status === 'available' &&
        unit.incidentId === null &&
        unit.exerciseId === incident.exerciseId &&
        canAssign(viewer, unit, incident),
    )
    .map((unit) => ({
      unit,
      distanceM: unit.position ? distanceMetres(unit.position.coordinates, target) : null,
    }))
    .sort(
      (a, b) =>
        (a.distanceM ?? Number.POSITIVE_INFINITY) - (b.distanceM ?? Number.POSITIVE_INFINITY) ||
        a.unit.callSign.localeCompare(b.unit.callSign),
    );
}

/** The units working an incident, in the order the incident lists them; ids without a unit are kept. */
export function assignedUnits(
  units: readonly Unit[],
  incident: Pick<Incident, 'assignedUnitIds'>,
): { id: string; unit: Unit | null }[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  return incident.assignedUnitIds.map((id) => ({ id, unit: byId.get(id) ?? null }));
}
