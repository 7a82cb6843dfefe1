import { INTL_LOCALES, KUWAIT_TIME_ZONE, type Locale } from '@mirsad/shared';

// The locales live in shared: the generated incidents' texts use the same plural rules.
export { INTL_LOCALES };

type Formatters = {
  time: Intl.DateTimeFormat;
  shortTime: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  relative: Intl.RelativeTimeFormat;
};

const cache = new Map<Locale, Formatters>();

function formattersOf(locale: Locale): Formatters {
  let formatters = cache.get(locale);
  if (!formatters) {
    const intl = INTL_LOCALES[locale];
    // Every time a person reads is Kuwait time, whatever zone the browser's machine is set to.
    const zone = { timeZone: KUWAIT_TIME_ZONE, hourCycle: 'h23' } as const;
    formatters = {
      time: new Intl.DateTimeFormat(intl, { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      shortTime: new Intl.DateTimeFormat(intl, { ...zone, hour: '2-digit', minute: '2-digit' }),
      dateTime: new Intl.DateTimeFormat(intl, {
        ...zone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
      number: new Intl.NumberFormat(intl),
      relative: new Intl.RelativeTimeFormat(intl, { numeric: 'auto', style: 'short' }),
    };
    cache.set(locale, formatters);
  }
  return formatters;
}

type Instant = string | number | Date;
const toDate = (value: Instant): Date => (value instanceof Date ? value : new Date(value));

/** `HH:MM:SS` in Kuwait time. */
export function formatTime(value: Instant, locale: Locale): string {
  return formattersOf(locale).time.format(toDate(value));
}

/** `HH:MM` in Kuwait time. */
export function formatShortTime(value: Instant, locale: Locale): string {
  return formattersOf(locale).shortTime.format(toDate(value));
}

/** Date and time in Kuwait time, for details where the day matters. */
export function formatDateTime(value: Instant, locale: Locale): string {
  return formattersOf(locale).dateTime.format(toDate(value));
}

/** A number with the locale's grouping. */
export function formatNumber(value: number, locale: Locale): string {
  return formattersOf(locale).number.format(value);
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long ago `value` was, as of `nowMs`: "now", "5 min ago", "3 hr ago", "2 days ago". */
export function formatRelative(value: Instant, nowMs: number, locale: Locale): string {
  const { relative } = formattersOf(locale);
  const elapsed = Math.max(0, nowMs - toDate(value).getTime());
  if (elapsed < MINUTE_MS) return relative.format(0, 'second');
  if (elapsed < HOUR_MS) return relative.format(-Math.floor(elapsed / MINUTE_MS), 'minute');
  if (elapsed < DAY_MS) return relative.format(-Math.floor(elapsed / HOUR_MS), 'hour');
  return relative.format(-Math.floor(elapsed / DAY_MS), 'day');
}
