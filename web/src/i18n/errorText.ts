import { ApiRequestError } from '../api/http.js';
import type { I18n } from './useI18n.js';

/** What kind of failure an error is, as far as a person in front of the screen can act on it. */
export type FailureKind = 'network' | 'page-update' | 'bad-data' | 'render';

/**
 * Sorts an error that is not an HTTP answer. `fetch` rejects with a TypeError when nothing
 * answered; a lazy page whose file is gone (a deploy replaced it) fails to import; zod throws
 * when an answer does not match the contract; anything else broke while drawing.
 */
export function failureKindOf(error: unknown): FailureKind {
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return /dynamically imported module|module script/i.test(error.message) ? 'page-update' : 'network';
  }
  if (error instanceof Error && (error.name === 'ZodError' || error.name === '$ZodError')) return 'bad-data';
  return 'render';
}

/**
 * What to tell a person about a failure, in their language. The server's own message (English,
 * for operators and logs) is added in the English interface only, where it says more than the
 * code does (which transitions are allowed); the Arabic interface never shows English text.
 */
export function errorText(i18n: Pick<I18n, 't' | 'locale'>, error: unknown): string {
  const { t, locale } = i18n;
  if (!(error instanceof ApiRequestError)) {
    switch (failureKindOf(error)) {
      case 'network':
        return t('error.unreachable');
      case 'page-update':
        return t('error.pageUpdated');
      case 'bad-data':
        return t('error.badData');
      case 'render':
        return t('error.render');
    }
  }
  const code = error.body?.error;
  const detail = locale === 'en' ? (error.body?.message ?? '') : '';
  const refused = detail === '' ? t('error.refusedPlain') : t('error.refused', { message: detail });
  if (error.status === 409 && code === 'version_conflict') return t('error.conflict');
  if (error.status === 409) return refused;
  switch (error.status) {
    case 400:
      return detail === '' ? t('error.invalidPlain') : t('error.invalid', { message: detail });
    case 401:
      return t('error.signedOut');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 429:
      return t('error.tooMany');
    default:
      return error.status >= 500 ? t('error.server') : refused;
  }
}
