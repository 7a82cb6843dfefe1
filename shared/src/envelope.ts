import { z } from 'zod';
import { ExerciseIdSchema } from './incident.js';
import { SectorIdSchema } from './sectors.js';

// The envelope is its own module so that each feature's event schemas (pattern.ts…) can extend
// it without importing event.ts, which imports them to build the union.

/** Who caused an event: `source:<id>` for a reporting system, `user:<id>` for a person. */
export const ActorSchema = z.string().min(1).max(128);

/** What every event of the log carries besides its type and data. */
export const EventEnvelopeSchema = z.object({
  /** Position in the append-only log: gap-free, starting at 1. */
  seq: z.number().int().min(1),
  /** Unique id of the event, stable across replays and exports. */
  id: z.uuid(),
  /** When the server committed it. */
  at: z.iso.datetime(),
  actor: ActorSchema,
  exerciseId: ExerciseIdSchema,
  /** The sectors whose rooms see this event (a reassignment is seen by both). */
  sectors: z.array(SectorIdSchema).min(1),
});
