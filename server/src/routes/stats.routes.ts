import type { FastifyInstance } from 'fastify';
import {
  StatsQuerySchema,
  feedOf,
  maySeeIncident,
  maySeeUnit,
  isActive,
  type Governorate,
  type Incident,
  type Stats,
  isUnitInGovernorates,
  median,
} from '@mirsad/shared';
import { forbidden, type ExerciseRoster } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import type { ShelterService } from '../shelters/shelter.service.js';
import type { EventStore } from '../store/event.store.js';
import type { UnitService } from '../units/unit.service.js';

const HOUR_MS = 3_600_000;

const secondsBetween = (from: string, to: string | null): number | null =>
  to === null ? null : Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** Computes the watch figures from the picture the caller may see. */
export function computeStats(
  incidents: readonly Incident[],
  now: Date,
): Omit<Stats, 'unitsAvailableBySector' | 'shelters' | 'seq'> {
  const open = incidents.filter(isActive);
  const openBySector: Record<string, number> = {};
  const openBySeverity: Stats['openBySeverity'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const incident of open) {
    openBySector[incident.sector] = (openBySector[incident.sector] ?? 0) + 1;
    const key = String(incident.severity) as keyof Stats['openBySeverity'];
    openBySeverity[key] += 1;
  }
  const since = now.getTime() - HOUR_MS;
  const recent = incidents.filter((incident) => Date.parse(incident.reportedAt) >= since);
  const ack = recent.flatMap((i) => {
    const s = secondsBetween(i.reportedAt, i.milestones.acknowledgedAt ?? i.milestones.dispatchedAt);
    return s === null ? [] : [s];
  });
  const dispatch = recent.flatMap((i) => {
    const s = secondsBetween(i.reportedAt, i.milestones.dispatchedAt);
    return s === null ? [] : [s];
  });
  return {
    at: now.toISOString(),
    openBySector,
    openBySeverity,
    lastHour: recent.length,
    medianAcknowledgeS: median(ack),
    medianDispatchS: median(dispatch),
  };
}

/**
 * `GET /api/stats`: the wall display's figures for the caller's sectors, of the live picture or
 * of an exercise the caller takes part in, and of some governorates only with `?governorate=`
 * (shelters stay country-wide: a shelter serves whoever needs it). An exercise's figures never count live incidents or
 * live units, and the live figures never count an exercise's: the two must not be mistaken.
 */
export function statsRoutes(
  app: FastifyInstance,
  store: EventStore,
  units: UnitService,
  shelters: ShelterService,
  roster: ExerciseRoster,
  governorates: readonly Governorate[],
): void {
  // The figures are the log's, folded: whoever may follow a log (its feed) may read its figures.
  app.get('/api/stats', { config: { access: 'follow-log' } }, async (request): Promise<Stats> => {
    const query = parseInput(StatsQuerySchema, request.query, 'query');
    const by = principalOf(request);
    const exerciseId = query.exercise ?? null;
    const shown = query.governorate ? new Set(query.governorate) : null;
    const members = roster.of(exerciseId);
    const feed = feedOf(by, exerciseId, members);
    if ('refused' in feed) throw forbidden(feed.refused);
    const seq = await store.headSeq();
    const now = new Date();
    const since = new Date(now.getTime() - HOUR_MS).toISOString();
    const active = await store.listIncidents({ scope: 'active', exerciseId });
    // Closed in the last hour still count for the hour's response times.
    const recentClosed = await store.listIncidents({
      scope: 'all',
      status: ['closed', 'cancelled'],
      exerciseId,
      reportedSince: since,
    });
    const visible = [...active, ...recentClosed].filter(
      (i) =>
        maySeeIncident(by, i, members) &&
        (shown === null || (i.governorate !== null && shown.has(i.governorate))),
    );
    const unitsAvailableBySector: Record<string, number> = {};
    const unitsShown = exerciseId === null ? units.list(by) : units.listOfExercise(exerciseId, by);
    for (const unit of unitsShown) {
      if (
        unit.status === 'available' &&
        maySeeUnit(by, unit, members) &&
        (shown === null || isUnitInGovernorates(unit, shown, governorates))
      ) {
        unitsAvailableBySector[unit.sector] = (unitsAvailableBySector[unit.sector] ?? 0) + 1;
      }
    }
    const open = (await shelters.list(by, exerciseId)).filter((s) => s.status !== 'closed');
    return {
      ...computeStats(visible, now),
      seq,
      unitsAvailableBySector,
      shelters: {
        open: open.length,
        occupancy: open.reduce((sum, s) => sum + s.occupancy, 0),
        capacity: open.reduce((sum, s) => sum + s.capacity, 0),
      },
    };
  });
}
