import { create } from 'zustand';

/**
 * A request for the map to fly to an incident, from outside the map (the list). The nonce
 * makes a second click on the same incident fly again after the officer panned away.
 */
export interface FocusRequest {
  incidentId: string;
  nonce: number;
}

/** The map's UI state that other parts of the page set. */
export const useMapStore = create<{ focus: FocusRequest | null }>()(() => ({ focus: null }));

/** Asks the map to fly to an incident. */
export function focusIncident(incidentId: string): void {
  useMapStore.setState(({ focus }) => ({ focus: { incidentId, nonce: (focus?.nonce ?? 0) + 1 } }));
}
