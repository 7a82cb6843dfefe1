import {
  PublicShelterListSchema,
  PublicWarningListSchema,
  type CapSeverity,
  type PublicShelter,
  type PublicWarning,
} from '@mirsad/shared';
import { EMERGENCY_NUMBER, READINESS_GUIDES, type ReadinessGuide } from '@mirsad/mock-data/readiness';
import { lazy, Suspense, useState } from 'react';
import { setLocale } from '../../i18n/locale.js';
import { usePublicI18n, type PublicI18n } from './i18n.js';
import { infoFor } from '../warnings/warningFeatures.js';
import { SEVERITY_MESSAGES } from './severity.js';
import { usePublicFeed } from './usePublicFeed.js';
import './public.css';

// MapLibre is a megabyte: the list, the shelters and the guidance draw first, the map after.
const PublicMap = lazy(() => import('./PublicMap.js').then((module) => ({ default: module.PublicMap })));

/** Most severe first, then the soonest to expire: what matters most is read first. */
const SEVERITY_ORDER: readonly CapSeverity[] = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];

/** The warnings in the order a resident should read them. */
export function orderWarnings<W extends Pick<PublicWarning, 'severity' | 'expires'>>(
  warnings: readonly W[],
): W[] {
  return [...warnings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      Date.parse(a.expires) - Date.parse(b.expires),
  );
}

function LanguageButton({ i18n }: { i18n: PublicI18n }) {
  const other = i18n.locale === 'ar' ? 'en' : 'ar';
  return (
    <button
      type="button"
      className="pub-lang"
      lang={other}
      data-testid="public-lang"
      aria-label={i18n.t('public.lang.label')}
      onClick={() => {
        setLocale(other);
      }}
    >
      {i18n.t('public.lang.switch')}
    </button>
  );
}

function WarningCard({
  warning,
  i18n,
  onShow,
}: {
  warning: PublicWarning;
  i18n: PublicI18n;
  onShow: (id: string) => void;
}) {
  const info = infoFor(warning, i18n.locale);
  const headingId = `warning-${warning.id}`;
  return (
    <article
      className={`pub-warning pub-warning--${warning.severity.toLowerCase()}`}
      aria-labelledby={headingId}
      data-testid="public-warning"
      // The block's own language: an English-only warning from another authority reads right in the Arabic page.
      lang={info.language}
      dir="auto"
    >
      <p className="pub-warning__severity">{i18n.t(SEVERITY_MESSAGES[warning.severity])}</p>
      <h3 className="pub-warning__headline" id={headingId}>
        {info.headline}
      </h3>
      <dl className="pub-warning__facts" lang={i18n.locale} dir={i18n.locale === 'ar' ? 'rtl' : 'ltr'}>
        <div>
          <dt>{i18n.t('public.warnings.area')}</dt>
          <dd>{i18n.text(warning.area.description)}</dd>
        </div>
        {warning.onset !== null && (
          <div>
            <dt>{i18n.t('public.warnings.from')}</dt>
            <dd>
              <time dateTime={warning.onset}>{i18n.dateTime(warning.onset)}</time>
            </dd>
          </div>
        )}
        <div>
          <dt>{i18n.t('public.warnings.until')}</dt>
          <dd>
            <time dateTime={warning.expires}>{i18n.dateTime(warning.expires)}</time>
          </dd>
        </div>
      </dl>
      <p className="pub-warning__description">{info.description}</p>
      {info.instruction !== '' && (
        <div className="pub-warning__instruction">
          <h4 lang={i18n.locale}>{i18n.t('public.warnings.whatToDo')}</h4>
          <p>{info.instruction}</p>
        </div>
      )}
      <p className="pub-warning__meta" lang={i18n.locale} dir={i18n.locale === 'ar' ? 'rtl' : 'ltr'}>
        {warning.msgType === 'Update' && <span>{i18n.t('public.warnings.updateOf')} </span>}
        {i18n.t('public.warnings.issued', {
          time: i18n.dateTime(warning.sent),
          // The ministry's own warnings are signed in the page's language; another authority's as it signed them.
          sender: warning.origin === 'authored' ? i18n.t('public.ministry') : warning.senderName,
        })}
      </p>
      <button
        type="button"
        className="pub-link-button"
        lang={i18n.locale}
        onClick={() => {
          onShow(warning.id);
        }}
      >
        {i18n.t('public.warnings.showOnMap')}
      </button>
    </article>
  );
}

