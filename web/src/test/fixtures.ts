import {
  IncidentSchema,
  IncidentUpdatedEventSchema,
  LinkSchema,
  MirsadEventSchema,
  NO_MILESTONES,
  NoteSchema,
  ShelterSchema,
  SupportRequestSchema,
  UnitSchema,
  WarningSchema,
  type Incident,
  type IncidentChanges,
  type Link,
  type MirsadEvent,
  type Note,
  type Principal,
  type Shelter,
  type SupportRequest,
  type Unit,
  type Warning,
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
  const sector = overrides.sector ?? 'traffic';
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
    involvedSectors: [sector],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
    ...overrides,
  } satisfies Incident);
}

/** A signed-in person: a traffic officer unless overridden. */
export function makePrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    kind: 'user',
    id: 'traffic',
    displayName: 'Traffic Officer',
    role: 'officer',
    sectors: ['traffic'],
    source: null,
    ...overrides,
  };
}

/** A valid unit, checked against the shared schema. */
export function makeUnit(id: string, overrides: Partial<Unit> = {}): Unit {
  return UnitSchema.parse({
    id,
    sector: 'traffic',
    type: 'patrol',
    callSign: id.toUpperCase(),
    status: 'available',
    incidentId: null,
    position: {
      coordinates: [47.98, 29.37],
      headingDeg: null,
      speedMps: null,
      at: minutesAfterBase(0),
    },
    exerciseId: null,
    ...overrides,
  } satisfies Unit);
}

/** A valid note on incident `incidentN`. */
export function makeNote(n: number, incidentN: number, overrides: Partial<Note> = {}): Note {
  return NoteSchema.parse({
    id: uuidFrom(2_000_000 + n),
    incidentId: uuidFrom(incidentN),
    text: `Note ${n}`,
    author: { actor: 'user:traffic', displayName: 'Traffic Officer' },
    at: minutesAfterBase(n),
    ...overrides,
  } satisfies Note);
}

/** A valid shelter. */
export function makeShelter(n: number, overrides: Partial<Shelter> = {}): Shelter {
  return ShelterSchema.parse({
    id: uuidFrom(3_000_000 + n),
    facilityId: null,
    name: `Shelter ${n}`,
    location: { type: 'Point', coordinates: [47.9, 29.3] },
    capacity: 200,
    occupancy: 0,
    needs: [],
    status: 'open',
    openedAt: minutesAfterBase(0),
    openedBy: { actor: 'user:civil-defence', displayName: 'Civil Defence Officer' },
    updatedAt: minutesAfterBase(0),
    version: 1,
    exerciseId: null,
    ...overrides,
  } satisfies Shelter);
}

/** A valid issued warning over Ahmadi, authored by the duty commander and approved by another. */
export function makeWarning(n: number, overrides: Partial<Warning> = {}): Warning {
  return WarningSchema.parse({
    id: uuidFrom(5_000_000 + n),
    origin: 'authored',
    state: 'issued',
    identifier: `mirsad.test.${n}`,
    sender: 'mirsad@moi.gov.kw',
    senderName: 'Ministry of Interior',
    sent: minutesAfterBase(1),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    references: [],
    note: null,
    event: 'Flooding',
    category: ['Met'],
    responseType: ['Avoid'],
    urgency: 'Immediate',
    severity: 'Severe',
    certainty: 'Observed',
    onset: null,
    expires: '2099-01-01T00:00:00.000Z',
    info: [
      { language: 'ar', headline: `سيول ${n}`, description: 'مياه', instruction: 'ابتعد' },
      { language: 'en', headline: `Flooding ${n}`, description: 'Water', instruction: 'Keep away' },
    ],
    area: {
      description: { ar: 'الأحمدي', en: 'Ahmadi' },
      polygons: [],
      circles: [{ center: [48.1, 29.1], radiusKm: 5 }],
      governorates: [],
      geocodes: [],
    },
    incidentId: null,
    replaces: null,
    replacedBy: null,
    author: { actor: 'user:commander', displayName: 'Duty Commander' },
    approvedBy: { actor: 'user:deputy', displayName: 'Deputy Commander' },
    createdAt: minutesAfterBase(0),
    updatedAt: minutesAfterBase(1),
    version: 2,
    exerciseId: null,
    ...overrides,
  } satisfies Warning);
}

