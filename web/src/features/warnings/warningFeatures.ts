import type {
  CapSeverity,
  Circle,
  GovernorateFeatureCollection,
  Position,
  WarningArea,
  WarningInfo,
} from '@mirsad/shared';
import type { Feature, FeatureCollection, Polygon } from 'geojson';

// Pure and free of the room's code: the room's warnings layer and the public page's map both
// draw warning areas with these.

/** Points of the polygon a CAP circle is drawn as: smooth at any zoom the map allows. */
const CIRCLE_STEPS = 64;
/** Kilometres per degree of latitude (and of longitude at the equator). */
const KM_PER_DEGREE = 111.32;

/** The colour of a warning's area by its CAP severity: the meteorological services' scale. */
export const WARNING_COLORS: Readonly<Record<CapSeverity, string>> = {
  Extreme: '#d0021b',
  Severe: '#f5760a',
  Moderate: '#f2c500',
  Minor: '#3a8fd6',
  Unknown: '#8c96a5',
};

/** A CAP circle as a closed ring of `[lon, lat]`, on a local flat approximation (fine at Kuwait's size). */
export function circleRing(circle: Circle, steps: number = CIRCLE_STEPS): Position[] {
  const [lng, lat] = circle.center;
  const dLat = circle.radiusKm / KM_PER_DEGREE;
  const dLng = circle.radiusKm / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  const ring: Position[] = [];
  for (let i = 0; i < steps; i += 1) {
    const angle = (2 * Math.PI * i) / steps;
    ring.push([lng + dLng * Math.cos(angle), lat + dLat * Math.sin(angle)]);
  }
  const [first] = ring;
  if (first) ring.push(first);
  return ring;
}

/** What each drawn area carries: enough for the map's colour, the key and a test to find it. */
export interface WarningAreaProperties {
  id: string;
  severity: CapSeverity;
  color: string;
  event: string;
  expires: string;
}

/** A warning as these functions need it: the public one and the room's both fit. */
export interface DrawableWarning {
  id: string;
  severity: CapSeverity;
  event: string;
  expires: string;
  area: Pick<WarningArea, 'polygons' | 'circles' | 'governorates'>;
}

/**
 * The warnings' areas as polygons: each polygon, each circle, and each governorate named (its
 * boundary from the gazetteer, when loaded). The least severe first, so the worst is drawn on top.
 */
export function toWarningAreaFeatures(
  warnings: readonly DrawableWarning[],
  governorates: GovernorateFeatureCollection | null,
): FeatureCollection<Polygon, WarningAreaProperties> {
  const order: readonly CapSeverity[] = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'];
  const features: Feature<Polygon, WarningAreaProperties>[] = [];
  for (const warning of [...warnings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))) {
    const properties: WarningAreaProperties = {
      id: warning.id,
      severity: warning.severity,
      color: WARNING_COLORS[warning.severity],
      event: warning.event,
      expires: warning.expires,
    };
    const rings: Position[][][] = [
      ...warning.area.polygons.map((polygon) => polygon.coordinates),
      ...warning.area.circles.map((circle) => [circleRing(circle)]),
    ];
    for (const id of warning.area.governorates) {
      const feature = governorates?.features.find((f) => f.properties.id === id);
      if (!feature) continue;
      if (feature.geometry.type === 'Polygon') rings.push(feature.geometry.coordinates);
      else rings.push(...feature.geometry.coordinates);
    }
    for (const coordinates of rings)
      features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });
  }
  return { type: 'FeatureCollection', features };
}

/** `[[west, south], [east, north]]` around the features of these ids (all when none given), or null for none. */
export function boundsOf(
  collection: FeatureCollection<Polygon, { id: string }>,
  ids?: ReadonlySet<string>,
): [[number, number], [number, number]] | null {
  const positions = collection.features
    .filter((feature) => !ids || ids.has(feature.properties.id))
    .flatMap((feature) => feature.geometry.coordinates[0] ?? []);
  if (positions.length === 0) return null;
  const lngs = positions.map((position) => position[0] ?? 0);
  const lats = positions.map((position) => position[1] ?? 0);
  return [
    [Math.min(...lngs), Math.min(...lats)],
    [Math.max(...lngs), Math.max(...lats)],
  ];
}

/**
 * The info block of a warning in the page's language (`ar`, `ar-KW`…), else in the other of
 * Mirsad's two, else the first it has: another authority may have sent one language only.
 */
export function infoFor(warning: { info: readonly WarningInfo[] }, locale: string): WarningInfo {
  const inLanguage = (language: string) =>
    warning.info.find((info) => info.language.toLowerCase().split('-')[0] === language);
  const found = inLanguage(locale) ?? inLanguage(locale === 'ar' ? 'en' : 'ar') ?? warning.info[0];
  if (!found) throw new Error('a warning has at least one info block');
  return found;
}
