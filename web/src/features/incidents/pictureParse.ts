import { IncidentListSchema, type IncidentList } from '@mirsad/shared';
import { z } from 'zod';

/** What parsing a picture's bytes gave: the picture, or why it is not one, in words. */
export type PictureParse = { list: IncidentList } | { error: string };

/**
 * Incidents in one message of the picture's worker to the page. The page's thread decodes each
 * message's structured clone in a task of its own: the 50,000 incidents of a storm in one message
 * held it for 0.5–0.9 s, in parts of this size each task is a few tens of ms, and the map, the
 * list and the socket get their turns between them.
 */
export const PICTURE_PART_SIZE = 2_000;

/**
 * A message of the picture's worker: the picture without its incidents (`head`), then its
 * incidents in order in parts of at most PICTURE_PART_SIZE, the last with `isLast`; or why the
 * bytes are not a picture.
 */
export type PictureMessage =
  | { kind: 'head'; head: Omit<IncidentList, 'incidents'>; parts: number }
  | { kind: 'part'; incidents: IncidentList['incidents'] }
  | { kind: 'error'; error: string };

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

/** The messages that carry a parse to the page: see `PictureMessage`. */
export function pictureMessages(parse: PictureParse): PictureMessage[] {
  if ('error' in parse) return [{ kind: 'error', error: parse.error }];
  const { incidents, ...head } = parse.list;
  const parts: PictureMessage[] = [];
  for (let at = 0; at < incidents.length; at += PICTURE_PART_SIZE)
    parts.push({ kind: 'part', incidents: incidents.slice(at, at + PICTURE_PART_SIZE) });
  return [{ kind: 'head', head, parts: parts.length }, ...parts];
}
