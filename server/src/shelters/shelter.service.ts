import { orderedId } from '../store/ordered-id.js';
import type { z } from 'zod';
import {
  SECTOR_IDS,
  mayRunShelters,
  maySeeShelter,
  standingIn,
  type Facility,
  type NewShelterSchema,
  type Principal,
  type Shelter,
  type ShelterPatchSchema,
} from '@mirsad/shared';
import { ensure, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { personOf } from '../incidents/incident.service.js';

/** Temporary shelters: opened, filled and closed by officers; every room sees the board. */
export class ShelterService {
  constructor(
    private readonly log: EventLog,
    private readonly facilities: readonly Facility[],
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private requireOperator(by: Principal, exerciseId: string | null): void {
    ensure(
      mayRunShelters(by, exerciseId, this.roster.of(exerciseId)),
      exerciseId === null
        ? 'only officers and commanders run shelters'
        : `only officers and commanders taking part in exercise ${exerciseId} run its shelters`,
    );
  }

  /** The shelters of the live picture (or of an exercise) the principal sees, open ones first. */
  async list(by: Principal, exerciseId: string | null = null): Promise<Shelter[]> {
    const members = this.roster.of(exerciseId);
    ensure(standingIn(by, exerciseId, members) !== 'outside', `you are not in exercise ${exerciseId ?? ''}`);
    return (await this.all(exerciseId)).filter((shelter) => maySeeShelter(by, shelter, members));
  }

  private async all(exerciseId: string | null): Promise<Shelter[]> {
    const all = await this.log.store.listEntities<Shelter>('shelter', exerciseId);
    return all.sort((a, b) => Number(a.status === 'closed') - Number(b.status === 'closed'));
  }

  /** Opens a shelter at a gazetteer site or a place of its own. */
  open(input: z.infer<typeof NewShelterSchema>, by: Principal): Promise<Shelter> {
    const exerciseId = input.exerciseId ?? null;
    this.requireOperator(by, exerciseId);
    return this.log.serialised(async () => {
      const site =
        input.facilityId === undefined ? undefined : this.facilities.find((f) => f.id === input.facilityId);
      if (input.facilityId !== undefined && site?.kind !== 'shelter-site') {
        throw new HttpError(
          400,
          'bad_request',
          `invalid body: ${input.facilityId} is not a shelter site of the gazetteer`,
          [{ path: 'body.facilityId', message: 'not a shelter site (GET /api/facilities lists them)' }],
        );
      }
      const open = await this.all(exerciseId);
      if (site && open.some((s) => s.facilityId === site.id && s.status !== 'closed')) {
        throw new HttpError(409, 'conflict', `a shelter is already open at ${site.name.en}`);
      }
      const at = this.now().toISOString();
      const capacity = input.capacity ?? site?.shelterCapacity ?? 1;
      const shelter: Shelter = {
        id: orderedId(),
        facilityId: site?.id ?? null,
        name: input.name ?? (site ? `${site.name.ar} — ${site.name.en}` : 'Shelter'),
        location: input.location ?? site?.location ?? { type: 'Point', coordinates: [47.98, 29.37] },
        capacity,
        occupancy: input.occupancy,
        needs: input.needs,
        status: input.occupancy >= capacity ? 'full' : 'open',
        openedAt: at,
        openedBy: personOf(by),
        updatedAt: at,
        version: 1,
        exerciseId,
      };
      await this.commit('shelter.opened', shelter, by, at);
      return shelter;
    });
  }

  /** Updates occupancy, needs, capacity or status, against the version it was read at. */
  update(id: string, patch: z.infer<typeof ShelterPatchSchema>, by: Principal): Promise<Shelter> {
    return this.log.serialised(async () => {
      const current = await this.log.store.getEntity<Shelter>('shelter', id);
      if (!current) throw notFound(`shelter ${id}`);
      this.requireOperator(by, current.exerciseId);
      if (current.version !== patch.version) {
        throw new HttpError(
          409,
          'version_conflict',
          `shelter ${id} is at version ${current.version}, not ${patch.version}`,
          undefined,
          {
            current,
          },
        );
      }
      if (current.status === 'closed' && patch.status !== 'open') {
        throw new HttpError(409, 'closed', 'this shelter is closed: reopen it first');
      }
      const at = this.now().toISOString();
      const capacity = patch.capacity ?? current.capacity;
      const occupancy = patch.occupancy ?? current.occupancy;
      const status = patch.status === 'closed' ? 'closed' : occupancy >= capacity ? 'full' : 'open';
      const shelter: Shelter = {
        ...current,
        capacity,
        occupancy,
        needs: patch.needs ?? current.needs,
        status,
        version: current.version + 1,
        updatedAt: at,
      };
      await this.commit(status === 'closed' ? 'shelter.closed' : 'shelter.updated', shelter, by, at);
      return shelter;
    });
  }

  private async commit(
    type: 'shelter.opened' | 'shelter.updated' | 'shelter.closed',
    shelter: Shelter,
    by: Principal,
    at: string,
  ): Promise<void> {
    await this.log.commit({
      id: orderedId(),
      type,
      at,
      actor: personOf(by).actor,
      exerciseId: shelter.exerciseId,
      // The shelter board is the whole room's: every sector sees it.
      sectors: [...SECTOR_IDS],
      data: { shelter },
    });
  }
}
