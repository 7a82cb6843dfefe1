import { useQuery } from '@tanstack/react-query';
import { UserMenu } from '../features/auth/UserMenu.js';
import { ConnectionStatus } from '../features/connection/ConnectionStatus.js';
import { configQueries } from '../features/config/queries.js';
import { usePictureCounts } from '../features/incidents/useVisibleIncidents.js';
import { PresenceList } from '../features/presence/PresenceList.js';
import { setShelterBoardOpen, useShelterBoardStore } from '../features/shelters/store.js';
import { setHelpOpen } from '../features/shortcuts/store.js';
import { useI18n } from '../i18n/useI18n.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The bar on every signed-in page: product, live link, counts, who is here, tools, the person and language. */
export function Header() {
  const { t, number } = useI18n();
  const { data: config } = useQuery(configQueries.client());
  const { active, critical } = usePictureCounts();
  const isShelterBoardOpen = useShelterBoardStore((state) => state.isOpen);
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
      <PresenceList />
      <div className="header__tools">
        <button
          type="button"
          className="button"
          data-testid="shelter-board-toggle"
          aria-pressed={isShelterBoardOpen}
          onClick={() => {
            setShelterBoardOpen(!isShelterBoardOpen);
          }}
        >
          {t('header.shelters')}
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="help-button"
          aria-label={t('help.title')}
          title={t('help.title')}
          onClick={() => {
            setHelpOpen(true);
          }}
        >
          ?
        </button>
      </div>
      <UserMenu />
      <LanguageSwitch />
    </header>
  );
}
