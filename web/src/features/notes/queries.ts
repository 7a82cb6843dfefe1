import { NoteSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId } from '../../realtime/exerciseMode.js';

/** An incident's log of notes, oldest first; `note.added` events append to it live. */
export const noteQueries = {
  all: () => ['notes', { exercise: currentExerciseId() }] as const,
  of: (incidentId: string) =>
    queryOptions({
      queryKey: [...noteQueries.all(), incidentId] as const,
      queryFn: ({ signal }) =>
        requestJson(
          `/api/incidents/${encodeURIComponent(incidentId)}/notes`,
          fieldOf('notes', NoteSchema.array()),
          { signal },
        ),
      // Live from events while held; fetched again only after it was dropped.
      staleTime: Infinity,
      gcTime: 5 * 60_000,
    }),
};
