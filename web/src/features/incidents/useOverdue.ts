import { DEFAULT_RESPONSE_TARGETS, type Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
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
 * The overdue rule for a pass over many incidents (the map's): when each turns overdue, parsed
 * once per incident object, and the page's clock now; a new one when the clock or the targets move.
 */
export function useOverdueClock(): { fromMs: (incident: Incident) => number; nowMs: number } {
  const targets = useResponseTargets();
  const nowMs = useNow();
  // The rule changes with the targets only: the map works each incident's time out again then.
  const fromMs = useCallback((incident: Incident) => cachedOverdueFromMs(incident, targets), [targets]);
  return useMemo(() => ({ fromMs, nowMs }), [fromMs, nowMs]);
}
