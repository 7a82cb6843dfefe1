import { IncidentSchema, UnitSchema, type UnitStatus } from '@mirsad/shared';
import { useMutation } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';

/*
 * Unit changes are left to the realtime module: a unit has no version, so an answer written
 * into the cache after a later event (another officer released it a moment later) would undo
 * that event. The event of this change arrives within moments with its sequence number.
 */

/** Sends a unit to an incident (`POST /api/units/:id/assign`); the incident moves to dispatched when it may. */
export function useAssignUnitMutation() {
  return useMutation({
    mutationFn: ({ unitId, incidentId }: { unitId: string; incidentId: string }) =>
      requestJson(`/api/units/${encodeURIComponent(unitId)}/assign`, fieldOf('incident', IncidentSchema), {
        method: 'POST',
        body: { incidentId },
      }),
  });
}

/** Frees a unit from its incident (`POST /api/units/:id/release`). */
export function useReleaseUnitMutation() {
  return useMutation({
    mutationFn: (unitId: string) =>
      requestJson(`/api/units/${encodeURIComponent(unitId)}/release`, fieldOf('unit', UnitSchema), {
        method: 'POST',
      }),
  });
}

/** Changes a unit's status, such as out of service (`PATCH /api/units/:id`). */
export function useUpdateUnitMutation() {
  return useMutation({
    mutationFn: ({ unitId, status, reason }: { unitId: string; status: UnitStatus; reason?: string }) =>
      requestJson(`/api/units/${encodeURIComponent(unitId)}`, UnitSchema, {
        method: 'PATCH',
        body: reason === undefined ? { status } : { status, reason },
      }),
  });
}
