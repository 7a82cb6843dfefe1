import { ReviewQuerySchema, type ReviewQuery } from '@mirsad/shared';

/** Kuwait's offset from UTC, ms: +03:00 all year (no daylight saving since 2007). */
export const KUWAIT_UTC_OFFSET_MS = 3 * 3_600_000;

/** An instant as the value of a `datetime-local` input, in Kuwait time whatever the browser's zone. */
export function toKuwaitInput(ms: number): string {
  return new Date(ms + KUWAIT_UTC_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value names in Kuwait time; null when it is not a complete value. */
export function fromKuwaitInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}+03:00`);
  return Number.isNaN(ms) ? null : ms;
}

/** The query string of the review's API calls and links: lists joined by commas, empty ones left out. */
export function reviewSearch(query: ReviewQuery, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  for (const key of ['sector', 'governorate', 'category', 'severity'] as const) {
    const values = query[key];
    if (values && values.length > 0) params.set(key, values.join(','));
  }
  if (query.exercise) params.set('exercise', query.exercise);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

/** The report's address, read with the API's own schema: a bad or missing field is an error to show, not a guess. */
export function parseReportSearch(
  search: string,
): { query: ReviewQuery; incidentId: string | null } | { error: string } {
  const params = new URLSearchParams(search);
  const incidentId = params.get('incident');
  params.delete('incident');
  params.delete('lang');
  const parsed = ReviewQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success)
    return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { query: parsed.data, incidentId };
}

/** The speeds playback offers: scenario seconds per real second. */
export const PLAYBACK_SPEEDS = [1, 5, 30, 60, 120] as const;

/** How often playback moves the moment on, ms of real time. */
export const PLAYBACK_TICK_MS = 250;

/** The moment after one tick of playback at `speed`, held at the end of the range. */
export function nextPlaybackMoment(momentMs: number, speed: number, endMs: number): number {
  return Math.min(endMs, momentMs + PLAYBACK_TICK_MS * speed);
}
