import { useQuery } from '@tanstack/react-query';
import { Header } from './app/Header.js';
import { NotFound } from './app/NotFound.js';
import { RoomView } from './app/RoomView.js';
import { routeOf, type RouteId } from './app/routes.js';
import { WallView } from './features/wall/WallView.js';
import { LoginScreen } from './features/auth/LoginScreen.js';
import { authQueries } from './features/auth/queries.js';
import { useI18n } from './i18n/useI18n.js';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'room':
      return <RoomView />;
    case 'wall':
      return <WallView />;
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
  return (
    <div className="app">
      <Header />
      <Page route={route} />
    </div>
  );
}
