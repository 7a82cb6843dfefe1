import { FacilitySchema, type Facility } from '@mirsad/shared';
import { z } from 'zod';
import { describeIssue, readDataFile } from './data-file.js';

/** The gazetteer file of facilities, in `mock-data/data/`. */
export const FACILITIES_FILE = 'facilities.json';

const LabelSchema = z.object({ id: z.string() });

/** Validates a parsed facilities file entry by entry, so that an error names the facility and the field. */
export function parseFacilities(raw: unknown, fileName: string = FACILITIES_FILE): Facility[] {
  const list = z.array(z.unknown()).safeParse(raw);
  if (!list.success) throw new Error(`${fileName} is not an array of facilities`);
  const seen = new Set<string>();
  return list.data.map((entry, index) => {
    const label = LabelSchema.safeParse(entry);
    const name = label.success ? `facility ${index} ("${label.data.id}")` : `facility ${index}`;
    const parsed = FacilitySchema.safeParse(entry);
    if (!parsed.success)
      throw new Error(`${fileName}: ${name} has a bad field ${describeIssue(parsed.error)}`);
    if (seen.has(parsed.data.id)) throw new Error(`${fileName}: ${name} repeats an id`);
    // Only shelter sites shelter people; the map sizes their symbol by it.
    const isShelter = parsed.data.kind === 'shelter-site';
    if (isShelter !== (parsed.data.shelterCapacity !== null)) {
      throw new Error(
        `${fileName}: ${name} has a bad field shelterCapacity: ${isShelter ? 'a shelter site needs one' : 'only shelter sites have one'}`,
      );
    }
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** Police and fire stations, hospitals, civil defence centres, coast guard bases and shelter sites. */
export function loadFacilities(): Facility[] {
  return parseFacilities(readDataFile(FACILITIES_FILE));
}
