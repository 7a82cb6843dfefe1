import { randomUUID } from 'node:crypto';
import {
  transitionProblem,
  type Incident,
  type MirsadEvent,
  type Principal,
  type Unit,
  type UnitPosition,
  type UnitStatus,
} from '@mirsad/shared';
import { canSeeIncident, forbidden, requireWork, visibleSectors } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { personOf } from '../incidents/incident.service.js';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Told of each accepted position report. */
export type PositionListener = (unitId: string, position: UnitPosition, unit: Unit) => void;

/**
 * Units in the field: durable assignments and status changes through the log; positions kept
 * in memory (lossy by design) and broadcast by the gateway, saved now and then for restarts.
 */
export class UnitService {
  private readonly positions = new Map<string, UnitPosition>();
  private readonly units = new Map<string, Unit>();
  private readonly positionListeners = new Set<PositionListener>();
  private dirty = new Set<string>();

  constructor(
    private readonly log: EventLog,
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

  /** Calls `listener` for every position report accepted. */
  onPosition(listener: PositionListener): () => void {
    this.positionListeners.add(listener);
    return () => this.positionListeners.delete(listener);
  }

  /** The units the principal sees, each with its latest position. */
  list(by: Principal): Unit[] {
    const sectors = visibleSectors(by);
    return [...this.units.values()]
      .filter((unit) => unit.exerciseId === null && sectors.includes(unit.sector))
      .map((unit) => ({ ...unit, position: this.positions.get(unit.id) ?? unit.position }));
  }

  /** Every unit, live and of exercises alike. */
  listAll(): Unit[] {
    return [...this.units.values()].map((unit) => ({
      ...unit,
      position: this.positions.get(unit.id) ?? unit.position,
    }));
  }

  /** The units of one exercise, each with its latest position. */
  listOfExercise(exerciseId: string): Unit[] {
    return this.listAll().filter((unit) => unit.exerciseId === exerciseId);
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
      if (this.units.has(unit.id)) throw new HttpError(409, 'conflict', `unit ${unit.id} exists`);
      const registered: Unit = { ...unit, status: unit.status ?? 'available', incidentId: null };
      await this.log.commit({
        id: randomUUID(),
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
      const unit = this.get(unitId);
      const current = await this.log.store.getIncident(incidentId);
      if (!current) throw notFound(`incident ${incidentId}`);
      if (!canSeeIncident(by, current))
        throw forbidden(`incident ${incidentId} belongs to sectors you do not see`);
      requireWork(by, current);
      if (
        by.role !== 'commander' &&
        !by.sectors.includes(unit.sector) &&
        !current.involvedSectors.includes(unit.sector)
      ) {
        throw forbidden(
          `unit ${unit.callSign} belongs to ${unit.sector}, which is not in this incident: ask for support first`,
        );
      }
      if (unit.exerciseId !== current.exerciseId) {
        throw forbidden(
          `unit ${unit.callSign} belongs to ${unit.exerciseId ?? 'the live picture'}, the incident to ${current.exerciseId ?? 'the live picture'}`,
        );
      }
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
        id: randomUUID(),
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
      const unit = this.get(unitId);
      if (!unit.incidentId) throw new HttpError(409, 'not_assigned', `unit ${unit.callSign} is not assigned`);
      const current = await this.log.store.getIncident(unit.incidentId);
      if (!current) throw notFound(`incident ${unit.incidentId}`);
      requireWork(by, current);
      const at = this.now().toISOString();
      const incident: Incident = {
        ...current,
        assignedUnitIds: current.assignedUnitIds.filter((id) => id !== unit.id),
        version: current.version + 1,
        updatedAt: at,
      };
      const released: Unit = { ...unit, status: 'available', incidentId: null };
      await this.log.commit({
        id: randomUUID(),
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
      const unit = this.get(unitId);
      if (by.role !== 'commander' && !(by.role === 'officer' && by.sectors.includes(unit.sector))) {
        throw forbidden(`unit ${unit.callSign} belongs to ${unit.sector}`);
      }
      if (status === unit.status) return unit;
      const isFree = status === 'available' || status === 'out_of_service';
      if (isFree && unit.incidentId) {
        throw new HttpError(409, 'still_assigned', `release unit ${unit.callSign} from its incident first`);
      }
      const updated: Unit = { ...unit, status };
      await this.log.commit({
        id: randomUUID(),
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

  /** Accepts a position report (from a vehicle's tracker or the demo); lossy, never logged. */
  reportPosition(unitId: string, position: UnitPosition): void {
    const unit = this.get(unitId);
    const last = this.positions.get(unitId);
    if (last && Date.parse(last.at) > Date.parse(position.at)) return; // an older fix arrived late
    this.positions.set(unitId, position);
    this.dirty.add(unitId);
    for (const listener of this.positionListeners) listener(unitId, position, unit);
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
