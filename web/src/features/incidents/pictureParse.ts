import { IncidentListSchema, type IncidentList } from '@mirsad/shared';
import { z } from 'zod';

/** What parsing a picture's bytes gave: the picture, or why it is not one, in words. */
export type PictureParse = { list: IncidentList } | { error: string };

/**
 * Parses and validates the bytes of `GET /api/incidents`'s answer against the shared schema.
 * The same function runs in the picture's worker and, where there is no worker, on the page.
 */
export function parsePictureBytes(bytes: ArrayBuffer): PictureParse {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { error: `the picture is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = IncidentListSchema.safeParse(json);
  return parsed.success
    ? { list: parsed.data }
    : { error: `the picture does not match the contract:\n${z.prettifyError(parsed.error)}` };
}
