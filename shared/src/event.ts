import { z } from 'zod';
import { IncidentChangesSchema, IncidentSchema, type Incident } from './incident.js';
import {
  LinkSchema,
  NoteSchema,
  ShelterSchema,
  SupportRequestSchema,
  type Link,
  type Shelter,
  type SupportRequest,
} from './room.js';
import { ExerciseSchema, OverlaySchema } from './exercise.js';
import { PatrolAreaSchema, type PatrolArea } from './patrol.js';
import { UnitSchema, type Unit } from './unit.js';
import { RecordedDetectionSchema, SensorSchema, type Sensor } from './sensor.js';
import { EventEnvelopeSchema } from './envelope.js';
import {
  PatternAcknowledgedEventSchema,
  PatternDetectedEventSchema,
  PatternEndedEventSchema,
  type Pattern,
} from './pattern.js';
import { WARNING_EVENT_TYPES, WarningEventDataSchema, type Warning } from './warning.js';

export { ActorSchema } from './envelope.js';

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

/** A line was added to an incident's log. Notes do not change the incident's version, so they never cause a conflict. */
export const NoteAddedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('note.added'),
  data: z.object({ note: NoteSchema }),
});

/** The server proposes that two reports are one incident. */
export const LinkProposedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('link.proposed'),
  data: z.object({ link: LinkSchema }),
});

/** An officer dismissed a proposed link: the reports stay apart. */
export const LinkDismissedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('link.dismissed'),
  data: z.object({ link: LinkSchema }),
});

/** Two reports became one: the survivor keeps the other's contribution; the other is cancelled with `mergedInto`. */
export const IncidentMergedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('incident.merged'),
  data: z.object({ link: LinkSchema, survivor: IncidentSchema, merged: IncidentSchema }),
});

/** One sector asked another for help. */
export const SupportRequestedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('support.requested'),
  data: z.object({ request: SupportRequestSchema }),
});

/** A support request was accepted or declined; an acceptance brings the helping sector into the incident. */
export const SupportAnsweredEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('support.answered'),
  data: z.object({ request: SupportRequestSchema, incident: IncidentSchema.nullable() }),
});

/** A unit joined the picture (the demo's fleet, or a new vehicle). */
export const UnitRegisteredEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('unit.registered'),
  data: z.object({ unit: UnitSchema }),
});

/** A unit's status changed (out of service, back available…). */
export const UnitUpdatedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('unit.updated'),
  data: z.object({ unit: UnitSchema, reason: z.string().nullable() }),
});

/** A unit was assigned to an incident (which moves to dispatched) or released from it. */
export const UnitAssignmentEventSchema = EventEnvelopeSchema.extend({
  type: z.enum(['unit.assigned', 'unit.released']),
  data: z.object({ unit: UnitSchema, incident: IncidentSchema }),
});

/** A shelter opened, changed (occupancy, needs) or closed. */
export const ShelterEventSchema = EventEnvelopeSchema.extend({
  type: z.enum(['shelter.opened', 'shelter.updated', 'shelter.closed']),
  data: z.object({ shelter: ShelterSchema }),
});

/** An exercise was created or its state changed (started, paused, sped up, moved on, ended). */
export const ExerciseUpdatedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('exercise.updated'),
  data: z.object({ exercise: ExerciseSchema }),
});

/** An exercise drew or changed a map overlay. */
export const OverlayEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('exercise.overlay'),
  data: z.object({ overlay: OverlaySchema }),
});

/** A patrol area was defined, changed (renamed, redrawn, stood down) or given its units. */
export const PatrolEventSchema = EventEnvelopeSchema.extend({
  type: z.enum(['patrol.defined', 'patrol.changed', 'patrol.assigned']),
  data: z.object({ patrol: PatrolAreaSchema }),
});

/** A field sensor (drone, thermal camera) was registered, or its registration changed. */
export const SensorEventSchema = EventEnvelopeSchema.extend({
  type: z.enum(['sensor.registered', 'sensor.updated']),
  data: z.object({ sensor: SensorSchema }),
});

/**
 * A thermal detection over its camera's thresholds reported an incident (`outcome: reported`,
 * after that incident's `incident.reported`) or joined one as evidence (`attached`). Its
 * sectors are the incident's involved sectors and the camera's.
 */
export const DetectionRecordedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('detection.recorded'),
  data: z.object({ detection: RecordedDetectionSchema }),
});

/** A warning was drafted, issued, withdrawn, or received from another authority over CAP (see warning.ts). */
export const WarningEventSchema = EventEnvelopeSchema.extend({
  type: z.enum(WARNING_EVENT_TYPES),
  data: WarningEventDataSchema,
});

