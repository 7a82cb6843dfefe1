import {
  GovernorateFeatureCollectionSchema,
  type GovernorateFeatureCollection,
  type GovernorateId,
  type LocalizedText,
} from '@mirsad/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson, type Parser } from '../../api/http.js';

/** Kuwait's governorates as GeoJSON, checked with shared's schema (the gazetteer file's own). */
export type GovernorateCollection = GovernorateFeatureCollection;

/** Checks the governorates answer against shared's schema, the one the server's gazetteer is read with. */
export const governorateCollectionParser: Parser<GovernorateCollection> = GovernorateFeatureCollectionSchema;

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
