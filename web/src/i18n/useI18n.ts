import type { Locale, LocalizedText } from '@mirsad/shared';
import { formatDateTime, formatNumber, formatRelative, formatShortTime, formatTime } from './format.js';
import { useLocaleStore } from './locale.js';
import { formatMessage, type MessageKey } from './messages.js';

/** Everything a component needs to put words, times and numbers on the screen in one language. */
export interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;
  /** Picks the current language from shared's LocalizedText data. */
  text: (value: LocalizedText) => string;
  time: (value: string | number) => string;
  shortTime: (value: string | number) => string;
  dateTime: (value: string | number) => string;
  number: (value: number) => string;
  relative: (value: string | number, nowMs: number) => string;
}

const cache = new Map<Locale, I18n>();

/** The I18n of a language; one object per language, so it is stable between renders. */
export function i18nFor(locale: Locale): I18n {
  let i18n = cache.get(locale);
  if (!i18n) {
    i18n = {
      locale,
      t: (key, values) => formatMessage(locale, key, values),
      text: (value) => value[locale],
      time: (value) => formatTime(value, locale),
      shortTime: (value) => formatShortTime(value, locale),
      dateTime: (value) => formatDateTime(value, locale),
      number: (value) => formatNumber(value, locale),
      relative: (value, nowMs) => formatRelative(value, nowMs, locale),
    };
    cache.set(locale, i18n);
  }
  return i18n;
}

/** The current language's I18n; re-renders the component when the language changes. */
export function useI18n(): I18n {
  return i18nFor(useLocaleStore((state) => state.locale));
}