/** A valid proposed link between incidents `a` and `b`. */
export function makeLink(n: number, a: Incident, b: Incident, overrides: Partial<Link> = {}): Link {
  return LinkSchema.parse({
    id: uuidFrom(4_000_000 + n),
    incidentIds: [a.id, b.id],
    sectors: [a.sector, b.sector],
    distanceM: 120,
    minutesApart: 3,
    status: 'proposed',
    proposedAt: minutesAfterBase(5),
    decidedBy: null,
    decidedAt: null,
    exerciseId: null,
    ...overrides,
  } satisfies Link);
}

/** A valid pending support request on incident `incidentN`. */
export function makeSupportRequest(
  n: number,
  incidentN: number,
  overrides: Partial<SupportRequest> = {},
): SupportRequest {
  return SupportRequestSchema.parse({
    id: uuidFrom(5_000_000 + n),
    incidentId: uuidFrom(incidentN),
    fromSector: 'traffic',
    toSector: 'civil-defence',
    request: 'A pump for the flooded underpass',
    status: 'pending',
    requestedBy: { actor: 'user:traffic', displayName: 'Traffic Officer' },
    requestedAt: minutesAfterBase(n),
    answeredBy: null,
    answeredAt: null,
    answer: null,
    exerciseId: null,
    ...overrides,
  } satisfies SupportRequest);
}

/** Any durable event at `seq`, with the envelope filled in and checked against the shared schema. */
export function makeEvent(
  seq: number,
  type: MirsadEvent['type'],
  data: unknown,
  sectors: Incident['sector'][] = ['traffic'],
): MirsadEvent {
  return MirsadEventSchema.parse({
    seq,
    id: uuidFrom(1_000_000 + seq),
    at: minutesAfterBase(seq),
    actor: 'user:traffic',
    exerciseId: null,
    sectors,
    type,
    data,
  });
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
export function updatedEvent(
  seq: number,
  incident: Incident,
  changes: IncidentChanges,
): Extract<MirsadEvent, { type: 'incident.updated' }> {
  const next: Incident = { ...incident, ...changes, version: incident.version + 1 };
  return IncidentUpdatedEventSchema.parse({
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

/**
 * A history for the readers that follow the picture by its changes: at each of `steps` steps, one
 * of `incidents` still open is closed (every fourth step) or has its severity changed, and every
 * `freshEvery` steps `fresh(step)` is reported. Yields each step's events, numbered from `afterSeq`.
 */
export function* churnOf(
  incidents: readonly Incident[],
  options: { steps: number; afterSeq: number; freshEvery: number; fresh: (step: number) => Incident },
): Generator<MirsadEvent[]> {
  const held = new Map(incidents.map((incident) => [incident.id, incident]));
  let seq = options.afterSeq;
  for (let step = 0; step < options.steps; step++) {
    const events: MirsadEvent[] = [];
    const target = held.get(incidents[(step * 13) % incidents.length]?.id ?? '');
    if (target && step % 4 === 0) {
      events.push(updatedEvent(++seq, target, { status: 'closed' }));
      held.delete(target.id);
    } else if (target) {
      const next = updatedEvent(++seq, target, { severity: (step % 5) + 1 });
      events.push(next);
      held.set(target.id, next.data.incident);
    }
    if (step % options.freshEvery === 0) {
      const fresh = options.fresh(step);
      events.push(reportedEvent(++seq, fresh));
      held.set(fresh.id, fresh);
    }
    yield events;
  }
}
