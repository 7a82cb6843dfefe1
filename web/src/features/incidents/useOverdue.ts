import { DEFAULT_RESPONSE_TARGETS, type Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
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
 * Whether an incident is overdue now (re-checked with the page's clock): a new test when the
 * clock or the targets move. Each incident's due time is parsed once, so a pass over 50,000
 * incidents costs a comparison each.
 */
export function useOverdueTest(): (incident: Incident) => boolean {
  const targets = useResponseTargets();
  const nowMs = useNow();
  return useCallback(
    (incident: Incident) => nowMs > cachedOverdueFromMs(incident, targets),
    [targets, nowMs],
  );
}
