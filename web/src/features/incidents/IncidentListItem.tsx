import { STATUS_NAMES, type Incident, type GovernorateId, type LocalizedText } from '@mirsad/shared';
import { memo } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { focusIncident } from '../map/store.js';
import { SectorChip } from './SectorChip.js';
import { SeverityBadge } from './SeverityBadge.js';
import { selectIncident } from './store.js';

interface IncidentListItemProps {
  incident: Incident;
  isSelected: boolean;
  nowMs: number;
  governorateNames: ReadonlyMap<GovernorateId, LocalizedText>;
}

/**
 * One row of the live list. Memoised: the cache keeps unchanged incidents as the same objects
 * across event flushes, so only rows whose incident changed render again.
 */
export const IncidentListItem = memo(function IncidentListItem({
  incident,
  isSelected,
  nowMs,
  governorateNames,
}: IncidentListItemProps) {
  const { t, text, relative, shortTime } = useI18n();
  const governorate = incident.governorate ? governorateNames.get(incident.governorate) : undefined;
  const governorateText = incident.governorate
    ? governorate
      ? text(governorate)
      : incident.governorate
    : t('governorate.none');
  return (
    <li className={incident.severity === 5 ? 'incident-row incident-row--critical' : 'incident-row'}>
      <button
        type="button"
        className="incident-row__button"
        data-testid="incident-item"
        data-incident-id={incident.id}
        aria-current={isSelected ? 'true' : undefined}
        onClick={() => {
          selectIncident(incident.id);
          focusIncident(incident.id);
        }}
      >
        <SectorChip sector={incident.sector} />
        <span className="incident-row__body">
          <span className="incident-row__title">
            {/* Isolated: a title in the other script keeps its own order, the list's alignment. */}
            <bdi>{incident.title}</bdi>
          </span>
          <span className="incident-row__meta">
            <SeverityBadge incident={incident} />
            <span className="incident-row__status">{text(STATUS_NAMES[incident.status])}</span>
            <span className="incident-row__place">{governorateText}</span>
          </span>
        </span>
        <span className="incident-row__time">
          <time dateTime={incident.reportedAt}>{shortTime(incident.reportedAt)}</time>
          <span className="incident-row__ago">{relative(incident.reportedAt, nowMs)}</span>
        </span>
      </button>
    </li>
  );
});
