import { representativePosition, sectorById, type Incident, type SectorId } from '@mirsad/shared';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';

/** What the map's incident layers read from each feature. */
export interface IncidentFeatureProperties {
  id: string;
  sector: SectorId;
  /** The sector's colour, copied in so that layers colour with `['get', 'color']`. */
  color: string;
  /** 1..5; drives the radius, and 5 draws the critical halo. */
  severity: number;
}

/** The features of the incident sources. */
export interface IncidentFeatures {
  /** One point per incident (an area's at its representative position): clustered. */
  points: FeatureCollection<Point, IncidentFeatureProperties>;
  /** The outline of each incident that covers an area; not clustered (clustering takes points only). */
  areas: FeatureCollection<Polygon, IncidentFeatureProperties>;
}

function propertiesOf(incident: Incident): IncidentFeatureProperties {
  return {
    id: incident.id,
    sector: incident.sector,
    color: sectorById(incident.sector).color,
    severity: incident.severity,
  };
}

/**
 * Turns incidents into the map's GeoJSON. Points are sorted by severity so the most severe
 * draw last, on top, even where the layer's sort key does not apply (between clusters).
 */
export function toIncidentFeatures(incidents: readonly Incident[]): IncidentFeatures {
  const points: Feature<Point, IncidentFeatureProperties>[] = [];
  const areas: Feature<Polygon, IncidentFeatureProperties>[] = [];
  for (const incident of incidents) {
    const properties = propertiesOf(incident);
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
