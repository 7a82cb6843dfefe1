import type { Exercise } from '@mirsad/shared';
import { createClock } from '../../hooks/clock.js';
import { scenarioMinuteNow } from './exerciseState.js';

/** How often a shown scenario clock moves, ms: a scenario minute passes every second at 60×. */
const SCENARIO_CLOCK_TICK_MS = 1_000;

const useSecondNow = createClock(SCENARIO_CLOCK_TICK_MS);

/**
 * The scenario minute of an exercise now, moving every second between the server's saves.
 * `receivedAtMs` is when the page got this copy (react-query's `dataUpdatedAt`).
 */
export function useScenarioMinute(exercise: Exercise | undefined, receivedAtMs: number): number | null {
  const nowMs = useSecondNow();
  return exercise ? scenarioMinuteNow(exercise, receivedAtMs, nowMs) : null;
}
