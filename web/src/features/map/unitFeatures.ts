import {
  representativePosition,
  sectorById,
  type Facility,
  type FacilityKind,
  type Incident,
  type SectorId,
  type Unit,
  type UnitPosition,
  type UnitStatus,
  type UnitType,
} from '@mirsad/shared';
import type { FeatureCollection, LineString, Point } from 'geojson';

/** How a unit's status is drawn: free to task, working an incident, or out of service. */
export type UnitStatusClass = 'free' | 'busy' | 'off';

/** The drawing class of a unit status. */
export function unitStatusClass(status: UnitStatus): UnitStatusClass {
  switch (status) {
    case 'available':
      return 'free';
    case 'assigned':
    case 'en_route':
    case 'on_scene':
      return 'busy';
    case 'out_of_service':
      return 'off';
  }
}

/** The id of a unit's map icon; the map draws each on first use (see `mapIcons.ts`). */
export function unitIconId(type: UnitType, sector: SectorId, statusClass: UnitStatusClass): string {
  return `unit:${type}:${sector}:${statusClass}`;
}

/** The id of a facility kind's map icon. */
export function facilityIconId(kind: FacilityKind): string {
  return `facility:${kind}`;
}

/**
 * Age of a unit's last position report beyond which it is drawn as stale (faded), in ms: a
 * vehicle reports every few seconds while its tracker works, so five minutes of silence means
 * the map no longer knows where it is, and must not show it as if it did.
 */
export const UNIT_POSITION_STALE_MS = 5 * 60_000;

/** Whether a unit's position is too old to be shown as current. */
export function isPositionStale(position: Pick<UnitPosition, 'at'>, nowMs: number): boolean {
  return nowMs - Date.parse(position.at) > UNIT_POSITION_STALE_MS;
}

/** What the unit layer reads from each feature. */
export interface UnitFeatureProperties {
  id: string;
  sector: SectorId;
  type: UnitType;
  status: UnitStatus;
  icon: string;
  /** The last position report is older than UNIT_POSITION_STALE_MS: drawn faded. */
  isStale: boolean;
}

/** What the assignment lines read: the unit, its incident, and the unit's sector colour. */
export interface AssignmentLineProperties {
  unitId: string;
  incidentId: string;
  color: string;
  status: UnitStatus;
}

/** The unit sources' features. */
export interface UnitFeatures {
  units: FeatureCollection<Point, UnitFeatureProperties>;
  /** A line from each assigned unit to its incident, for incidents on the map. */
  lines: FeatureCollection<LineString, AssignmentLineProperties>;
}

/**
 * Turns units into the map's GeoJSON: one point per unit with a known position, and a line
 * from each unit working an incident to that incident, when the incident is drawn (a line to
 * an incident filtered off the map would point at nothing). Out-of-service units are drawn
 * first, so working units sit on top of them. Positions older than UNIT_POSITION_STALE_MS at
 * `nowMs` are marked stale.
 */
export function toUnitFeatures(
  units: readonly Unit[],
  incidentsById: Pick<ReadonlyMap<string, Incident>, 'get'>,
  nowMs: number,
): UnitFeatures {
  const points: UnitFeatures['units']['features'] = [];
  const lines: UnitFeatures['lines']['features'] = [];
  for (const unit of units) {
    if (!unit.position) continue;
    const from = unit.position.coordinates;
    const statusClass = unitStatusClass(unit.status);
    points.push({
      type: 'Feature',
      properties: {
        id: unit.id,
        sector: unit.sector,
        type: unit.type,
        status: unit.status,
        icon: unitIconId(unit.type, unit.sector, statusClass),
        isStale: isPositionStale(unit.position, nowMs),
      },
      geometry: { type: 'Point', coordinates: [from[0], from[1]] },
    });
    const incident = unit.incidentId === null ? undefined : incidentsById.get(unit.incidentId);
    if (incident && statusClass === 'busy') {
      const to = representativePosition(incident.location);
      lines.push({
        type: 'Feature',
        properties: {
          unitId: unit.id,
          incidentId: incident.id,
          color: sectorById(unit.sector).color,
          status: unit.status,
        },
        geometry: {
          type: 'LineString',
          coordinates: [
            [from[0], from[1]],
            [to[0], to[1]],
          ],
        },
      });
    }
  }
  const order: Record<UnitStatusClass, number> = { off: 0, free: 1, busy: 2 };
  points.sort(
    (a, b) => order[unitStatusClass(a.properties.status)] - order[unitStatusClass(b.properties.status)],
  );
  return {
    units: { type: 'FeatureCollection', features: points },
    lines: { type: 'FeatureCollection', features: lines },
  };
}

/** What the facility layer reads. */
export interface FacilityFeatureProperties {
  id: string;
  kind: FacilityKind;
  icon: string;
}

/** The reference layer's features: one point per facility. */
export function toFacilityFeatures(
  facilities: readonly Facility[],
): FeatureCollection<Point, FacilityFeatureProperties> {
  return {
    type: 'FeatureCollection',
    features: facilities.map((facility) => ({
      type: 'Feature',
      properties: { id: facility.id, kind: facility.kind, icon: facilityIconId(facility.kind) },
      geometry: {
        type: 'Point',
        coordinates: [facility.location.coordinates[0], facility.location.coordinates[1]],
      },
    })),
  };
}
