import type { Shelter } from '@mirsad/shared';

/** How full a shelter is, for its colour on the map and the board. */
export type ShelterLoad = 'low' | 'high' | 'full' | 'closed';

/** Share of capacity from which a shelter counts as nearly full. */
export const SHELTER_HIGH_LOAD = 0.8;

/** The load of a shelter: full at capacity or when marked so, high from 80 %. */
export function shelterLoad(shelter: Pick<Shelter, 'status' | 'occupancy' | 'capacity'>): ShelterLoad {
  if (shelter.status === 'closed') return 'closed';
  if (shelter.status === 'full' || shelter.occupancy >= shelter.capacity) return 'full';
  return shelter.occupancy >= SHELTER_HIGH_LOAD * shelter.capacity ? 'high' : 'low';
}