/** A link that opens the phone's maps app at the shelter (a `geo:` URI is not understood by desktop browsers). */
function directionsUrl(shelter: PublicShelter): string {
  const [lng, lat] = shelter.location.coordinates;
  return `https://www.google.com/maps/dir/?api=1&destination=${lat.toFixed(5)},${lng.toFixed(5)}`;
}

function ShelterItem({ shelter, i18n }: { shelter: PublicShelter; i18n: PublicI18n }) {
  const name = shelter.localizedName ? i18n.text(shelter.localizedName) : shelter.name;
  return (
    <li className="pub-shelter" data-testid="public-shelter">
      <div className="pub-shelter__name">{name}</div>
      <span className={shelter.hasRoom ? 'pub-badge pub-badge--room' : 'pub-badge pub-badge--full'}>
        {i18n.t(shelter.hasRoom ? 'public.shelters.hasRoom' : 'public.shelters.full')}
      </span>
      <a
        className="pub-shelter__directions"
        href={directionsUrl(shelter)}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={i18n.t('public.shelters.directionsLabel', { name })}
      >
        {i18n.t('public.shelters.directions')}
      </a>
    </li>
  );
}

function Guide({ guide, i18n }: { guide: ReadinessGuide; i18n: PublicI18n }) {
  return (
    <details className="pub-guide" data-testid={`public-guide-${guide.id}`}>
      <summary>
        <span className="pub-guide__title">{i18n.text(guide.title)}</span>
        <span className="pub-guide__summary">{i18n.text(guide.summary)}</span>
      </summary>
      {guide.stages.map((stage) => (
        <section key={stage.title.en} className="pub-guide__stage">
          <h4>{i18n.text(stage.title)}</h4>
          <ul>
            {stage.steps.map((step) => (
              <li key={step.en}>{i18n.text(step)}</li>
            ))}
          </ul>
        </section>
      ))}
    </details>
  );
}

/**
 * The public page (`/public`): the warnings in force on a map and as a list with what to do,
 * the open shelters and whether they have room, and readiness guidance, in Arabic (by default)
 * or English. No sign-in and nothing internal: it reads only `/api/public/*`, whose answers
 * carry no incidents, units, people or notes. Its own entry (see main.tsx): none of the room's code.
 */
