import { create } from 'zustand';

/**
 * A request for the map to fly to an incident, from outside the map (the list). The nonce
 * makes a second click on the same incident fly again after the officer panned away.
 */
export interface FocusRequest {
  incidentId: string;
  nonce: number;
}

/** The map's optional layers. */
export type MapLayerId = 'units' | 'shelters' | 'facilities';

/** The map's UI state that other parts of the page set. */
export interface MapViewState {
  focus: FocusRequest | null;
  /** Which optional layers are drawn. Facilities start hidden: they are reference, not news. */
  layers: Readonly<Record<MapLayerId, boolean>>;
}

/** The map's UI state: focus requests and layer toggles. */
export const useMapStore = create<MapViewState>()(() => ({
  focus: null,
  layers: { units: true, shelters: true, facilities: false },
}));

/** Asks the map to fly to an incident. */
export function focusIncident(incidentId: string): void {
  useMapStore.setState(({ focus }) => ({ focus: { incidentId, nonce: (focus?.nonce ?? 0) + 1 } }));
}

/** Shows a hidden layer or hides a shown one. */
export function toggleLayer(layer: MapLayerId): void {
  useMapStore.setState(({ layers }) => ({ layers: { ...layers, [layer]: !layers[layer] } }));
}
