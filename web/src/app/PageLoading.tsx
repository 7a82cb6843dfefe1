import { useI18n } from '../i18n/useI18n.js';

/** While a page's code is on its way (pages load on demand). */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <main className="checking" role="status">
      <p className="panel-note">{t('page.loading')}</p>
    </main>
  );
}
