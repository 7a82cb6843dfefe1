import { create } from 'zustand';

/**
 * A request for the map to fly to an incident, from outside the map (the list). The nonce
 * makes a second click on the same incident fly again after the officer panned away.
 */
export interface FocusRequest {
  incidentId: string;
  nonce: number;
}

/**
 * The map's optional layers. `series`, `hotspots` and `forecast` are pattern watch's
 * (features/patterns): crime series found by the scan, emerging hot spot cells, and the cells
 * of highest risk in the next 24 hours.
 */
export type MapLayerId = 'units' | 'shelters' | 'facilities' | 'series' | 'hotspots' | 'forecast';

/**
 * Which optional layers are drawn when a page opens. Facilities start hidden: they are
 * reference, not news; so does the forecast, which is for planning patrols rather than watching.
 */
export const DEFAULT_LAYERS: Readonly<Record<MapLayerId, boolean>> = {
  units: true,
  shelters: true,
  facilities: false,
  series: true,
  hotspots: true,
  forecast: false,
};

/** The map's UI state that other parts of the page set. */
export interface MapViewState {
  focus: FocusRequest | null;
  /** Which optional layers are drawn. */
  layers: Readonly<Record<MapLayerId, boolean>>;
}

/** The map's UI state: focus requests and layer toggles. */
export const useMapStore = create<MapViewState>()(() => ({
  focus: null,
  layers: DEFAULT_LAYERS,
}));

/** Asks the map to fly to an incident. */
export function focusIncident(incidentId: string): void {
  useMapStore.setState(({ focus }) => ({ focus: { incidentId, nonce: (focus?.nonce ?? 0) + 1 } }));
}

/** Shows a hidden layer or hides a shown one. */
export function toggleLayer(layer: MapLayerId): void {
  useMapStore.setState(({ layers }) => ({ layers: { ...layers, [layer]: !layers[layer] } }));
}
