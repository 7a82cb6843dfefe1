import { NoteSchema } from '@mirsad/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';
import { appendNotes } from '../../realtime/room.js';
import { noteQueries } from './queries.js';

/**
 * Adds a line to an incident's log (`POST /api/incidents/:id/notes`). The note goes into the
 * log at once; its `note.added` event, arriving a moment later, is recognised by its id.
 */
export function useAddNoteMutation(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      requestJson(`/api/incidents/${encodeURIComponent(incidentId)}/notes`, NoteSchema, {
        method: 'POST',
        body: { text },
      }),
    onSuccess: (note) => {
      queryClient.setQueryData(noteQueries.of(incidentId).queryKey, (held) =>
        held ? appendNotes(held, [note]) : held,
      );
    },
  });
}
