import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initLocale } from '../../i18n/locale.js';
import { PublicPage } from './PublicPage.js';

// The public page's entry (main.tsx picks it for `/public`): React and this page only. No
// session check, no socket, no router, no react-query, none of the room's code or messages.
initLocale();
document.title =
  document.documentElement.lang === 'en' ? 'Public warnings — Mirsad' : 'التحذيرات العامة — مرصاد';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <PublicPage />
  </StrictMode>,
);
