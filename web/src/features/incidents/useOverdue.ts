import { DEFAULT_RESPONSE_TARGETS, type Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { configQueries } from '../config/queries.js';
import { overdueOf, type ResponseTargets } from './overdue.js';

/** The server's response targets; shared's defaults until the config has loaded. */
export function useResponseTargets(): ResponseTargets {
  const { data } = useQuery(configQueries.client());
  return data?.responseTargets ?? DEFAULT_RESPONSE_TARGETS;
}

/** The ids of the incidents among these that are overdue now (re-checked with the page's clock). */
export function useOverdueIds(incidents: readonly Incident[]): ReadonlySet<string> {
  const targets = useResponseTargets();
  const nowMs = useNow();
  return useMemo(
    () => new Set(incidents.filter((incident) => overdueOf(incident, targets, nowMs)).map((i) => i.id)),
    [incidents, targets, nowMs],
  );
}
