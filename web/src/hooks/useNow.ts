import { createClock } from './clock.js';

/** How often relative times ("5 min ago") are brought up to date, in ms. */
export const NOW_TICK_MS = 15_000;

/** The time now in epoch ms, one clock for the whole page, ticking every NOW_TICK_MS. */
export const useNow: () => number = createClock(NOW_TICK_MS);
