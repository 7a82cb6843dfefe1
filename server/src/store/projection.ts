import {
  incidentsAfter,
  linkAfter,
  patrolAfter,
  sensorAfter,
  patternAfter,
  shelterAfter,
  supportRequestAfter,
  unitAfter,
  warningsAfter,
  type MirsadEvent,
} from '@mirsad/shared';
import type { EntityKind } from './event.store.js';

// What an event leaves behind in the projection, apart from the incidents themselves. Pure and
// backend-neutral: every store (SQLite, PostgreSQL) projects the log through these two
// functions, so a new kind of entity is added here once and every backend keeps it.

/** One projected entity an event leaves behind: its kind, id, status, log and value. */
export interface ProjectedEntity {
  kind: EntityKind;
  id: string;
  status: string;
  exerciseId: string | null;
  value: unknown;
}

/** The projected entities (other than incidents) an event leaves behind. */
export function entitiesAfter(event: MirsadEvent): ProjectedEntity[] {
  const out: ProjectedEntity[] = [];
  const unit = unitAfter(event);
  if (unit)
    out.push({ kind: 'unit', id: unit.id, status: unit.status, exerciseId: unit.exerciseId, value: unit });
  const shelter = shelterAfter(event);
  if (shelter)
    out.push({
      kind: 'shelter',
      id: shelter.id,
      status: shelter.status,
      exerciseId: shelter.exerciseId,
      value: shelter,
    });
  const link = linkAfter(event);
  if (link)
    out.push({ kind: 'link', id: link.id, status: link.status, exerciseId: link.exerciseId, value: link });
  const request = supportRequestAfter(event);
  if (request)
    out.push({
      kind: 'support',
      id: request.id,
      status: request.status,
      exerciseId: request.exerciseId,
      value: request,
    });
  const patrol = patrolAfter(event);
  if (patrol)
    out.push({
      kind: 'patrol',
      id: patrol.id,
      status: patrol.status,
      exerciseId: patrol.exerciseId,
      value: patrol,
    });
  if (event.type === 'exercise.updated') {
    // Exercises are listed outside themselves (the trainer's console), so they are kept with the live rows.
    const exercise = event.data.exercise;
    out.push({
      kind: 'exercise',
      id: exercise.id,
      status: exercise.status,
      exerciseId: null,
      value: exercise,
    });
  }
  if (event.type === 'exercise.overlay') {
    const overlay = event.data.overlay;
    out.push({
      kind: 'overlay',
      id: `${overlay.exerciseId}:${overlay.key}`,
      status: overlay.isActive ? 'active' : 'inactive',
      exerciseId: overlay.exerciseId,
      value: overlay,
    });
  }
  const sensor = sensorAfter(event);
  if (sensor)
    out.push({
      kind: 'sensor',
      id: sensor.id,
      status: 'registered',
      exerciseId: sensor.exerciseId,
      value: sensor,
    });
  const pattern = patternAfter(event);
  if (pattern)
    out.push({
      kind: 'pattern',
      id: pattern.id,
      status: pattern.status,
      exerciseId: pattern.exerciseId,
      value: pattern,
    });
  for (const warning of warningsAfter(event))
    out.push({
      kind: 'warning',
      id: warning.id,
      status: warning.state,
      exerciseId: warning.exerciseId,
      value: warning,
    });
  return out;
}

/** The subject id of a sensor in `eventsAbout`: prefixed, as a sensor and a unit may share an id. */
export function sensorSubject(sensorId: string): string {
  return `sensor:${sensorId}`;
}

/** The ids an event is about: its incidents, units, shelters, patterns, patrol areas, and a note's incident. */
export function subjectsOf(event: MirsadEvent): string[] {
  const ids = new Set<string>(incidentsAfter(event).map((incident) => incident.id));
  for (const entity of entitiesAfter(event))
    if (
      entity.kind === 'unit' ||
      entity.kind === 'shelter' ||
      entity.kind === 'pattern' ||
      entity.kind === 'patrol' ||
      entity.kind === 'warning'
    )
      ids.add(entity.id);
  if (event.type === 'note.added') ids.add(event.data.note.incidentId);
  // A warning about an incident belongs to its history too.
  for (const warning of warningsAfter(event)) if (warning.incidentId) ids.add(warning.incidentId);
  if (event.type === 'exercise.updated') ids.add(event.data.exercise.id);
  if (event.type === 'support.requested' || event.type === 'support.answered')
    ids.add(event.data.request.incidentId);
  if (event.type === 'link.proposed' || event.type === 'link.dismissed')
    for (const id of event.data.link.incidentIds) ids.add(id);
  const sensor = sensorAfter(event);
  if (sensor) ids.add(sensorSubject(sensor.id));
  if (event.type === 'detection.recorded') {
    ids.add(event.data.detection.incidentId);
    ids.add(sensorSubject(event.data.detection.cameraId));
  }
  return [...ids];
}
