import { useQuery } from '@tanstack/react-query';
import { ConnectionStatus } from '../features/connection/ConnectionStatus.js';
import { configQueries } from '../features/config/queries.js';
import { usePictureCounts } from '../features/incidents/useVisibleIncidents.js';
import { useI18n } from '../i18n/useI18n.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The bar on every page: product, live link, counts and language. */
export function Header() {
  const { t, number } = useI18n();
  const { data: config } = useQuery(configQueries.client());
  const { active, critical } = usePictureCounts();
  return (
    <header className="header">
      <h1 className="header__title">{t('app.title')}</h1>
      {config?.isDemo === true && <span className="demo-badge">{t('app.demo')}</span>}
      <ConnectionStatus />
      <dl className="header__counts">
        <div className="count">
          <dt>{t('header.active')}</dt>
          <dd data-testid="count-active">{number(active)}</dd>
        </div>
        <div className={critical > 0 ? 'count count--critical' : 'count'}>
          <dt>{t('header.critical')}</dt>
          <dd data-testid="count-critical">{number(critical)}</dd>
        </div>
      </dl>
      <LanguageSwitch />
    </header>
  );
}
