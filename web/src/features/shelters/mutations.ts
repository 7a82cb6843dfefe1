import { ShelterSchema, type Shelter } from '@mirsad/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiRequestError, requestJson } from '../../api/http.js';
import { currentExerciseId } from '../../realtime/exerciseMode.js';
import { shelterQueries } from './queries.js';

/** Keeps a shelter the server returned, unless the cache already holds a later version. */
function rememberShelter(queryClient: QueryClient, shelter: Shelter): void {
  queryClient.setQueryData(shelterQueries.list().queryKey, (held) => {
    if (!held) return held;
    const current = held.find((candidate) => candidate.id === shelter.id);
    if (current && current.version >= shelter.version) return held;
    return [...held.filter((candidate) => candidate.id !== shelter.id), shelter];
  });
}

/** The body of `POST /api/shelters`: a gazetteer site, or a name, place and capacity. */
export interface NewShelterInput {
  facilityId?: string;
  name?: string;
  location?: { type: 'Point'; coordinates: [number, number] };
  capacity?: number;
  occupancy?: number;
  needs?: string[];
}

/** Opens a shelter (`POST /api/shelters`), inside the page's exercise when it shows one. */
export function useOpenShelterMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewShelterInput) => {
      const exerciseId = currentExerciseId();
      const body = exerciseId === null ? input : { ...input, exerciseId };
      return requestJson('/api/shelters', ShelterSchema, { method: 'POST', body });
    },
    onSuccess: (shelter) => {
      rememberShelter(queryClient, shelter);
    },
  });
}

/** The changes of `PATCH /api/shelters/:id`, made against the version the form was read at. */
export interface ShelterPatchInput {
  version: number;
  occupancy?: number;
  capacity?: number;
  needs?: string[];
  status?: Shelter['status'];
}

/** The shelter a 409 answer carries, when a change was made against an old version. */
export function shelterConflictCurrent(error: unknown): Shelter | null {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return null;
  const raw = error.rawBody;
  if (typeof raw !== 'object' || raw === null || !('current' in raw)) return null;
  const parsed = ShelterSchema.safeParse(raw.current);
  return parsed.success ? parsed.data : null;
}

/** Updates a shelter's occupancy, needs or status (`PATCH /api/shelters/:id`). */
export function useUpdateShelterMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ShelterPatchInput }) =>
      requestJson(`/api/shelters/${encodeURIComponent(id)}`, ShelterSchema, { method: 'PATCH', body: patch }),
    onSuccess: (shelter) => {
      rememberShelter(queryClient, shelter);
    },
    onError: (error) => {
      const current = shelterConflictCurrent(error);
      if (current) rememberShelter(queryClient, current);
    },
  });
}
