import {
  GOVERNORATE_IDS,
  GovernorateFeatureSchema,
  GovernorateSchema,
  type Governorate,
  type GovernorateFeatureCollection,
} from '@mirsad/shared';
import { z } from 'zod';
import { describeIssue, readDataFile } from './data-file.js';

/** The gazetteer file of governorate boundaries, in `mock-data/data/`. */
export const GOVERNORATES_FILE = 'governorates.geojson';

// The features' schema is shared's (the web checks the server's answer with it too).
export {
  GovernorateFeatureCollectionSchema,
  GovernorateFeatureSchema,
  type GovernorateFeature,
  type GovernorateFeatureCollection,
} from '@mirsad/shared';

const EnvelopeSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });
const LabelSchema = z.object({ properties: z.object({ id: z.string() }) });

function featureName(feature: unknown, index: number): string {
  const label = LabelSchema.safeParse(feature);
  return label.success ? `feature ${index} ("${label.data.properties.id}")` : `feature ${index}`;
}

/**
 * Validates a parsed gazetteer file feature by feature, so that an error names the feature
 * and the field; also requires each governorate exactly once.
 */
export function parseGovernoratesGeoJson(
  raw: unknown,
  fileName: string = GOVERNORATES_FILE,
): GovernorateFeatureCollection {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new Error(`${fileName} is not a GeoJSON FeatureCollection: ${describeIssue(envelope.error)}`);
  }
  const features = envelope.data.features.map((feature, index) => {
    const parsed = GovernorateFeatureSchema.safeParse(feature);
    if (!parsed.success) {
      throw new Error(
        `${fileName}: ${featureName(feature, index)} has a bad field ${describeIssue(parsed.error)}`,
      );
    }
    return parsed.data;
  });
  for (const id of GOVERNORATE_IDS) {
    const count = features.filter((feature) => feature.properties.id === id).length;
    if (count !== 1) throw new Error(`${fileName}: governorate "${id}" appears ${count} times, not once`);
  }
  return { type: 'FeatureCollection', features };
}

/** Converts a validated gazetteer file to the shared `Governorate` shape, validating each one. */
export function parseGovernorates(raw: unknown, fileName: string = GOVERNORATES_FILE): Governorate[] {
  return parseGovernoratesGeoJson(raw, fileName).features.map((feature, index) => {
    const governorate = GovernorateSchema.safeParse({
      id: feature.properties.id,
      name: { ar: feature.properties.name_ar, en: feature.properties.name_en },
      boundary: feature.geometry,
    } satisfies Governorate);
    if (!governorate.success) {
      throw new Error(
        `${fileName}: ${featureName(feature, index)} is not a valid governorate: ${describeIssue(governorate.error)}`,
      );
    }
    return governorate.data;
  });
}

/** The raw, validated governorate FeatureCollection, as the server serves it to the map. */
export function loadGovernoratesGeoJson(): GovernorateFeatureCollection {
  return parseGovernoratesGeoJson(readDataFile(GOVERNORATES_FILE));
}

/** Kuwait's six governorates with their (approximate) boundaries, read from the gazetteer file. */
export function loadGovernorates(): Governorate[] {
  return parseGovernorates(readDataFile(GOVERNORATES_FILE));
}
