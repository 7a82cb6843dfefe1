import {
  IncidentSchema,
  WarningSchema,
  type NewWarning,
  type Warning,
  type WarningCancel,
  type WarningUpdate,
} from '@mirsad/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { currentExerciseId } from '../../realtime/exerciseMode.js';
import { selectIncident } from '../incidents/store.js';
import { focusIncident } from '../map/store.js';
import { rememberWarning } from './fold.js';
import { warningQueries } from './queries.js';

/** Keeps every warning an answer carries (a new Update's draft, the one it replaces…). */
function useRemember() {
  const queryClient = useQueryClient();
  return (warning: Warning) => {
    queryClient.setQueryData(warningQueries.list().queryKey, (held) =>
      held ? rememberWarning(held, warning) : held,
    );
  };
}

/** Inside the page's exercise when it shows one: its drafts stay out of the live log. */
function inPageExercise<T extends object>(body: T): T & { exerciseId?: string } {
  const exerciseId = currentExerciseId();
  return exerciseId === null ? body : { ...body, exerciseId };
}

/** Drafts a warning (`POST /api/warnings`): it waits for a second commander. */
export function useDraftWarningMutation() {
  const remember = useRemember();
  return useMutation({
    mutationFn: (body: NewWarning) =>
      requestJson('/api/warnings', WarningSchema, { method: 'POST', body: inPageExercise(body) }),
    onSuccess: remember,
  });
}

/** Drafts a CAP Update of an issued warning (`POST /api/warnings/:id/update`). */
export function useUpdateWarningMutation() {
  const remember = useRemember();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: WarningUpdate }) =>
      requestJson(`/api/warnings/${encodeURIComponent(id)}/update`, WarningSchema, {
        method: 'POST',
        body: inPageExercise(body),
      }),
    onSuccess: remember,
  });
}

/** Approves a draft (`POST /api/warnings/:id/approve`): issued, public, and sent as CAP. */
export function useApproveWarningMutation() {
  const remember = useRemember();
  return useMutation({
    mutationFn: (id: string) =>
      requestJson(`/api/warnings/${encodeURIComponent(id)}/approve`, WarningSchema, {
        method: 'POST',
        body: {},
      }),
    onSuccess: remember,
  });
}

/** Withdraws a draft, or drafts a CAP Cancel of an issued warning (`POST /api/warnings/:id/cancel`). */
export function useCancelWarningMutation() {
  const remember = useRemember();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: WarningCancel }) =>
      requestJson(`/api/warnings/${encodeURIComponent(id)}/cancel`, WarningSchema, { method: 'POST', body }),
    onSuccess: remember,
  });
}

/** Turns a warning in force into an operations incident on its area (`POST /api/warnings/:id/incident`), once. */
export function useIncidentFromWarningMutation() {
  return useMutation({
    mutationFn: (id: string) =>
      requestJson(`/api/warnings/${encodeURIComponent(id)}/incident`, IncidentSchema, {
        method: 'POST',
        body: {},
      }),
    onSuccess: (incident) => {
      // The incident reaches the picture through the log; the panel opens it at once.
      selectIncident(incident.id);
      focusIncident(incident.id);
    },
  });
}
