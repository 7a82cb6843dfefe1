import type { Locale } from '@mirsad/shared';
import { IntlMessageFormat } from 'intl-messageformat';
import { INTL_LOCALES } from './format.js';

/**
 * A formatter over a table of ICU messages in each language, each message parsed once per
 * language. The client's table (messages.ts) and the public page's own (which must not load the
 * client's) both format through one.
 */
export function messageFormatter<K extends string>(
  tables: Readonly<Record<Locale, Readonly<Record<K, string>>>>,
): (locale: Locale, key: K, values?: Readonly<Record<string, string | number>>) => string {
  const compiled = new Map<string, IntlMessageFormat>();
  return (locale, key, values = {}) => {
    const id = `${locale}\u0000${key}`;
    let format = compiled.get(id);
    if (!format) {
      format = new IntlMessageFormat(tables[locale][key], INTL_LOCALES[locale]);
      compiled.set(id, format);
    }
    const text = format.format<string>(values);
    return Array.isArray(text) ? text.join('') : text;
  };
}
