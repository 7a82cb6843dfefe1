import './features/auth/login.css';
import { useQuery } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { router } from './app/router.js';
import { LoginScreen } from './features/auth/LoginScreen.js';
import { authQueries } from './features/auth/queries.js';
import { useI18n } from './i18n/useI18n.js';
import { Button } from './ui/Button.js';
import { PanelBoundary } from './ui/PanelBoundary.js';

/** While the session is being checked: a quiet page, or why it cannot be checked. */
function Checking({ isError, onRetry }: { isError: boolean; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <main className="checking" role="status">
      {isError ? (
        <div className="panel-note panel-note--error">
          <p>{t('auth.unreachable')}</p>
          <Button onClick={onRetry}>{t('list.retry')}</Button>
        </div>
      ) : (
        <p className="panel-note">{t('auth.checking')}</p>
      )}
    </main>
  );
}

/**
 * The client: the login page while nobody is signed in, else the router's pages. Sign-in and
 * the session check sit outside the router, so no page renders for nobody.
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
  return (
    <PanelBoundary panel="page">
      <RouterProvider router={router} />
    </PanelBoundary>
  );
}
