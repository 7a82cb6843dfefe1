import { ApiRequestError } from '../api/http.js';
import type { I18n } from './useI18n.js';

/**
 * What to tell a person about a failed request, in their language. The server's own message
 * (English, for operators and logs) is added where it says more than the code does, such as
 * which transitions are allowed.
 */
export function errorText(i18n: Pick<I18n, 't'>, error: unknown): string {
  const { t } = i18n;
  if (!(error instanceof ApiRequestError)) return t('error.unreachable');
  const code = error.body?.error;
  const detail = error.body?.message ?? '';
  if (error.status === 409 && code === 'version_conflict') return t('error.conflict');
  if (error.status === 409) return t('error.refused', { message: detail });
  switch (error.status) {
    case 400:
      return t('error.invalid', { message: detail });
    case 401:
      return t('error.signedOut');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 429:
      return t('error.tooMany');
    default:
      return error.status >= 500 ? t('error.server') : t('error.refused', { message: detail });
  }
}
