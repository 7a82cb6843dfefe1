import { z } from 'zod';
import { TakUidSchema } from './unit.js';

// TAK interop (issue 15): what Mirsad reads out of a Cursor-on-Target event. The XML itself is
// parsed by @tak-ps/node-cot on the server; these schemas check the values it yields, so a
// malformed event is refused with the field that was wrong.

/** Largest CoT event read from a TAK client, bytes; a longer one is skipped, counted and logged. */
export const COT_MAX_EVENT_BYTES = 64 * 1024;

/** How long a unit's or incident's marker stays fresh on a TAK client without an update, ms. */
export const COT_MARKER_STALE_MS = 60 * 60_000;

/** How often every marker is sent again, so TAK clients never see a live one go stale, ms. */
export const COT_REFRESH_INTERVAL_MS = 20 * 60_000;

/**
 * A position report as a TAK client sends it (`a-…` types: ATAK's self-position, a tracker):
 * its uid, type, time and point, with course and speed when it moves.
 */
export const CotPositionSchema = z
  .object({
    uid: TakUidSchema,
    /** The CoT type, such as `a-f-G-U-C` (a friendly ground unit). */
    type: z.string().regex(/^a(-[A-Za-z0-9]+)+$/, 'a CoT atom type (a-…)'),
    time: z.iso.datetime({ offset: true }),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    /** Degrees clockwise from north. */
    course: z.number().min(0).max(360).nullable(),
    /** Metres per second. */
    speed: z.number().min(0).max(200).nullable(),
    /** The device's callsign, when it sends one. */
    callsign: z.string().max(128).nullable(),
  })
  .strict();

/** A position report from a TAK client. */
export type CotPosition = z.infer<typeof CotPositionSchema>;
