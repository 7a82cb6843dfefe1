import {
  IncidentSchema,
  MirsadEventSchema,
  type Incident,
  type IncidentChanges,
  type MirsadEvent,
} from '@mirsad/shared';

/** A valid UUID (version 4 layout) made from a small number, so tests read `incidentId(3)`. */
export function uuidFrom(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const BASE_TIME_MS = Date.parse('2025-11-20T06:00:00Z');

/** An ISO time `minutes` after the fixtures' base time. */
export function minutesAfterBase(minutes: number): string {
  return new Date(BASE_TIME_MS + minutes * 60_000).toISOString();
}

/** A valid incident, checked against the shared schema; `n` picks its id. */
export function makeIncident(n: number, overrides: Partial<Incident> = {}): Incident {
  return IncidentSchema.parse({
    id: uuidFrom(n),
    sector: 'traffic',
    category: 'collision',
    severity: 3,
    status: 'reported',
    title: `Collision ${n}`,
    description: '',
    location: { type: 'Point', coordinates: [47.98, 29.37] },
    governorate: 'capital',
    reportedAt: minutesAfterBase(n),
    updatedAt: minutesAfterBase(n),
    version: 1,
    source: 'traffic-cad',
    externalRef: null,
    exerciseId: null,
    ...overrides,
  } satisfies Incident);
}

/** An `incident.reported` event at `seq`, checked against the shared schema. */
export function reportedEvent(seq: number, incident: Incident): MirsadEvent {
  return MirsadEventSchema.parse({
    seq,
    id: uuidFrom(1_000_000 + seq),
    at: incident.reportedAt,
    actor: `source:${incident.source}`,
    exerciseId: incident.exerciseId,
    sectors: [incident.sector],
    type: 'incident.reported',
    data: { incident },
  });
}

/** An `incident.updated` event at `seq` that changes `incident` and bumps its version. */
export function updatedEvent(seq: number, incident: Incident, changes: IncidentChanges): MirsadEvent {
  const next: Incident = { ...incident, ...changes, version: incident.version + 1 };
  return MirsadEventSchema.parse({
    seq,
    id: uuidFrom(1_000_000 + seq),
    at: next.updatedAt,
    actor: 'user:officer-1',
    exerciseId: next.exerciseId,
    sectors: [next.sector],
    type: 'incident.updated',
    data: { incident: next, changes, previousVersion: incident.version, reason: null },
  });
}
