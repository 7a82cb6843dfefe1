import { createClock } from '../../hooks/clock.js';

/** How often the wall's "updated N s ago" labels count on, in ms. */
export const SECOND_CLOCK_TICK_MS = 1_000;

/**
 * The time now in epoch ms, ticking every second: only for the wall's small age labels, so
 * that a whole page does not re-render each second (the page-wide clock is `useNow`).
 */
export const useSecondClock: () => number = createClock(SECOND_CLOCK_TICK_MS);
