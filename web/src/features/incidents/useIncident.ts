import type { Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { incidentQueries } from './queries.js';

/**
 * One incident: from the live picture while it is there, else fetched on its own (closed,
 * cancelled or merged while looked at, or outside this room). Null id gives nothing.
 */
export function useIncident(id: string | null) {
  const { data: fromPicture } = useQuery({
    ...incidentQueries.picture(),
    select: (picture) => (id === null ? undefined : picture.get(id)),
  });
  const detail = useQuery({
    ...incidentQueries.detail(id ?? ''),
    enabled: id !== null && fromPicture === undefined,
  });
  const incident: Incident | undefined = id === null ? undefined : (fromPicture ?? detail.data);
  return { incident, isError: detail.isError, isPending: incident === undefined && !detail.isError };
}
