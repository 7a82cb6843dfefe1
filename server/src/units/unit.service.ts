import { orderedId } from '../store/ordered-id.js';
import {
  mayAssignUnit,
  mayCommandUnit,
  mayMoveUnit,
  mayReleaseUnit,
  maySeeIncident,
  maySeeUnit,
  transitionProblem,
  type Incident,
  type MirsadEvent,
  type Principal,
  type Unit,
  type UnitPosition,
  type UnitStatus,
} from '@mirsad/shared';
import { ensure, forbidden, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { personOf } from '../incidents/incident.service.js';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** How far a tracker's fix may lie ahead of the server's clock, ms: clock skew, not the future. */
export const POSITION_MAX_AHEAD_MS = 60_000;

/** How old a tracker's fix may be, ms: older ones say nothing about where the unit is now. */
export const POSITION_MAX_AGE_MS = 10 * 60_000;

/** Told of each accepted position report; `isLocal` false when another node accepted it (and broadcast it). */
export type PositionListener = (unitId: string, position: UnitPosition, unit: Unit, isLocal: boolean) => void;

/**
 * Units in the field: durable assignments and status changes through the log; positions kept
 * in memory (lossy by design) and broadcast by the gateway, saved now and then for restarts.
 */
export class UnitService {
  private readonly positions = new Map<string, UnitPosition>();
  private readonly units = new Map<string, Unit>();
  /** The sequence of the event each unit's state in `units` comes from: an older one never overwrites it. */
  private readonly unitSeq = new Map<string, number>();
  private readonly positionListeners = new Set<PositionListener>();
  private dirty = new Set<string>();

  constructor(
    private readonly log: EventLog,
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Loads units and their last saved positions; call once at start. */
  async load(): Promise<void> {
    for (const unit of await this.log.store.listEntities<Unit>('unit', null)) this.units.set(unit.id, unit);
    for (const [id, position] of await this.log.store.loadPositions()) this.positions.set(id, position);
    // Followed as events are appended, not once durable: the next work of the same group
    // commit must see a unit it assigns as busy.
    this.log.onAppend((event) => {
      if (
        event.type === 'unit.registered' ||
        event.type === 'unit.updated' ||
        event.type === 'unit.assigned' ||
        event.type === 'unit.released'
      ) {
        this.units.set(event.data.unit.id, event.data.unit);
        this.unitSeq.set(event.data.unit.id, event.seq);
      }
    });
    this.log.onDiscard((events) => {
      void this.reloadUnits(events);
    });
  }

  /** Reads back from the store the units of events that were undone after being appended. */
  private async reloadUnits(events: readonly MirsadEvent[]): Promise<void> {
    for (const event of events) {
      if ('unit' in event.data) {
        const id = event.data.unit.id;
        const stored = await this.log.store.getEntity<Unit>('unit', id);
        if (stored) this.units.set(id, stored);
        else this.units.delete(id);
      }
    }
  }

  /** Follows a unit's change that another node wrote (this node's own changes are followed as they are appended). */
  applyRemote(event: MirsadEvent): void {
    if (
      event.type !== 'unit.registered' &&
      event.type !== 'unit.updated' &&
      event.type !== 'unit.assigned' &&
      event.type !== 'unit.released'
    )
      return;
    const { unit } = event.data;
    if ((this.unitSeq.get(unit.id) ?? 0) >= event.seq) return;
    this.units.set(unit.id, unit);
    this.unitSeq.set(unit.id, event.seq);
  }

  /** Positions another node accepted and broadcast: kept here too, so every node's fleet is current. */
  acceptRemotePositions(positions: readonly { unitId: string; position: UnitPosition }[]): void {
    for (const { unitId, position } of positions) this.accept(unitId, position, false);
  }

  /**
   * The unit as committed, read inside a work: on several nodes, another node may have changed
   * it a moment ago (this node's memory follows the log a little behind).
   */
  private async committed(id: string): Promise<Unit> {
    const unit = await this.log.store.getEntity<Unit>('unit', id);
    if (!unit) throw notFound(`unit ${id}`);
    return unit;
  }

  /** Calls `listener` for every position report accepted. */
  onPosition(listener: PositionListener): () => void {
    this.positionListeners.add(listener);
    return () => this.positionListeners.delete(listener);
  }

  /** The live units the principal sees, each with its latest position. */
  list(by: Principal): Unit[] {
    return this.listAll().filter((unit) => unit.exerciseId === null && maySeeUnit(by, unit, null));
  }

  /** Every unit, live and of exercises alike. */
  listAll(): Unit[] {
    return [...this.units.values()].map((unit) => ({
      ...unit,
      position: this.positions.get(unit.id) ?? unit.position,
    }));
  }

  /** The units of one exercise the principal sees (whoever runs it: all; a trainee: their sectors'). */
  listOfExercise(exerciseId: string, by: Principal): Unit[] {
    const members = this.roster.of(exerciseId);
    return this.listAll().filter((unit) => unit.exerciseId === exerciseId && maySeeUnit(by, unit, members));
  }

  /** The unit carrying a TAK device, by the device's CoT uid. */
  byTakUid(uid: string): Unit | undefined {
    for (const unit of this.units.values()) if (unit.takUid === uid) return unit;
    return undefined;
  }

  private get(id: string): Unit {
    const unit = this.units.get(id);
    if (!unit) throw notFound(`unit ${id}`);
    return unit;
  }

  /** Adds a unit to the fleet (demo seeding, an administrator). */
  register(
    unit: Omit<Unit, 'status' | 'incidentId'> & Partial<Pick<Unit, 'status'>>,
    actor: string,
  ): Promise<Unit> {
    return this.log.serialised(async () => {
      if (this.units.has(unit.id) || (await this.log.store.getEntity<Unit>('unit', unit.id)))
        throw new HttpError(409, 'conflict', `unit ${unit.id} exists`);
      const takOwner = unit.takUid === undefined ? undefined : this.byTakUid(unit.takUid);
      if (takOwner)
        throw new HttpError(
          409,
          'conflict',
          `TAK uid ${unit.takUid ?? ''} is already on unit ${takOwner.callSign}`,
        );
      const registered: Unit = { ...unit, status: unit.status ?? 'available', incidentId: null };
      await this.log.commit({
        id: orderedId(),
        type: 'unit.registered',
        at: this.now().toISOString(),
        actor,
        exerciseId: unit.exerciseId,
        sectors: [unit.sector],
        data: { unit: registered },
      });
      return registered;
    });
  }

  /** Assigns a unit to an incident, which moves to dispatched when its workflow allows. */
  assign(unitId: string, incidentId: string, by: Principal): Promise<{ unit: Unit; incident: Incident }> {
    return this.log.serialised(async () => {
      const unit = await this.committed(unitId);
      const current = await this.log.store.getIncident(incidentId);
      if (!current) throw notFound(`incident ${incidentId}`);
      const members = this.roster.of(current.exerciseId);
      if (!maySeeIncident(by, current, members))
        throw forbidden(`incident ${incidentId} belongs to sectors you do not see`);
      if (unit.exerciseId !== current.exerciseId) {
        throw forbidden(
          `unit ${unit.callSign} belongs to ${unit.exerciseId ?? 'the live picture'}, the incident to ${current.exerciseId ?? 'the live picture'}`,
        );
      }
      ensure(
        mayAssignUnit(by, unit, current, members),
        `you may not send unit ${unit.callSign} (${unit.sector}) to incident ${incidentId}: work the incident, and ask its sector for support first`,
      );
      if (unit.status !== 'available') {
        throw new HttpError(409, 'unit_busy', `unit ${unit.callSign} is ${unit.status}`, undefined, {
          current: unit,
        });
      }
      const at = this.now().toISOString();
      const canDispatch = transitionProblem(current.status, 'dispatched') === null;
      const incident: Incident = {
        ...current,
        status: canDispatch ? 'dispatched' : current.status,
        assignedUnitIds: unique([...current.assignedUnitIds, unit.id]),
        milestones:
          canDispatch && current.milestones.dispatchedAt === null
            ? { ...current.milestones, dispatchedAt: at }
            : current.milestones,
        version: current.version + 1,
        updatedAt: at,
      };
      const assigned: Unit = { ...unit, status: 'assigned', incidentId };
      await this.log.commit({
        id: orderedId(),
        type: 'unit.assigned',
        at,
        actor: personOf(by).actor,
        exerciseId: current.exerciseId,
        sectors: unique([...incident.involvedSectors, unit.sector]),
        data: { unit: assigned, incident },
      });
      return { unit: assigned, incident };
    });
  }

  /** Releases a unit from its incident; it becomes available. */
  release(unitId: string, by: Principal): Promise<{ unit: Unit; incident: Incident }> {
    return this.log.serialised(async () => {
      const unit = await this.committed(unitId);
      if (!unit.incidentId) {
        // With no incident to decide by, whoever commands the unit is told it is free already.
        ensure(
          mayCommandUnit(by, unit, this.roster.of(unit.exerciseId)),
          `unit ${unit.callSign} belongs to ${unit.sector}`,
        );
        throw new HttpError(409, 'not_assigned', `unit ${unit.callSign} is not assigned`);
      }
      const current = await this.log.store.getIncident(unit.incidentId);
      if (!current) throw notFound(`incident ${unit.incidentId}`);
      ensure(
        mayReleaseUnit(by, unit, current, this.roster.of(current.exerciseId)),
        `you do not work incident ${current.id}, which unit ${unit.callSign} is assigned to`,
      );
      const at = this.now().toISOString();
      const incident: Incident = {
        ...current,
        assignedUnitIds: current.assignedUnitIds.filter((id) => id !== unit.id),
        version: current.version + 1,
        updatedAt: at,
      };
      const released: Unit = { ...unit, status: 'available', incidentId: null };
      await this.log.commit({
        id: orderedId(),
        type: 'unit.released',
        at,
        actor: personOf(by).actor,
        exerciseId: current.exerciseId,
        sectors: unique([...incident.involvedSectors, unit.sector]),
        data: { unit: released, incident },
      });
      return { unit: released, incident };
    });
  }

  /** Changes a unit's own status (en route, on scene, out of service, available). */
  setStatus(unitId: string, status: UnitStatus, reason: string | undefined, by: Principal): Promise<Unit> {
    return this.log.serialised(async () => {
      const unit = await this.committed(unitId);
      ensure(
        mayCommandUnit(by, unit, this.roster.of(unit.exerciseId)),
        `unit ${unit.callSign} belongs to ${unit.sector}${unit.exerciseId === null ? '' : ` in exercise ${unit.exerciseId}`}`,
      );
      if (status === unit.status) return unit;
      const isFree = status === 'available' || status === 'out_of_service';
      if (isFree && unit.incidentId) {
        throw new HttpError(409, 'still_assigned', `release unit ${unit.callSign} from its incident first`);
      }
      const updated: Unit = { ...unit, status };
      await this.log.commit({
        id: orderedId(),
        type: 'unit.updated',
        at: this.now().toISOString(),
        actor: personOf(by).actor,
        exerciseId: unit.exerciseId,
        sectors: [unit.sector],
        data: { unit: updated, reason: reason ?? null },
      });
      return updated;
    });
  }

  /**
   * Accepts a position report from outside (a tracker's key, a commander's console): only for a
   * unit the caller may move, and only with a fix taken near the server's clock, so a bad clock
   * or a forged `at` cannot pin a unit in place (later real fixes would look older).
   */
  reportPositionAs(by: Principal, unitId: string, position: UnitPosition): void {
    const unit = this.get(unitId);
    ensure(
      mayMoveUnit(by, unit),
      `you may not move unit ${unit.callSign}: positions come from a tracker key of ${unit.sector}, or a commander`,
    );
    const nowMs = this.now().getTime();
    const atMs = Date.parse(position.at);
    if (atMs > nowMs + POSITION_MAX_AHEAD_MS || atMs < nowMs - POSITION_MAX_AGE_MS) {
      const limit = `within ${POSITION_MAX_AHEAD_MS / 1000} s ahead of and ${POSITION_MAX_AGE_MS / 60_000} min behind the server's clock (${new Date(nowMs).toISOString()})`;
      throw new HttpError(400, 'bad_request', `invalid body: at must lie ${limit}`, [
        { path: 'body.at', message: `must lie ${limit}` },
      ]);
    }
    this.reportPosition(unitId, position);
  }

  /** Accepts a position report (from a vehicle's tracker or the demo); lossy, never logged. */
  reportPosition(unitId: string, position: UnitPosition): void {
    this.accept(unitId, position, true);
  }

  private accept(unitId: string, position: UnitPosition, isLocal: boolean): void {
    const unit = this.units.get(unitId);
    // A unit registered on another node a moment ago: its position waits for its registration.
    if (!unit) {
      if (isLocal) throw notFound(`unit ${unitId}`);
      return;
    }
    const last = this.positions.get(unitId);
    // An older fix arrived late; a fix saved from the future (before fixes were bounded) never blocks.
    const lastMs = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
    if (lastMs > Date.parse(position.at) && lastMs <= this.now().getTime() + POSITION_MAX_AHEAD_MS) return;
    this.positions.set(unitId, position);
    this.dirty.add(unitId);
    for (const listener of this.positionListeners) listener(unitId, position, unit, isLocal);
  }

  /** Saves the positions changed since the last save. */
  async savePositions(): Promise<void> {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty = new Set();
    await this.log.store.savePositions(
      ids.flatMap((unitId) => {
        const position = this.positions.get(unitId);
        return position ? [{ unitId, position }] : [];
      }),
    );
  }
}
