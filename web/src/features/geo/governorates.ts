import type { Governorate, GovernorateId } from '@mirsad/shared';
import type { GovernorateCollection } from './queries.js';

/** The gazetteer's governorates in shared's shape, for `governorateOf`. */
export function governoratesOf(collection: GovernorateCollection): Governorate[] {
  return collection.features.map((feature) => ({
    id: feature.properties.id,
    name: { en: feature.properties.name_en, ar: feature.properties.name_ar },
    boundary: feature.geometry,
  }));
}

/**
 * The box around some governorates' boundaries, `[west, south, east, north]` in degrees; null
 * when none of them is in the collection.
 */
export function boundsOfGovernorates(
  collection: GovernorateCollection,
  ids: ReadonlySet<GovernorateId>,
): [number, number, number, number] | null {
  let bounds: [number, number, number, number] | null = null;
  for (const feature of collection.features) {
    if (!ids.has(feature.properties.id)) continue;
    const { geometry } = feature;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      for (const [lng, lat] of polygon[0] ?? []) {
        bounds = bounds
          ? [
              Math.min(bounds[0], lng),
              Math.min(bounds[1], lat),
              Math.max(bounds[2], lng),
              Math.max(bounds[3], lat),
            ]
          : [lng, lat, lng, lat];
      }
    }
  }
  return bounds;
}
