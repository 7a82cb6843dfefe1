import { IncidentSchema, LinkSchema } from '@mirsad/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { linkQueries } from './queries.js';

/** Takes a decided link out of the open proposals: a decision is final, so no event can bring it back. */
function forgetLink(queryClient: QueryClient, linkId: string): void {
  queryClient.setQueryData(linkQueries.proposed().queryKey, (held) =>
    held?.filter((link) => link.id !== linkId),
  );
}

/** Merges the two reports of a link into one incident (`POST /api/links/:id/merge`). */
export function useMergeLinkMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ linkId, survivorId }: { linkId: string; survivorId?: string }) =>
      requestJson(`/api/links/${encodeURIComponent(linkId)}/merge`, fieldOf('survivor', IncidentSchema), {
        method: 'POST',
        body: survivorId === undefined ? {} : { survivorId },
      }),
    onSuccess: (_survivor, { linkId }) => {
      forgetLink(queryClient, linkId);
    },
  });
}

/** Keeps the two reports of a link apart (`POST /api/links/:id/dismiss`). */
export function useDismissLinkMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      requestJson(`/api/links/${encodeURIComponent(linkId)}/dismiss`, LinkSchema, { method: 'POST' }),
    onSuccess: (link) => {
      forgetLink(queryClient, link.id);
    },
  });
}
