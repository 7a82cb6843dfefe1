import { IncidentSchema, type Incident, type IncidentPatch, type NewIncident } from '@mirsad/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiRequestError, requestJson } from '../../api/http.js';
import { incidentQueries } from './queries.js';

/**
 * Keeps the detail cache of an incident the server just returned. The picture is left to the
 * realtime module: the change's event arrives on the socket within moments and carries its
 * sequence number, which a direct write here could not, and a late HTTP answer written into
 * the picture could bring back an incident a later event had closed.
 */
function rememberIncident(queryClient: QueryClient, incident: Incident): void {
  const key = incidentQueries.detail(incident.id).queryKey;
  const held = queryClient.getQueryData(key);
  if (!held || held.version < incident.version) queryClient.setQueryData(key, incident);
}

/** Reports a new incident (`POST /api/incidents`). */
export function useReportIncidentMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (report: NewIncident) =>
      requestJson('/api/incidents', IncidentSchema, { method: 'POST', body: report }),
    onSuccess: (incident) => {
      rememberIncident(queryClient, incident);
    },
  });
}

/** The current incident a 409 answer carries, when a PATCH was made against an old version. */
export function conflictCurrent(error: unknown): Incident | null {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return null;
  const raw = error.rawBody;
  if (typeof raw !== 'object' || raw === null || !('current' in raw)) return null;
  const parsed = IncidentSchema.safeParse(raw.current);
  return parsed.success ? parsed.data : null;
}

/**
 * Changes an incident (`PATCH /api/incidents/:id`). On a version conflict the server's current
 * incident goes into the detail cache, so the form can show what changed and try again.
 */
export function useUpdateIncidentMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: IncidentPatch }) =>
      requestJson(`/api/incidents/${encodeURIComponent(id)}`, IncidentSchema, {
        method: 'PATCH',
        body: patch,
      }),
    onSuccess: (incident) => {
      rememberIncident(queryClient, incident);
    },
    onError: (error) => {
      const current = conflictCurrent(error);
      if (current) rememberIncident(queryClient, current);
    },
  });
}
