import { DEFAULT_RESPONSE_TARGETS, type Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { configQueries } from '../config/queries.js';
import { overdueFromMs, type ResponseTargets } from './overdue.js';

/** The server's response targets; shared's defaults until the config has loaded. */
export function useResponseTargets(): ResponseTargets {
  const { data } = useQuery(configQueries.client());
  return data?.responseTargets ?? DEFAULT_RESPONSE_TARGETS;
}

/** When each incident object turns overdue, worked out once per object and targets. */
const overdueFromCache = new WeakMap<ResponseTargets, WeakMap<Incident, number>>();

function cachedOverdueFromMs(incident: Incident, targets: ResponseTargets): number {
  let byIncident = overdueFromCache.get(targets);
  if (!byIncident) {
    byIncident = new WeakMap();
    overdueFromCache.set(targets, byIncident);
  }
  let fromMs = byIncident.get(incident);
  if (fromMs === undefined) {
    fromMs = overdueFromMs(incident, targets);
    byIncident.set(incident, fromMs);
  }
  return fromMs;
}

/**
 * The ids of the incidents among these that are overdue now (re-checked with the page's
 * clock). Each incident's due time is parsed once: at 50,000 incidents a flush of events costs
 * a comparison per incident, not a date parse.
 */
export function useOverdueIds(incidents: readonly Incident[]): ReadonlySet<string> {
  const targets = useResponseTargets();
  const nowMs = useNow();
  return useMemo(() => {
    const ids = new Set<string>();
    for (const incident of incidents)
      if (nowMs > cachedOverdueFromMs(incident, targets)) ids.add(incident.id);
    return ids;
  }, [incidents, targets, nowMs]);
}
