import { z } from 'zod';
import type { Incident } from '@mirsad/shared';
import { HttpError } from '../errors.js';
import type { IncidentPage } from '../store/event.store.js';

/** What a cursor holds: the last incident of a page, by the order pages walk (reported at, then id). */
const CursorSchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(64)]);

/** The cursor of the page after `last`: opaque to the client, so the order may change without a new API. */
export function cursorOf(last: Incident): string {
  return Buffer.from(JSON.stringify([last.reportedAt, last.id])).toString('base64url');
}

/** Where a page starts, from the `next` of the page before; a 400 naming `query.cursor` for anything else. */
export function cursorPosition(cursor: string): NonNullable<IncidentPage['after']> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success)
    throw new HttpError(400, 'bad_request', 'invalid query: cursor is not the `next` of a page', [
      { path: 'query.cursor', message: 'use the `next` of the page before' },
    ]);
  const [reportedAt, id] = result.data;
  return { reportedAt, id };
}
