/** The quick time filters: incidents reported within the last hour, 6 hours, 24 hours, or all. */
export const TIME_WINDOWS = ['1h', '6h', '24h', 'all'] as const;

/** A quick time filter. */
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** Each window's length in ms; `all` has none. */
export const TIME_WINDOW_MS: Readonly<Record<TimeWindow, number | null>> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  all: null,
};

/** Whether a report at `reportedAt` falls in the window as of `nowMs`. */
export function isInWindow(reportedAt: string, window: TimeWindow, nowMs: number): boolean {
  const length = TIME_WINDOW_MS[window];
  return length === null || Date.parse(reportedAt) >= nowMs - length;
}

/** The window after `window`, wrapping around: what the `t` shortcut steps through. */
export function nextTimeWindow(window: TimeWindow): TimeWindow {
  const index = TIME_WINDOWS.indexOf(window);
  return TIME_WINDOWS[(index + 1) % TIME_WINDOWS.length] ?? 'all';
}
