import {
  seesAllSectors,
  type Incident,
  type Principal,
  type SectorId,
  type SupportRequest,
  type Unit,
} from '@mirsad/shared';

/**
 * What the signed-in person may do, as the screen shows it. The server decides every request
 * (403 otherwise); these only keep the screen from offering what would be refused.
 */

/** Whether the principal has any of these sectors. */
function hasAnySector(principal: Pick<Principal, 'sectors'>, sectors: readonly SectorId[]): boolean {
  return sectors.some((sector) => principal.sectors.includes(sector));
}

/** Whether the principal sees an incident: commanders all, officers their sectors' (owned or joined). */
export function canSee(principal: Principal, incident: Pick<Incident, 'involvedSectors'>): boolean {
  return seesAllSectors(principal) || hasAnySector(principal, incident.involvedSectors);
}

/** Whether the principal may work an incident: change its status, add notes, assign units. */
export function canWork(principal: Principal, incident: Pick<Incident, 'involvedSectors'>): boolean {
  switch (principal.role) {
    case 'display':
    case 'reporter':
      return false;
    case 'officer':
      return hasAnySector(principal, incident.involvedSectors);
    case 'commander':
    case 'trainer':
    case 'admin':
      return true;
  }
}

/** Whether the principal may answer a support request: an officer of its sector, or a commander. */
export function canAnswer(principal: Principal, request: Pick<SupportRequest, 'toSector'>): boolean {
  return (
    principal.role === 'commander' ||
    (principal.role === 'officer' && principal.sectors.includes(request.toSector))
  );
}

/** Whether the principal may assign a unit: one of their sectors' units, or any for a commander. */
export function canCommandUnit(principal: Principal, unit: Pick<Unit, 'sector'>): boolean {
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && principal.sectors.includes(unit.sector);
}

/** Whether the principal may open and update shelters. */
export function canManageShelters(principal: Principal): boolean {
  return principal.role === 'officer' || principal.role === 'commander';
}
