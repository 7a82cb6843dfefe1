import type { PresenceEntry } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { currentExerciseId } from '../../realtime/exerciseMode.js';

const NOBODY: PresenceEntry[] = [];

/**
 * Who is in this connection's rooms. There is no HTTP endpoint: the realtime module writes
 * each `presence.changed` here, and the query starts empty until the first one.
 */
export const presenceQueries = {
  all: () => ['presence', { exercise: currentExerciseId() }] as const,
  current: () =>
    queryOptions({
      queryKey: [...presenceQueries.all(), 'current'] as const,
      queryFn: () => NOBODY,
      initialData: NOBODY,
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
