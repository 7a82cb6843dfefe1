import type { Role } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { Header } from './app/Header.js';
import { NotFound } from './app/NotFound.js';
import { RoomView } from './app/RoomView.js';
import { routeOf, type RouteId } from './app/routes.js';
import { WallView } from './features/wall/WallView.js';
import { ReportView } from './features/review/ReportView.js';
import { ReviewView } from './features/review/ReviewView.js';
import { LoginScreen } from './features/auth/LoginScreen.js';
import { TrainingView } from './features/training/TrainingView.js';
import { currentExerciseId } from './realtime/exerciseMode.js';
import { authQueries } from './features/auth/queries.js';
import { useI18n } from './i18n/useI18n.js';

function Page({ route, role }: { route: RouteId; role: Role }) {
  switch (route) {
    case 'room':
      // Trainers have no live room (the server gives them none outside an exercise): their
      // home is the console.
      return role === 'trainer' && currentExerciseId() === null ? <TrainingView /> : <RoomView />;
    case 'wall':
      return <WallView />;
    case 'review':
      return <ReviewView />;
    case 'review-report':
      return <ReportView />;
    case 'training':
      return <TrainingView />;
    case 'not-found':
      return <NotFound />;
  }
}

/** While the session is being checked: a quiet page, or why it cannot be checked. */
function Checking({ isError, onRetry }: { isError: boolean; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <main className="checking" role="status">
      {isError ? (
        <div className="panel-note panel-note--error">
          <p>{t('auth.unreachable')}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('list.retry')}
          </button>
        </div>
      ) : (
        <p className="panel-note">{t('auth.checking')}</p>
      )}
    </main>
  );
}

/**
 * The client: the login page while nobody is signed in, else the header and the page the
 * address names (read once: pages are full loads).
 */
export function App() {
  const me = useQuery(authQueries.me());
  if (me.data === undefined) {
    return (
      <Checking
        isError={me.isError}
        onRetry={() => {
          void me.refetch();
        }}
      />
    );
  }
  if (me.data === null) return <LoginScreen />;
  const route = routeOf(window.location.pathname);
  // The wall display is watched, not worked: no header, its own status banner instead.
  if (route === 'wall') return <WallView />;
  // The after-action report is a printed page: no header.
  if (route === 'review-report') return <ReportView />;
  // An exercise's pages are framed in its colour, all round, whatever they show.
  return (
    <div className={currentExerciseId() === null ? 'app' : 'app app--exercise'}>
      <Header />
      <Page route={route} role={me.data.role} />
    </div>
  );
}
