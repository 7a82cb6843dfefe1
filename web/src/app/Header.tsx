import { mayOpenReview } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from '@tanstack/react-router';
import { UserMenu } from '../features/auth/UserMenu.js';
import { usePrincipal } from '../features/auth/usePrincipal.js';
import { ConnectionStatus } from '../features/connection/ConnectionStatus.js';
import { configQueries } from '../features/config/queries.js';
import { usePictureCounts } from '../features/incidents/useVisibleIncidents.js';
import { PresenceList } from '../features/presence/PresenceList.js';
import { setShelterBoardOpen, useShelterBoardStore } from '../features/shelters/store.js';
import { setWarningsBoardOpen, useWarningsViewStore } from '../features/warnings/store.js';
import { setHelpOpen } from '../features/shortcuts/store.js';
import { useI18n } from '../i18n/useI18n.js';
import { mayRunExercises } from '../features/training/access.js';
import { ExerciseBanner } from '../features/training/ExerciseBanner.js';
import { ExerciseMenu } from '../features/training/ExerciseMenu.js';
import { currentExerciseId } from '../realtime/exerciseMode.js';
import { Button } from '../ui/Button.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The bar on every signed-in page: product, live link, counts, who is here, tools, the person and language. */
export function Header() {
  const { t, number } = useI18n();
  const { data: config } = useQuery(configQueries.client());
  const { active, critical } = usePictureCounts();
  const isShelterBoardOpen = useShelterBoardStore((state) => state.isOpen);
  const isWarningsBoardOpen = useWarningsViewStore((state) => state.isBoardOpen);
  const principal = usePrincipal();
  const exerciseId = currentExerciseId();
  const isRoomPage = useLocation({ select: (location) => !location.pathname.startsWith('/training') });
  // Leaving an exercise for another page is a full load: the socket and cache follow the live log then.
  const isFullLoad = exerciseId !== null;
  return (
    <header className={exerciseId === null ? 'header' : 'header header--exercise'}>
      {exerciseId !== null && <ExerciseBanner exerciseId={exerciseId} />}
      <h1 className="header__title">
        <Link to="/" className="header__home" reloadDocument={isFullLoad} data-testid="nav-room">
          {t('app.title')}
        </Link>
      </h1>
      {config?.isDemo === true && <span className="demo-badge">{t('app.demo')}</span>}
      {/* The live room's state and figures; the training console works without the live picture. */}
      {isRoomPage && (
        <>
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
        </>
      )}
      <div className="header__tools">
        <ExerciseMenu principal={principal} currentId={exerciseId} />
        {mayRunExercises(principal.role) && (
          <Link className="button" to="/training" reloadDocument={isFullLoad} data-testid="nav-training">
            {t('training.title')}
          </Link>
        )}
        {mayOpenReview(principal.role) && (
          <Link className="button" to="/review" reloadDocument={isFullLoad} data-testid="nav-review">
            {t('review.nav')}
          </Link>
        )}
        <Button
          data-testid="shelter-board-toggle"
          aria-pressed={isShelterBoardOpen}
          onClick={() => {
            setShelterBoardOpen(!isShelterBoardOpen);
          }}
        >
          {t('header.shelters')}
        </Button>
        {isRoomPage && (
          <Button
            data-testid="warnings-board-toggle"
            aria-pressed={isWarningsBoardOpen}
            onClick={() => {
              setWarningsBoardOpen(!isWarningsBoardOpen);
            }}
          >
            {t('warnings.nav')}
          </Button>
        )}
        <Button
          variant="icon"
          data-testid="help-button"
          aria-label={t('help.title')}
          title={t('help.title')}
          onClick={() => {
            setHelpOpen(true);
          }}
        >
          ?
        </Button>
      </div>
      <UserMenu />
      <LanguageSwitch />
    </header>
  );
}
