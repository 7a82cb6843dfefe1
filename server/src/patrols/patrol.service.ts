import { orderedId } from '../store/ordered-id.js';
import type { z } from 'zod';
import {
  coverageOf,
  mayAssignPatrol,
  mayPlanPatrols,
  maySeeIncident,
  maySeePatrol,
  representativePosition,
  riskFromIncidents,
  standingIn,
  type Coverage,
  type NewPatrolAreaSchema,
  type PatrolArea,
  type PatrolAreaPatchSchema,
  type Principal,
  type RiskArea,
  type Unit,
} from '@mirsad/shared';
import { ensure, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { personOf } from '../incidents/incident.service.js';
import type { UnitService } from '../units/unit.service.js';

/** How far back the live picture's incidents count toward risk, ms (an exercise counts all of its own). */
export const RISK_WINDOW_MS = 7 * 24 * 60 * 60_000;

/**
 * The most recent incidents risk is drawn from: a bound on what one coverage request reads
 * (an exercise has no time window of its own), walked newest first through `incidents_by_time`.
 */
export const RISK_INCIDENTS_MAX = 5_000;

/**
 * Where the coverage view's risk comes from when the server has a forecast (the pattern-watch
 * service): the high-risk cells of a log, or null when it has none for it. Without one, or
 * when it answers null, the recent incidents are the risk.
 */
export interface RiskForecast {
  /** The next hours' riskiest places of the sectors `by` sees, or null when no forecast can be had. */
  highRiskAreas(by: Principal, exerciseId: string | null): Promise<RiskArea[] | null>;
}

/**
 * Patrol deployment: commanders define patrol areas of a sector, officers put their sector's
 * units on them; each change is one event, the areas are projected entities.
 */
export class PatrolService {
  private forecast: RiskForecast | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly units: UnitService,
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes risk from a forecast from now on (the pattern-watch service, when it runs). */
  useForecast(forecast: RiskForecast): void {
    this.forecast = forecast;
  }

  private requireInLog(by: Principal, exerciseId: string | null): void {
    ensure(
      standingIn(by, exerciseId, this.roster.of(exerciseId)) !== 'outside',
      `you are not in exercise ${exerciseId ?? ''}`,
    );
  }

  /** The patrol areas of a log the principal sees, active ones first, then by name. */
  async list(by: Principal, exerciseId: string | null): Promise<PatrolArea[]> {
    this.requireInLog(by, exerciseId);
    const members = this.roster.of(exerciseId);
    const all = await this.log.store.listEntities<PatrolArea>('patrol', exerciseId);
    return all
      .filter((patrol) => maySeePatrol(by, patrol, members))
      .sort(
        (a, b) =>
          Number(a.status === 'retired') - Number(b.status === 'retired') || a.name.localeCompare(b.name),
      );
  }

  private async visible(id: string, by: Principal): Promise<PatrolArea> {
    const patrol = await this.log.store.getEntity<PatrolArea>('patrol', id);
    // One the caller may not see is answered as if it did not exist.
    if (!patrol || !maySeePatrol(by, patrol, this.roster.of(patrol.exerciseId)))
      throw notFound(`patrol area ${id}`);
    return patrol;
  }

  private static checkVersion(current: PatrolArea, version: number): void {
    if (current.version !== version)
      throw new HttpError(
        409,
        'version_conflict',
        `patrol area ${current.id} is at version ${current.version}, not ${version}`,
        undefined,
        { current },
      );
  }

  /** Defines a patrol area (commanders), with no units yet. */
  define(input: z.infer<typeof NewPatrolAreaSchema>, by: Principal): Promise<PatrolArea> {
    const exerciseId = input.exerciseId ?? null;
    this.requireInLog(by, exerciseId);
    ensure(mayPlanPatrols(by, exerciseId, this.roster.of(exerciseId)), 'only commanders define patrol areas');
    return this.log.serialised(async () => {
      const at = this.now().toISOString();
      const patrol: PatrolArea = {
        id: orderedId(),
        name: input.name,
        sector: input.sector,
        area: input.area,
        unitIds: [],
        status: 'active',
        createdBy: personOf(by),
        createdAt: at,
        updatedAt: at,
        version: 1,
        exerciseId,
      };
      await this.commit('patrol.defined', patrol, by, at);
      return patrol;
    });
  }

  /** Renames, redraws, stands down or restores a patrol area (commanders), against its version. */
  change(id: string, patch: z.infer<typeof PatrolAreaPatchSchema>, by: Principal): Promise<PatrolArea> {
    return this.log.serialised(async () => {
      const current = await this.visible(id, by);
      ensure(
        mayPlanPatrols(by, current.exerciseId, this.roster.of(current.exerciseId)),
        'only commanders change patrol areas',
      );
      PatrolService.checkVersion(current, patch.version);
      const at = this.now().toISOString();
      const status = patch.status ?? current.status;
      const patrol: PatrolArea = {
        ...current,
        name: patch.name ?? current.name,
        area: patch.area ?? current.area,
        status,
        // A stood-down area frees its units.
        unitIds: status === 'retired' ? [] : current.unitIds,
        updatedAt: at,
        version: current.version + 1,
      };
      await this.commit('patrol.changed', patrol, by, at);
      return patrol;
    });
  }

  /**
   * Sets the units patrolling an area. The policy is asked about the units added and removed
   * (an officer touches only their own sector's); a unit moved here leaves its former area in
   * the same commit, so a unit never patrols two areas.
   */
  assign(id: string, input: { version: number; unitIds: string[] }, by: Principal): Promise<PatrolArea> {
    return this.log.serialised(async () => {
      const current = await this.visible(id, by);
      const fleet = new Map(this.units.listAll().map((unit) => [unit.id, unit]));
      const touched = [
        ...input.unitIds.filter((unitId) => !current.unitIds.includes(unitId)),
        ...current.unitIds.filter((unitId) => !input.unitIds.includes(unitId)),
      ]
        .map((unitId) => fleet.get(unitId))
        .filter((unit): unit is Unit => unit !== undefined);
      ensure(
        mayAssignPatrol(by, current, touched, this.roster.of(current.exerciseId)),
        by.role === 'officer'
          ? 'officers put only their own sector’s units on their sector’s patrol areas'
          : 'you may not assign units to this patrol area',
      );
      const missing = input.unitIds.filter((unitId) => !fleet.has(unitId));
      if (missing.length > 0)
        throw new HttpError(400, 'bad_request', `invalid body: no unit ${missing.join(', ')}`, [
          { path: 'body.unitIds', message: `no unit ${missing.join(', ')}` },
        ]);
      PatrolService.checkVersion(current, input.version);
      if (current.status === 'retired' && input.unitIds.length > 0)
        throw new HttpError(409, 'retired', 'this patrol area is stood down: restore it first');
      const at = this.now().toISOString();
      const others = await this.log.store.listEntities<PatrolArea>('patrol', current.exerciseId, ['active']);
      for (const other of others) {
        if (other.id === current.id) continue;
        const kept = other.unitIds.filter((unitId) => !input.unitIds.includes(unitId));
        if (kept.length === other.unitIds.length) continue;
        await this.commit(
          'patrol.assigned',
          { ...other, unitIds: kept, updatedAt: at, version: other.version + 1 },
          by,
          at,
        );
      }
      const patrol: PatrolArea = {
        ...current,
        unitIds: input.unitIds,
        updatedAt: at,
        version: current.version + 1,
      };
      await this.commit('patrol.assigned', patrol, by, at);
      return patrol;
    });
  }

  /**
   * Which high-risk areas have a patrol within `distanceM`, of the patrols and incidents the
   * principal sees: the forecast's cells when there is one, else cells of recent incidents.
   */
  async coverage(by: Principal, exerciseId: string | null, distanceM: number): Promise<Coverage> {
    const patrols = await this.list(by, exerciseId);
    const forecast = await this.forecast?.highRiskAreas(by, exerciseId);
    if (forecast && forecast.length > 0) return coverageOf(forecast, patrols, distanceM, 'forecast');
    const members = this.roster.of(exerciseId);
    const incidents = await this.log.store.listIncidents({
      scope: 'all',
      exerciseId,
      page: { limit: RISK_INCIDENTS_MAX },
      ...(exerciseId === null
        ? { reportedSince: new Date(this.now().getTime() - RISK_WINDOW_MS).toISOString() }
        : {}),
    });
    const seen = incidents.filter((incident) => maySeeIncident(by, incident, members));
    return coverageOf(
      riskFromIncidents(seen.map((incident) => representativePosition(incident.location))),
      patrols,
      distanceM,
      'recent-incidents',
    );
  }

  private async commit(
    type: 'patrol.defined' | 'patrol.changed' | 'patrol.assigned',
    patrol: PatrolArea,
    by: Principal,
    at: string,
  ): Promise<void> {
    await this.log.commit({
      id: orderedId(),
      type,
      at,
      actor: personOf(by).actor,
      exerciseId: patrol.exerciseId,
      sectors: [patrol.sector],
      data: { patrol },
    });
  }
}
