import { DetectionHistorySchema, DroneStateSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';
import { applyDroneStates, EMPTY_FLEET } from './droneFeatures.js';

/**
 * The drones the caller sees and the thermal history of incidents. The drones are read once;
 * afterwards the realtime module folds each `drones.moved` batch in (and reads them again
 * after a reconnect); an incident's detections follow `detection.recorded` events.
 */
export const sensorQueries = {
  all: () => ['sensors', { exercise: currentExerciseId() }] as const,
  drones: () =>
    queryOptions({
      queryKey: [...sensorQueries.all(), 'drones'] as const,
      queryFn: async ({ signal }) =>
        applyDroneStates(
          EMPTY_FLEET,
          await requestJson(inPageScope('/api/sensors/drones'), fieldOf('drones', DroneStateSchema.array()), {
            signal,
          }),
        ),
      staleTime: Infinity,
      gcTime: Infinity,
      // Maps are not shared structurally: each fold returns the same fleet when nothing changed.
      structuralSharing: false,
    }),
  detections: (incidentId: string) =>
    queryOptions({
      queryKey: [...sensorQueries.all(), 'detections', incidentId] as const,
      queryFn: async ({ signal }) =>
        (
          await requestJson(
            `/api/incidents/${encodeURIComponent(incidentId)}/detections`,
            DetectionHistorySchema,
            { signal },
          )
        ).detections,
      staleTime: Infinity,
    }),
};

/** Whether an incident was reported by a thermal camera (its source is `thermal:<cameraId>`). */
export function isThermalSource(source: string): boolean {
  return source.startsWith('thermal:');
}
