import { LocaleSchema, type Locale } from '@mirsad/shared';
import { create } from 'zustand';

/** The language used when neither the address nor an earlier visit names one: Kuwait first. */
export const DEFAULT_LOCALE: Locale = 'ar';

/** The address parameter that picks the language, as in `/?lang=en`. */
export const LANG_PARAM = 'lang';

/** localStorage key remembering the last language chosen on this machine. */
const STORAGE_KEY = 'mirsad.lang';

/** The language to start in: the address's `?lang`, else the last one chosen here, else Arabic. */
export function resolveInitialLocale(search: string, stored: string | null): Locale {
  const fromUrl = LocaleSchema.safeParse(new URLSearchParams(search).get(LANG_PARAM));
  if (fromUrl.success) return fromUrl.data;
  const fromStorage = LocaleSchema.safeParse(stored);
  return fromStorage.success ? fromStorage.data : DEFAULT_LOCALE;
}

/** The writing direction of a language. */
export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** Sets `lang` and `dir` on the root element, which mirrors the layout through logical CSS. */
export function applyDocumentLocale(root: { lang: string; dir: string }, locale: Locale): void {
  root.lang = locale;
  root.dir = directionOf(locale);
}

/** The address with `?lang` set to `locale`, keeping the path, other parameters and hash. */
export function urlWithLocale(href: string, locale: Locale): string {
  const url = new URL(href);
  url.searchParams.set(LANG_PARAM, locale);
  return url.toString();
}

function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

const isBrowser = typeof window !== 'undefined';

/** The interface language: UI state, so it lives in zustand, not in the server's cache. */
export const useLocaleStore = create<{ locale: Locale }>()(() => ({
  locale: isBrowser ? resolveInitialLocale(window.location.search, readStoredLocale()) : DEFAULT_LOCALE,
}));

/**
 * Switches the language: the store, the document's `lang` and `dir`, the address (replaced,
 * not pushed, so Back does not toggle languages) and the remembered choice.
 */
export function setLocale(locale: Locale): void {
  useLocaleStore.setState({ locale });
  if (!isBrowser) return;
  applyDocumentLocale(document.documentElement, locale);
  window.history.replaceState(window.history.state, '', urlWithLocale(window.location.href, locale));
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be disabled; the address still carries the choice.
  }
}

/** Applies the starting language to the document; called once before the first render. */
export function initLocale(): void {
  setLocale(useLocaleStore.getState().locale);
}
