import {
  representativePosition,
  sectorById,
  type Incident,
  type IncidentStatus,
  type SectorId,
} from '@mirsad/shared';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';

/**
 * How far the response has come, as the map draws it: a hollow ring waits for someone to take
 * it, a ring with a dot is acknowledged, a filled disc has units on the way, a filled disc
 * with a white dot has them on scene, and a faded disc is contained.
 */
export type ResponseStage = 'waiting' | 'acknowledged' | 'dispatched' | 'on-scene' | 'contained';

/** The response stage a status is drawn as. */
export function responseStage(status: IncidentStatus): ResponseStage {
  switch (status) {
    case 'reported':
    case 'reopened':
      return 'waiting';
    case 'acknowledged':
      return 'acknowledged';
    case 'dispatched':
      return 'dispatched';
    case 'on_scene':
      return 'on-scene';
    case 'contained':
    case 'closed':
    case 'cancelled':
      return 'contained';
  }
}

/** What the map's incident layers read from each feature. */
export interface IncidentFeatureProperties {
  id: string;
  sector: SectorId;
  /** The sector's colour, copied in so that layers colour with `['get', 'color']`. */
  color: string;
  /** 1..5; drives the radius, and 5 draws the critical halo. */
  severity: number;
  stage: ResponseStage;
  /** 1 when the incident waited past its response target, else 0 (a number, so clusters can sum it). */
  overdue: 0 | 1;
}

/** The features of the incident sources. */
export interface IncidentFeatures {
  /** One point per incident (an area's at its representative position): clustered. */
  points: FeatureCollection<Point, IncidentFeatureProperties>;
  /** The outline of each incident that covers an area; not clustered (clustering takes points only). */
  areas: FeatureCollection<Polygon, IncidentFeatureProperties>;
}

function propertiesOf(incident: Incident, isOverdue: boolean): IncidentFeatureProperties {
  return {
    id: incident.id,
    sector: incident.sector,
    color: sectorById(incident.sector).color,
    severity: incident.severity,
    stage: responseStage(incident.status),
    overdue: isOverdue ? 1 : 0,
  };
}

/**
 * Turns incidents into the map's GeoJSON. Points are sorted by severity so the most severe
 * draw last, on top, even where the layer's sort key does not apply (between clusters).
 */
export function toIncidentFeatures(
  incidents: readonly Incident[],
  overdueIds: ReadonlySet<string> = new Set(),
): IncidentFeatures {
  const points: Feature<Point, IncidentFeatureProperties>[] = [];
  const areas: Feature<Polygon, IncidentFeatureProperties>[] = [];
  for (const incident of incidents) {
    const properties = propertiesOf(incident, overdueIds.has(incident.id));
    points.push({
      type: 'Feature',
      properties,
      geometry: { type: 'Point', coordinates: [...representativePosition(incident.location)] },
    });
    if (incident.location.type === 'Polygon') {
      areas.push({
        type: 'Feature',
        properties,
        geometry: {
          type: 'Polygon',
          coordinates: incident.location.coordinates.map((ring) => ring.map((position) => [...position])),
        },
      });
    }
  }
  points.sort((a, b) => a.properties.severity - b.properties.severity);
  return {
    points: { type: 'FeatureCollection', features: points },
    areas: { type: 'FeatureCollection', features: areas },
  };
}
