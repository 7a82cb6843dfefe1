import { STATUS_NAMES, isActive, sectorById, type Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useGovernorateNames } from '../geo/queries.js';
import { focusIncident } from '../map/store.js';
import { SectorChip } from './SectorChip.js';
import { SeverityBadge } from './SeverityBadge.js';
import { categoryName } from './presentation.js';
import { incidentQueries } from './queries.js';
import { selectIncident, useIncidentViewStore } from './store.js';

/**
 * The selected incident, from the live picture, or fetched on its own once it has left the
 * picture (closed or cancelled while open). Every field is plain text: React escapes it.
 */
export function IncidentDetails() {
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  const { data: fromPicture } = useQuery({
    ...incidentQueries.picture(),
    select: (picture) => picture.incidents.find((incident) => incident.id === selectedId),
  });
  const detail = useQuery({
    ...incidentQueries.detail(selectedId ?? ''),
    enabled: selectedId !== null && fromPicture === undefined,
  });

  useEffect(() => {
    if (selectedId === null) return;
    const closeOnEscape = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') selectIncident(null);
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => {
      window.removeEventListener('keydown', closeOnEscape);
    };
  }, [selectedId]);

  if (selectedId === null) return null;
  const incident = fromPicture ?? detail.data;
  return (
    <DetailsFrame>
      {incident ? <IncidentFields incident={incident} /> : <DetailsMessage isError={detail.isError} />}
    </DetailsFrame>
  );
}

function DetailsFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <aside
      className="incident-details"
      data-testid="incident-details"
      aria-labelledby="incident-details-title"
    >
      <button
        type="button"
        className="icon-button incident-details__close"
        aria-label={t('details.close')}
        title={t('details.close')}
        onClick={() => {
          selectIncident(null);
        }}
      >
        ×
      </button>
      {children}
    </aside>
  );
}

function DetailsMessage({ isError }: { isError: boolean }) {
  const { t } = useI18n();
  return (
    <p id="incident-details-title" className="panel-note">
      {isError ? t('details.gone') : t('details.loading')}
    </p>
  );
}

function IncidentFields({ incident }: { incident: Incident }) {
  const { t, text, dateTime, relative } = useI18n();
  const nowMs = useNow();
  const governorateNames = useGovernorateNames();
  const governorate = incident.governorate ? governorateNames.get(incident.governorate) : undefined;
  const none = t('details.none');
  return (
    <>
      <div className="incident-details__head">
        <SectorChip sector={incident.sector} />
        <h2 id="incident-details-title" className="incident-details__title">
          <bdi>{incident.title}</bdi>
        </h2>
      </div>
      <div className="incident-details__badges">
        <SeverityBadge incident={incident} />
        <span className="status-badge">{text(STATUS_NAMES[incident.status])}</span>
        {!isActive(incident) && (
          <span className="status-badge status-badge--inactive">{t('details.inactive')}</span>
        )}
        {incident.exerciseId !== null && (
          <span className="exercise-badge">{t('details.exercise', { id: incident.exerciseId })}</span>
        )}
      </div>
      <dl className="incident-details__fields">
        <dt>{t('details.sector')}</dt>
        <dd>{text(sectorById(incident.sector).name)}</dd>
        <dt>{t('details.category')}</dt>
        <dd>{text(categoryName(incident))}</dd>
        <dt>{t('details.governorate')}</dt>
        <dd>
          {incident.governorate
            ? governorate
              ? text(governorate)
              : incident.governorate
            : t('governorate.none')}
        </dd>
        <dt>{t('details.reportedAt')}</dt>
        <dd>
          <time dateTime={incident.reportedAt}>{dateTime(incident.reportedAt)}</time>{' '}
          <span className="muted">({relative(incident.reportedAt, nowMs)})</span>
        </dd>
        {incident.updatedAt !== incident.reportedAt && (
          <>
            <dt>{t('details.updatedAt')}</dt>
            <dd>
              <time dateTime={incident.updatedAt}>{dateTime(incident.updatedAt)}</time>
            </dd>
          </>
        )}
        <dt>{t('details.source')}</dt>
        <dd className="mono">
          <bdi>{incident.source}</bdi>
        </dd>
        <dt>{t('details.externalRef')}</dt>
        <dd className="mono">
          <bdi>{incident.externalRef ?? none}</bdi>
        </dd>
      </dl>
      <h3 className="incident-details__subtitle">{t('details.description')}</h3>
      {incident.description === '' ? (
        <p className="muted">{t('details.noDescription')}</p>
      ) : (
        <p className="incident-details__description">
          <bdi>{incident.description}</bdi>
        </p>
      )}
      <button
        type="button"
        className="button"
        onClick={() => {
          focusIncident(incident.id);
        }}
      >
        {t('details.flyTo')}
      </button>
    </>
  );
}
