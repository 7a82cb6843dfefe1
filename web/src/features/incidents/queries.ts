import { IncidentSchema, MirsadEventSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../../api/http.js';
import { currentExerciseId, inPageScope } from '../../realtime/exerciseMode.js';
import { Picture } from '../../realtime/picture.js';
import { requestPicture } from './requestPicture.js';

/**
 * The scope of the picture this client holds: incidents that still need attention. Closed and
 * cancelled incidents leave the picture as their events arrive (see `realtime/picture.ts`),
 * so the cache always equals what `GET /api/incidents?scope=active` would answer at its `seq`,
 * and a wall display left running for weeks does not grow with the history.
 */
export const PICTURE_SCOPE = 'active';

/** Query keys and options for incidents; the realtime module writes into the same keys. */
export const incidentQueries = {
  /** Every key names the page's exercise (null for live): the two pictures never share a cache entry. */
  all: () => ['incidents', { exercise: currentExerciseId() }] as const,
  /**
   * The live picture. It is fetched once; afterwards only the realtime module changes it, by
   * folding socket events in, so it never goes stale and is never refetched behind its back
   * (a refetch could land a picture older than the events already applied). Held normalized,
   * by id (see `Picture`), so that one event touches one entry.
   */
  picture: () =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'picture', { scope: PICTURE_SCOPE }] as const,
      // Parsed and validated in a worker: see `requestPicture`.
      queryFn: async ({ signal }) =>
        Picture.from(await requestPicture(inPageScope(`/api/incidents?scope=${PICTURE_SCOPE}`), signal)),
      // Never stale, so focus and reconnect refetch nothing either; never collected.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  /** One incident, for one that is not (or no longer) in the active picture. */
  detail: (id: string) =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) =>
        requestJson(`/api/incidents/${encodeURIComponent(id)}`, IncidentSchema, { signal }),
      staleTime: 30_000,
    }),
  /** One incident's timeline, oldest first; the realtime module appends its new events while held. */
  events: (id: string) =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'events', id] as const,
      queryFn: ({ signal }) =>
        requestJson(
          `/api/incidents/${encodeURIComponent(id)}/events`,
          fieldOf('events', MirsadEventSchema.array()),
          { signal },
        ),
      staleTime: Infinity,
      gcTime: 60_000,
    }),
};
