import { SECTOR_IDS, seesAllSectors, type Incident, type Principal, type SectorId } from '@mirsad/shared';
import { HttpError } from '../errors.js';

/** The sectors a principal sees: every one for commanders, admins and whole-room displays. */
export function visibleSectors(principal: Principal): readonly SectorId[] {
  return seesAllSectors(principal) ? SECTOR_IDS : principal.sectors;
}

const intersects = (a: readonly SectorId[], b: readonly SectorId[]): boolean =>
  a.some((sector) => b.includes(sector));

/**
 * Who takes part in each running exercise: its trainer and trainees. Kept by the exercise
 * service; read here so that every access check keeps exercises apart from the live picture.
 */
export const exerciseMembers = new Map<string, { trainer: string; trainees: ReadonlySet<string> }>();

/** Whether a principal takes part in an exercise (commanders may look into any). */
export function isInExercise(principal: Principal, exerciseId: string): boolean {
  const members = exerciseMembers.get(exerciseId);
  if (!members || principal.kind !== 'user') return false;
  return (
    principal.role === 'commander' || members.trainer === principal.id || members.trainees.has(principal.id)
  );
}

/** Whether a principal may see an incident: its sectors meet the incident's involved sectors. */
export function canSeeIncident(principal: Principal, incident: Incident): boolean {
  if (incident.exerciseId !== null) {
    if (!isInExercise(principal, incident.exerciseId)) return false;
    if (principal.role === 'trainer' || principal.role === 'commander') return true;
    return principal.sectors.some((sector) => incident.involvedSectors.includes(sector));
  }
  if (principal.role === 'trainer') return false; // trainers see exercises, never the live picture
  if (principal.role === 'reporter') return incident.source === principal.source;
  return seesAllSectors(principal) || intersects(principal.sectors, incident.involvedSectors);
}

/** Whether a principal may act on an incident: commanders on any, officers on their sectors'. */
export function canWorkIncident(principal: Principal, incident: Incident): boolean {
  if (incident.exerciseId !== null && !isInExercise(principal, incident.exerciseId)) return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && intersects(principal.sectors, incident.involvedSectors);
}

/** Whether a principal may report an incident of a sector. */
export function canReportFor(principal: Principal, sector: SectorId): boolean {
  switch (principal.role) {
    case 'commander':
      return true;
    case 'officer':
      return principal.sectors.includes(sector);
    case 'reporter':
      return principal.sectors.length === 0 || principal.sectors.includes(sector);
    case 'trainer':
    case 'admin':
    case 'display':
      return false;
  }
}

/** 403 naming what was refused. */
export function forbidden(message: string): HttpError {
  return new HttpError(403, 'forbidden', message);
}

/** Refuses unless the principal has one of the roles. */
export function requireRole(principal: Principal, roles: readonly Principal['role'][], what: string): void {
  if (!roles.includes(principal.role))
    throw forbidden(`${what} is for ${roles.join(' or ')}; you are ${principal.role}`);
}

/** Refuses unless the principal may act on the incident (a 404 when they may not even see it). */
export function requireWork(principal: Principal, incident: Incident): void {
  if (canWorkIncident(principal, incident)) return;
  if (!canSeeIncident(principal, incident))
    throw forbidden(`incident ${incident.id} belongs to sectors you do not work`);
  throw forbidden(`you may see incident ${incident.id} but not act on it`);
}
