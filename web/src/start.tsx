import './ui/tokens.css';
import './styles/global.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { adoptDisplayKeyFromAddress } from './api/displayKey.js';
import { ApiRequestError } from './api/http.js';
import { initLocale } from './i18n/locale.js';
import { followSignIn } from './realtime/lifecycle.js';
import { startRealtime } from './realtime/realtime.js';

// Before the first request: a wall screen's `?key=` signs every request of this tab in.
adoptDisplayKeyFromAddress();
initLocale();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change by asking again (and a 401 means signing in again).
      retry: (failures, error) => failures < 2 && !(error instanceof ApiRequestError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

// Outside React: one socket while someone is signed in, whatever components mount and unmount.
followSignIn(queryClient, startRealtime);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
