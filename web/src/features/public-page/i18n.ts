import type { Locale, LocalizedText } from '@mirsad/shared';
import { formatNumber, formatShortTime, INTL_LOCALES } from '../../i18n/format.js';
import { KUWAIT_TIME_ZONE } from '@mirsad/shared';
import { messageFormatter } from '../../i18n/icu.js';
import { useLocaleStore } from '../../i18n/locale.js';
import { publicAr, publicEn, type PublicMessageKey } from './messages.js';

const format = messageFormatter<PublicMessageKey>({ en: publicEn, ar: publicAr });

/** The public page's words, times and numbers in one language (its own table, not the room's). */
export interface PublicI18n {
  locale: Locale;
  t: (key: PublicMessageKey, values?: Readonly<Record<string, string | number>>) => string;
  text: (value: LocalizedText) => string;
  shortTime: (value: string | number) => string;
  dateTime: (value: string | number) => string;
  number: (value: number) => string;
}

const cache = new Map<Locale, PublicI18n>();
const dateTimes = new Map<Locale, Intl.DateTimeFormat>();

/** A resident's date and time: the weekday, day and month, and hours and minutes in Kuwait time (no seconds). */
function publicDateTime(locale: Locale): Intl.DateTimeFormat {
  let format = dateTimes.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
      timeZone: KUWAIT_TIME_ZONE,
      hourCycle: 'h23',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    dateTimes.set(locale, format);
  }
  return format;
}

/** The public page's I18n of a language; one object per language, so it is stable between renders. */
export function publicI18nFor(locale: Locale): PublicI18n {
  let i18n = cache.get(locale);
  if (!i18n) {
    i18n = {
      locale,
      t: (key, values) => format(locale, key, values),
      text: (value) => value[locale],
      shortTime: (value) => formatShortTime(value, locale),
      dateTime: (value) => publicDateTime(locale).format(new Date(value)),
      number: (value) => formatNumber(value, locale),
    };
    cache.set(locale, i18n);
  }
  return i18n;
}

/** The public page's I18n in the current language; re-renders when the language changes. */
export function usePublicI18n(): PublicI18n {
  return publicI18nFor(useLocaleStore((state) => state.locale));
}
