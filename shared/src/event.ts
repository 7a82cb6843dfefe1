import { z } from 'zod';
import { ExerciseIdSchema, IncidentChangesSchema, IncidentSchema, type Incident } from './incident.js';
import { SectorIdSchema } from './sectors.js';

/** Who caused an event: `source:<id>` for a reporting system, `user:<id>` for a person. */
export const ActorSchema = z.string().min(1).max(128);

const EventEnvelopeSchema = z.object({
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

/** A new incident entered the picture. */
export const IncidentReportedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('incident.reported'),
  data: z.object({ incident: IncidentSchema }),
});

/**
 * An incident changed. `changes` holds what changed, for timelines; `incident` is the whole
 * incident after the change, so that a client that never held it (a closed incident
 * reopened) can still place it.
 */
export const IncidentUpdatedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('incident.updated'),
  data: z.object({
    incident: IncidentSchema,
    changes: IncidentChangesSchema,
    /** The version the change was made against: `incident.version - 1`. */
    previousVersion: z.number().int().min(1),
    reason: z.string().nullable(),
  }),
});

/** Any durable event of the log. */
export const MirsadEventSchema = z.discriminatedUnion('type', [
  IncidentReportedEventSchema,
  IncidentUpdatedEventSchema,
]);

/** Any durable event of the log. */
export type MirsadEvent = z.infer<typeof MirsadEventSchema>;

/** The type name of a durable event. */
export type MirsadEventType = MirsadEvent['type'];

/** An event as a store is asked to append it: the store gives it its sequence number. */
export type NewMirsadEvent = MirsadEvent extends infer E
  ? E extends MirsadEvent
    ? Omit<E, 'seq'>
    : never
  : never;

/** The incident an event leaves behind: the whole incident after the event. */
export function incidentAfter(event: MirsadEvent | NewMirsadEvent): Incident {
  switch (event.type) {
    case 'incident.reported':
    case 'incident.updated':
      return event.data.incident;
  }
}

/**
 * Folds events into a picture keyed by incident id, in place, and returns it. Pure but for
 * the map it is given, so the server's projection, the client's realtime module and the
 * commander's replay compute the same picture from the same log. An event older than what
 * the picture holds (a lower version) is skipped, which makes folding idempotent.
 */
export function applyEvents(
  picture: Map<string, Incident>,
  events: Iterable<MirsadEvent | NewMirsadEvent>,
): Map<string, Incident> {
  for (const event of events) {
    const next = incidentAfter(event);
    const current = picture.get(next.id);
    if (!current || current.version < next.version) picture.set(next.id, next);
  }
  return picture;
}