/** Any durable event of the log. */
export const MirsadEventSchema = z.discriminatedUnion('type', [
  IncidentReportedEventSchema,
  IncidentUpdatedEventSchema,
  NoteAddedEventSchema,
  LinkProposedEventSchema,
  LinkDismissedEventSchema,
  IncidentMergedEventSchema,
  SupportRequestedEventSchema,
  SupportAnsweredEventSchema,
  UnitRegisteredEventSchema,
  UnitUpdatedEventSchema,
  UnitAssignmentEventSchema,
  ShelterEventSchema,
  ExerciseUpdatedEventSchema,
  OverlayEventSchema,
  PatrolEventSchema,
  SensorEventSchema,
  DetectionRecordedEventSchema,
  PatternDetectedEventSchema,
  PatternEndedEventSchema,
  PatternAcknowledgedEventSchema,
  WarningEventSchema,
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

/** The incidents an event leaves behind, each whole, after the event; none for events that change no incident. */
export function incidentsAfter(event: MirsadEvent | NewMirsadEvent): Incident[] {
  switch (event.type) {
    case 'incident.reported':
    case 'incident.updated':
      return [event.data.incident];
    case 'incident.merged':
      return [event.data.survivor, event.data.merged];
    case 'support.answered':
      return event.data.incident ? [event.data.incident] : [];
    case 'unit.assigned':
    case 'unit.released':
      return [event.data.incident];
    case 'note.added':
    case 'link.proposed':
    case 'link.dismissed':
    case 'support.requested':
    case 'unit.registered':
    case 'unit.updated':
    case 'shelter.opened':
    case 'shelter.updated':
    case 'shelter.closed':
    case 'exercise.updated':
    case 'exercise.overlay':
    case 'patrol.defined':
    case 'patrol.changed':
    case 'patrol.assigned':
    case 'sensor.registered':
    case 'sensor.updated':
    case 'detection.recorded':
    case 'pattern.detected':
    case 'pattern.ended':
    case 'pattern.acknowledged':
    case 'warning.drafted':
    case 'warning.issued':
    case 'warning.withdrawn':
    case 'warning.received':
      return [];
  }
}

/** The sensor an event leaves behind, if it changes one. */
export function sensorAfter(event: MirsadEvent | NewMirsadEvent): Sensor | null {
  return event.type === 'sensor.registered' || event.type === 'sensor.updated' ? event.data.sensor : null;
}

/** The warnings an event leaves behind, each whole after it: the warning, then those it replaced. */
export function warningsAfter(event: MirsadEvent | NewMirsadEvent): Warning[] {
  return event.type === 'warning.drafted' ||
    event.type === 'warning.issued' ||
    event.type === 'warning.withdrawn' ||
    event.type === 'warning.received'
    ? [event.data.warning, ...event.data.replaced]
    : [];
}

/** The unit an event leaves behind, if it changes one. */
export function unitAfter(event: MirsadEvent | NewMirsadEvent): Unit | null {
  return event.type === 'unit.registered' ||
    event.type === 'unit.updated' ||
    event.type === 'unit.assigned' ||
    event.type === 'unit.released'
    ? event.data.unit
    : null;
}

/** The shelter an event leaves behind, if it changes one. */
export function shelterAfter(event: MirsadEvent | NewMirsadEvent): Shelter | null {
  return event.type === 'shelter.opened' ||
    event.type === 'shelter.updated' ||
    event.type === 'shelter.closed'
    ? event.data.shelter
    : null;
}

/** The link an event leaves behind, if it changes one. */
export function linkAfter(event: MirsadEvent | NewMirsadEvent): Link | null {
  return event.type === 'link.proposed' || event.type === 'link.dismissed' || event.type === 'incident.merged'
    ? event.data.link
    : null;
}

/** The support request an event leaves behind, if it changes one. */
export function supportRequestAfter(event: MirsadEvent | NewMirsadEvent): SupportRequest | null {
  return event.type === 'support.requested' || event.type === 'support.answered' ? event.data.request : null;
}

/** The patrol area an event leaves behind, if it changes one. */
export function patrolAfter(event: MirsadEvent | NewMirsadEvent): PatrolArea | null {
  return event.type === 'patrol.defined' ||
    event.type === 'patrol.changed' ||
    event.type === 'patrol.assigned'
    ? event.data.patrol
    : null;
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
    for (const next of incidentsAfter(event)) {
      const current = picture.get(next.id);
      if (!current || current.version < next.version) picture.set(next.id, next);
    }
  }
  return picture;
}

/** The `incident.reported` event of a new incident, stamped `at` by `actor`; its id is the caller's. */
export function incidentReportedEvent(
  incident: Incident,
  event: { id: string; at: string; actor: string },
): NewMirsadEvent {
  return {
    id: event.id,
    type: 'incident.reported',
    at: event.at,
    actor: event.actor,
    exerciseId: incident.exerciseId,
    sectors: [incident.sector],
    data: { incident },
  };
}

/** The pattern an event leaves behind, if it changes one. */
export function patternAfter(event: MirsadEvent | NewMirsadEvent): Pattern | null {
  return event.type === 'pattern.detected' ||
    event.type === 'pattern.ended' ||
    event.type === 'pattern.acknowledged'
    ? event.data.pattern
    : null;
}
