import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/useI18n.js';

/** A path with no page: says so and links to the room. */
export function NotFound() {
  const { t } = useI18n();
  return (
    <main className="not-found">
      <p>{t('route.notFound')}</p>
      <Link to="/">{t('route.toRoom')}</Link>
    </main>
  );
}
