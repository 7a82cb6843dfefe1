import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { trainingQueries } from './queries.js';
import type { ActorName } from './ExpectationTable.js';

/** Names people by the trainee list (`user:traffic` → Traffic Officer); the raw actor otherwise. */
export function useActorName(): ActorName {
  const { data } = useQuery(trainingQueries.trainees());
  return useCallback(
    (actor: string) => {
      const username = actor.startsWith('user:') ? actor.slice(5) : actor;
      return data?.find((trainee) => trainee.username === username)?.displayName ?? username;
    },
    [data],
  );
}
