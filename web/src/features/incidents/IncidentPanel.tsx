import './incidents.css';
import { STATUS_NAMES, isActive, sectorById, type Incident } from '@mirsad/shared';
import type { ReactNode } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { useI18n } from '../../i18n/useI18n.js';
import { canWork, useViewer } from '../auth/access.js';
import { useGovernorateNames } from '../geo/queries.js';
import { focusIncident } from '../map/store.js';
import { NotesLog } from '../notes/NotesLog.js';
import { IncidentDetections } from '../sensors/DetectionChart.js';
import { IncidentSupport } from '../support/IncidentSupport.js';
import { AssignedUnits } from '../units/AssignedUnits.js';
import { Contributions } from './Contributions.js';
import { IncidentTimeline } from './IncidentTimeline.js';
import { OverdueBadge } from './OverdueBadge.js';
import { SectorChip } from './SectorChip.js';
import { SeverityBadge } from './SeverityBadge.js';
import { WorkflowActions } from './WorkflowActions.js';
import { overdueOf } from './overdue.js';
import { categoryName } from './presentation.js';
import { selectIncident, useIncidentViewStore } from './store.js';
import { useIncident } from './useIncident.js';
import { useResponseTargets } from './useOverdue.js';
import { IncidentWarningAction } from '../warnings/WarningsBoard.js';

/**
 * The selected incident and everything done about it: the response's buttons, its units, its
 * support requests, its live notes, merged reports and history. Every field is plain text:
 * React escapes it. Esc closes it (see the keyboard shortcuts).
 */
export function IncidentPanel() {
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  const { incident, isError } = useIncident(selectedId);
  if (selectedId === null) return null;
  return (
    <PanelFrame>
      {incident ? <PanelBody key={incident.id} incident={incident} /> : <PanelMessage isError={isError} />}
    </PanelFrame>
  );
}

function PanelFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <aside className="incident-panel" data-testid="incident-panel" aria-labelledby="incident-panel-title">
      <button
        type="button"
        className="icon-button incident-panel__close"
        aria-label={t('details.close')}
        title={t('details.closeKey')}
        onClick={() => {
          selectIncident(null);
        }}
      >
        ×
      </button>
      {/* The older name of the same panel, which earlier browser tests read. */}
      <div className="incident-panel__content" data-testid="incident-details">
        {children}
      </div>
    </aside>
  );
}

function PanelMessage({ isError }: { isError: boolean }) {
  const { t } = useI18n();
  return (
    <p id="incident-panel-title" className="panel-note">
      {isError ? t('details.gone') : t('details.loading')}
    </p>
  );
}

function PanelBody({ incident }: { incident: Incident }) {
  const { t, text } = useI18n();
  const viewer = useViewer();
  const nowMs = useNow();
  const targets = useResponseTargets();
  const overdue = overdueOf(incident, targets, nowMs);
  const canAct = canWork(viewer, incident);
  return (
    <>
      <div className="incident-panel__head">
        <SectorChip sector={incident.sector} />
        <h2 id="incident-panel-title" className="incident-panel__title">
          <bdi>{incident.title}</bdi>
        </h2>
      </div>
      <div className="incident-panel__badges">
        <SeverityBadge incident={incident} />
        <span className="status-badge" data-testid="incident-status" data-status={incident.status}>
          {text(STATUS_NAMES[incident.status])}
        </span>
        {overdue && <OverdueBadge overdue={overdue} />}
        {!isActive(incident) && (
          <span className="status-badge status-badge--inactive">{t('details.inactive')}</span>
        )}
        {incident.exerciseId !== null && (
          <span className="exercise-badge">{t('details.exercise', { id: incident.exerciseId })}</span>
        )}
        {incident.involvedSectors.length > 1 && (
          <span className="involved" title={t('details.involved')}>
            {incident.involvedSectors
              .filter((sector) => sector !== incident.sector)
              .map((sector) => (
                <SectorChip key={sector} sector={sector} />
              ))}
          </span>
        )}
      </div>
      {incident.mergedInto !== null && <MergedNotice survivorId={incident.mergedInto} />}
      {incident.description !== '' && (
        <p className="incident-panel__description">
          <bdi>{incident.description}</bdi>
        </p>
      )}
      {canAct ? (
        <WorkflowActions incident={incident} />
      ) : (
        <p className="muted incident-panel__readonly">{t('details.readOnly')}</p>
      )}
      {isActive(incident) && <IncidentWarningAction incidentId={incident.id} />}
      <AssignedUnits incident={incident} canAct={canAct && isActive(incident)} />
      <IncidentSupport incident={incident} canAct={canAct && isActive(incident)} />
      <IncidentDetections incident={incident} />
      <NotesLog incident={incident} canWrite={canAct} />
      <Contributions incident={incident} />
      <IncidentFacts incident={incident} />
      <IncidentTimeline incident={incident} />
    </>
  );
}

function MergedNotice({ survivorId }: { survivorId: string }) {
  const { t } = useI18n();
  return (
    <p className="notice" role="status">
      {t('details.mergedInto')}{' '}
      <button
        type="button"
        className="text-button"
        data-testid="open-survivor"
        onClick={() => {
          selectIncident(survivorId);
          focusIncident(survivorId);
        }}
      >
        {t('details.openSurvivor')}
      </button>
    </p>
  );
}

/** The report's particulars: sector, category, place, times and source. */
function IncidentFacts({ incident }: { incident: Incident }) {
  const { t, text, dateTime, relative } = useI18n();
  const nowMs = useNow();
  const governorateNames = useGovernorateNames();
  const governorate = incident.governorate ? governorateNames.get(incident.governorate) : undefined;
  return (
    <details className="panel-section facts">
      <summary className="panel-section__title">{t('details.facts')}</summary>
      <dl className="incident-panel__fields">
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
          <bdi>{incident.externalRef ?? t('details.none')}</bdi>
        </dd>
      </dl>
      <button
        type="button"
        className="button"
        onClick={() => {
          focusIncident(incident.id);
        }}
      >
        {t('details.flyTo')}
      </button>
    </details>
  );
}
