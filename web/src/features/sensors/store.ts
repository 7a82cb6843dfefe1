import { create } from 'zustand';

/** The field layers a room can switch: drones (with footprints and tracks) and thermal detections. */
export type SensorLayerId = 'drones' | 'detections';

/** The sensor layers' switches: UI state only. */
export const useSensorLayerStore = create<Readonly<Record<SensorLayerId, boolean>>>()(() => ({
  drones: true,
  detections: true,
}));

/** Shows a hidden sensor layer or hides a shown one. */
export function toggleSensorLayer(layer: SensorLayerId): void {
  useSensorLayerStore.setState((layers) => ({ [layer]: !layers[layer] }));
}
