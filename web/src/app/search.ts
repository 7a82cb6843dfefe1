import { LocaleSchema, RESPONSE_MILESTONES, ReviewFilterSchema, listParam } from '@mirsad/shared';
import { z } from 'zod';

/**
 * The address's query string as the router reads it: plain strings, one per parameter (the
 * last one wins), never JSON. Addresses stay what a person types and what the wall's and the
 * review's links already say (`?sectors=traffic,fire&tour=60`); each route's zod schema below
 * turns them into typed values.
 */
export function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

/** The query string of typed search values: lists joined by commas, empty values left out. */
export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params.set(key, String(value));
    }
  }
  // Commas are legal in a query string: `sectors=traffic,fire` reads better than `%2C`.
  const text = params.toString().replace(/%2C/gi, ',');
  return text === '' ? '' : `?${text}`;
}

/** A parameter that is dropped, not refused, when it does not parse: a link with a typo still opens. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** An exercise id in an address (`ex-1a2b3c4d`). */
const ExerciseIdParamSchema = z.string().regex(/^ex-[a-z0-9]{8}$/);

/** Parameters every page keeps: the language. */
export const RootSearchSchema = z.object({ lang: lenient(LocaleSchema) });

/**
 * The room (`/`): the incident open in the panel (`?incident=`), and the exercise the page
 * follows (`?exercise=`, read once at load: changing it is a full page load).
 */
export const RoomSearchSchema = z.object({
  incident: lenient(z.string().min(1).max(64)),
  exercise: lenient(z.string().min(1).max(64)),
});

/** The room's address. */
export type RoomSearch = z.infer<typeof RoomSearchSchema>;

/**
 * The review (`/review`): the log (live or `?exercise=`), the range (`from`, `to`, ISO times),
 * the filters (comma lists, as the API reads them), the incident looked at and the response
 * milestone charted. A bad value is dropped, so a mangled link still opens the review.
 */
export const ReviewSearchSchema = z.object({
  exercise: lenient(ExerciseIdParamSchema),
  from: lenient(z.iso.datetime({ offset: true })),
  to: lenient(z.iso.datetime({ offset: true })),
  sector: ReviewFilterSchema.shape.sector.catch(undefined),
  governorate: ReviewFilterSchema.shape.governorate.catch(undefined),
  category: ReviewFilterSchema.shape.category.catch(undefined),
  severity: ReviewFilterSchema.shape.severity.catch(undefined),
  incident: lenient(z.string().min(1).max(64)),
  milestone: lenient(z.enum(RESPONSE_MILESTONES)),
});

/** The review's address. */
export type ReviewSearch = z.infer<typeof ReviewSearchSchema>;

/** The report (`/review/report`): kept as strings here; the report parses them with the API's own schema and says what is wrong. */
export const ReportSearchSchema = z.record(z.string(), z.string());

/**
 * A wall screen's slice (`/wall`): sectors, governorates (`governorate` is an older spelling),
 * panels, the tour's stop in seconds, sound, the exercise. Unknown names are dropped rather than
 * refused: a wall has nobody in front of it to read an error, so a typo shows more, not a blank
 * screen. `key` never reaches the router: the display key is taken out of the address before it
 * starts (api/displayKey.ts).
 */
export const WallSearchSchema = z.object({
  sectors: listParam(z.string()).catch(undefined),
  governorates: listParam(z.string()).catch(undefined),
  governorate: listParam(z.string()).catch(undefined),
  panels: listParam(z.string()).catch(undefined),
  tour: lenient(z.coerce.number()),
  sound: lenient(z.enum(['0', '1'])),
  exercise: lenient(z.string().min(1).max(64)),
});

/** The wall's address. */
export type WallSearch = z.infer<typeof WallSearchSchema>;

/** The training console (`/training`): the debrief shown (`?debrief=`). */
export const TrainingSearchSchema = z.object({ debrief: lenient(ExerciseIdParamSchema) });

/** The training console's address. */
export type TrainingSearch = z.infer<typeof TrainingSearchSchema>;
