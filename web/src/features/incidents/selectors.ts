import {
  isActive,
  type GovernorateId,
  type Incident,
  type IncidentList,
  type SectorId,
} from '@mirsad/shared';
import { isInWindow, type TimeWindow } from './timeWindow.js';

/** The filters beyond the sector toggles. */
export interface VisibleOptions {
  /** The quick time filter, as of `nowMs`; all when left out. */
  timeWindow?: TimeWindow;
  nowMs?: number;
  /** Whether the signed-in person sees an incident (one reassigned away leaves their room). */
  canSee?: (incident: Incident) => boolean;
  /** Only incidents of these governorates; every incident when null or left out. */
  governorates?: ReadonlySet<GovernorateId> | null;
}

/** Active incidents of the shown sectors, newest report first: what the list and map show. */
export function visibleIncidents(
  picture: IncidentList | undefined,
  hiddenSectors: ReadonlySet<SectorId>,
  { timeWindow = 'all', nowMs = Date.now(), canSee, governorates = null }: VisibleOptions = {},
): Incident[] {
  if (!picture) return [];
  return picture.incidents
    .filter(
      (incident) =>
        isActive(incident) &&
        !hiddenSectors.has(incident.sector) &&
        isInWindow(incident.reportedAt, timeWindow, nowMs) &&
        (governorates === null ||
          (incident.governorate !== null && governorates.has(incident.governorate))) &&
        (canSee?.(incident) ?? true),
    )
    .map((incident) => ({ incident, reportedMs: Date.parse(incident.reportedAt) }))
    .sort((a, b) => b.reportedMs - a.reportedMs || a.incident.id.localeCompare(b.incident.id))
    .map(({ incident }) => incident);
}

/** Counts for the header and the sector chips, over every active incident whatever the filter. */
export interface PictureCounts {
  active: number;
  critical: number;
  bySector: ReadonlyMap<SectorId, number>;
}

/** Counts the active incidents of a picture. */
export function countPicture(picture: IncidentList | undefined): PictureCounts {
  const bySector = new Map<SectorId, number>();
  let active = 0;
  let critical = 0;
  for (const incident of picture?.incidents ?? []) {
    if (!isActive(incident)) continue;
    active++;
    if (incident.severity === 5) critical++;
    bySector.set(incident.sector, (bySector.get(incident.sector) ?? 0) + 1);
  }
  return { active, critical, bySector };
}
