import type { ForecastList, HotspotList, NearRepeatGroup, PatternGroupId } from '@mirsad/shared';
import type { StoreLocation } from '../store/event.store.js';
import type { FoundCluster } from './analysis.js';

// The messages between the pattern pool and its worker thread.

/** What the worker is given at start: the store it reads on its own read-only connection. */
export type PatternWorkerData = StoreLocation;

/** The log a job reads: the live one (with the past loaded as history) or an exercise's. */
interface JobLog {
  exerciseId: string | null;
  /** The moment of the analysis, ms. */
  at: number;
}

/** One job of the worker. */
export type PatternJob =
  | (JobLog & { kind: 'scan'; days: number; groups: PatternGroupId[]; replications: number; seed: number })
  | (JobLog & { kind: 'near-repeats'; groups: PatternGroupId[]; replications: number; seed: number })
  | (JobLog & { kind: 'hotspots'; group: PatternGroupId })
  | (JobLog & { kind: 'forecast'; hours: number; top: number; groups: PatternGroupId[] });

/** What each kind of job answers. */
export interface PatternJobResults {
  scan: FoundCluster[];
  'near-repeats': NearRepeatGroup[];
  hotspots: HotspotList;
  forecast: ForecastList;
}

/** A message to the worker. */
export interface ToPatternWorker {
  id: number;
  job: PatternJob;
}

/** A message from the worker: a job's result, or why it failed. */
export type FromPatternWorker = { id: number; result: unknown } | { id: number; error: string };