export function PublicPage() {
  const i18n = usePublicI18n();
  const warnings = usePublicFeed('/api/public/warnings', PublicWarningListSchema);
  const shelters = usePublicFeed('/api/public/shelters', PublicShelterListSchema);
  const [focus, setFocus] = useState<{ id: string; nonce: number } | null>(null);
  const shownWarnings = orderWarnings(warnings.data?.warnings ?? []);
  const openShelters = shelters.data?.shelters ?? [];
  const hasMap = shownWarnings.length > 0 || openShelters.length > 0;

  return (
    <div className="pub">
      <a className="pub-skip" href="#warnings">
        {i18n.t('public.skip')}
      </a>
      <header className="pub-header">
        <div className="pub-header__titles">
          <h1 className="pub-header__title">{i18n.t('public.title')}</h1>
          <p className="pub-header__ministry">{i18n.t('public.ministry')}</p>
        </div>
        <LanguageButton i18n={i18n} />
      </header>
      <p className="pub-emergency">
        <a href={`tel:${EMERGENCY_NUMBER}`}>{i18n.t('public.emergency', { number: EMERGENCY_NUMBER })}</a>
      </p>
      <nav className="pub-nav" aria-label={i18n.t('public.title')}>
        <a href="#warnings">{i18n.t('public.nav.warnings')}</a>
        <a href="#shelters">{i18n.t('public.nav.shelters')}</a>
        <a href="#ready">{i18n.t('public.nav.ready')}</a>
      </nav>

      <main className="pub-main">
        <section id="warnings" className="pub-section" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{i18n.t('public.warnings.title')}</h2>
          <FeedStatus feed={warnings} i18n={i18n} />
          {warnings.data && (
            <p className="pub-count" data-testid="public-warning-count" role="status">
              {i18n.t('public.warnings.count', { count: shownWarnings.length })}
            </p>
          )}
          {hasMap && (
            <Suspense fallback={<div className="pub-map" aria-busy="true" />}>
              <PublicMap warnings={shownWarnings} shelters={openShelters} focus={focus} />
            </Suspense>
          )}
          {warnings.data && shownWarnings.length === 0 && (
            <p className="pub-note">{i18n.t('public.warnings.none')}</p>
          )}
          <div className="pub-warnings">
            {shownWarnings.map((warning) => (
              <WarningCard
                key={warning.id}
                warning={warning}
                i18n={i18n}
                onShow={(id) => {
                  setFocus((previous) => ({ id, nonce: (previous?.nonce ?? 0) + 1 }));
                  document.querySelector('.pub-map')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
                }}
              />
            ))}
          </div>
        </section>

        <section id="shelters" className="pub-section" aria-labelledby="shelters-title">
          <h2 id="shelters-title">{i18n.t('public.shelters.title')}</h2>
          <FeedStatus feed={shelters} i18n={i18n} />
          {shelters.data && openShelters.length === 0 && (
            <p className="pub-note">{i18n.t('public.shelters.none', { number: EMERGENCY_NUMBER })}</p>
          )}
          {openShelters.length > 0 && (
            <>
              <p className="pub-count">{i18n.t('public.shelters.count', { count: openShelters.length })}</p>
              <ul className="pub-shelters">
                {openShelters.map((shelter) => (
                  <ShelterItem key={shelter.id} shelter={shelter} i18n={i18n} />
                ))}
              </ul>
            </>
          )}
        </section>

        <section id="ready" className="pub-section" aria-labelledby="ready-title">
          <h2 id="ready-title">{i18n.t('public.ready.title')}</h2>
          <p className="pub-note">{i18n.t('public.ready.intro')}</p>
          {READINESS_GUIDES.map((guide) => (
            <Guide key={guide.id} guide={guide} i18n={i18n} />
          ))}
        </section>
      </main>

      <footer className="pub-footer">
        <p>{i18n.t('public.footer.public')}</p>
        <p>
          <a href="/api/cap/feed" lang="en" dir="ltr">
            {i18n.t('public.footer.cap')}
          </a>
        </p>
      </footer>
    </div>
  );
}

function FeedStatus({
  feed,
  i18n,
}: {
  feed: { data: unknown; loadedAt: number | null; isFailing: boolean };
  i18n: PublicI18n;
}) {
  if (feed.data === undefined && !feed.isFailing)
    return <p className="pub-note">{i18n.t('public.loading')}</p>;
  if (feed.isFailing && feed.loadedAt === null)
    return (
      <p className="pub-note pub-note--error" role="alert">
        {i18n.t('public.unreachable')}
      </p>
    );
  if (feed.isFailing && feed.loadedAt !== null)
    return (
      <p className="pub-note pub-note--error" role="status">
        {i18n.t('public.stale', { time: i18n.shortTime(feed.loadedAt) })}
      </p>
    );
  return feed.loadedAt === null ? null : (
    <p className="pub-updated">{i18n.t('public.updated', { time: i18n.shortTime(feed.loadedAt) })}</p>
  );
}
