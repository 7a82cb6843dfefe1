import {
  GovernorateIdSchema,
  MultiPolygonSchema,
  PolygonSchema,
  type GovernorateId,
  type LocalizedText,
  type MultiPolygon,
  type Polygon,
} from '@mirsad/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Feature, FeatureCollection } from 'geojson';
import { requestJson, type Parser } from '../../api/http.js';

/** The properties of a feature of `GET /api/geo/governorates`. */
export interface GovernorateProperties {
  id: GovernorateId;
  name_en: string;
  name_ar: string;
}

/** Kuwait's governorates as GeoJSON. */
export type GovernorateCollection = FeatureCollection<Polygon | MultiPolygon, GovernorateProperties>;

const BoundarySchema = PolygonSchema.or(MultiPolygonSchema);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function nameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error('a governorate has no name');
  return value;
}

/**
 * Checks the governorates answer. shared has no schema for this GeoJSON wrapper yet, so it is
 * checked here from shared's parts (ids, polygons); TODO: use a shared schema once it has one.
 */
export const governorateCollectionParser: Parser<GovernorateCollection> = {
  parse: (value) => {
    if (!isRecord(value) || value['type'] !== 'FeatureCollection' || !Array.isArray(value['features'])) {
      throw new Error('the governorates are not a GeoJSON FeatureCollection');
    }
    const features = (value['features'] as unknown[]).map(
      (item): Feature<Polygon | MultiPolygon, GovernorateProperties> => {
        if (!isRecord(item) || !isRecord(item['properties']))
          throw new Error('a governorate has no properties');
        const properties = item['properties'];
        return {
          type: 'Feature',
          geometry: BoundarySchema.parse(item['geometry']),
          properties: {
            id: GovernorateIdSchema.parse(properties['id']),
            name_en: nameOf(properties['name_en']),
            name_ar: nameOf(properties['name_ar']),
          },
        };
      },
    );
    return { type: 'FeatureCollection', features };
  },
};

/** Query keys and options for reference geography. */
export const geoQueries = {
  all: () => ['geo'] as const,
  governorates: () =>
    queryOptions({
      queryKey: [...geoQueries.all(), 'governorates'] as const,
      queryFn: ({ signal }) => requestJson('/api/geo/governorates', governorateCollectionParser, { signal }),
      // Boundaries change with a gazetteer update, not during a shift.
      staleTime: Infinity,
    }),
};

/** Each governorate's name in both languages, from the server's gazetteer; empty while loading. */
export function useGovernorateNames(): ReadonlyMap<GovernorateId, LocalizedText> {
  const { data } = useQuery({ ...geoQueries.governorates(), select: governorateNames });
  return data ?? EMPTY_NAMES;
}

const EMPTY_NAMES: ReadonlyMap<GovernorateId, LocalizedText> = new Map();

function governorateNames(collection: GovernorateCollection): ReadonlyMap<GovernorateId, LocalizedText> {
  return new Map(
    collection.features.map((f) => [f.properties.id, { en: f.properties.name_en, ar: f.properties.name_ar }]),
  );
}
