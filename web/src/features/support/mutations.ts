import { SupportRequestSchema, type SectorId, type SupportRequest } from '@mirsad/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { supportQueries } from './queries.js';

/** Puts a request the server returned into the list; answers are final, so a later event cannot be undone. */
function rememberRequest(queryClient: QueryClient, request: SupportRequest): void {
  queryClient.setQueryData(supportQueries.list().queryKey, (held) => {
    if (!held) return held;
    const current = held.find((candidate) => candidate.id === request.id);
    if (current && current.status !== 'pending') return held;
    return [...held.filter((candidate) => candidate.id !== request.id), request];
  });
}

/** The body of a support request. */
export interface SupportRequestInput {
  incidentId: string;
  toSector: SectorId;
  request: string;
  fromSector?: SectorId;
}

/** Asks another sector for help on an incident (`POST /api/incidents/:id/support-requests`). */
export function useRequestSupportMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ incidentId, ...body }: SupportRequestInput) =>
      requestJson(`/api/incidents/${encodeURIComponent(incidentId)}/support-requests`, SupportRequestSchema, {
        method: 'POST',
        body,
      }),
    onSuccess: (request) => {
      rememberRequest(queryClient, request);
    },
  });
}

/** Accepts or declines a request addressed to one's sector (`POST /api/support-requests/:id/accept|decline`). */
export function useAnswerSupportMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, answer }: { id: string; decision: 'accept' | 'decline'; answer?: string }) =>
      requestJson(`/api/support-requests/${encodeURIComponent(id)}/${decision}`, SupportRequestSchema, {
        method: 'POST',
        body: answer === undefined || answer.trim() === '' ? {} : { answer: answer.trim() },
      }),
    onSuccess: (request) => {
      rememberRequest(queryClient, request);
    },
  });
}
