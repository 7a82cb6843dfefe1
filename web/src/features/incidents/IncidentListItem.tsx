import { STATUS_NAMES, type Incident, type GovernorateId, type LocalizedText } from '@mirsad/shared';
import { memo, type Ref } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { responseStage } from '../map/incidentFeatures.js';
import { focusIncident } from '../map/store.js';
import { OverdueBadge } from './OverdueBadge.js';
import { SectorChip } from './SectorChip.js';
import { overdueOf, type ResponseTargets } from './overdue.js';
import { SeverityBadge } from './SeverityBadge.js';
import { selectIncident } from './store.js';

interface IncidentListItemProps {
  /** The virtual list's measuring ref: rows differ in height (a title may wrap). */
  ref?: Ref<HTMLLIElement>;
  /** The row's place in the whole list (0-based) and the list's length, for screen readers. */
  index: number;
  setSize: number;
  /** Where the row starts in the list, in px: the list draws only the rows in view. */
  offsetPx: number;
  incident: Incident;
  isSelected: boolean;
  nowMs: number;
  governorateNames: ReadonlyMap<GovernorateId, LocalizedText>;
  /**
   * The response targets, for whether the row is overdue: worked out here, not passed in as an
   * `Overdue`, which would be a new object on every commit and render every row again.
   */
  targets: ResponseTargets;
}

/**
 * One row of the live list. Memoised: the cache keeps unchanged incidents as the same objects
 * across event flushes and the other props change only with the clock or the targets, so a
 * flush renders again only the rows whose incident changed.
 */
export const IncidentListItem = memo(function IncidentListItem({
  ref,
  index,
  setSize,
  offsetPx,
  incident,
  isSelected,
  nowMs,
  governorateNames,
  targets,
}: IncidentListItemProps) {
  const { t, text, relative, shortTime } = useI18n();
  const overdue = overdueOf(incident, targets, nowMs);
  const governorate = incident.governorate ? governorateNames.get(incident.governorate) : undefined;
  const governorateText = incident.governorate
    ? governorate
      ? text(governorate)
      : incident.governorate
    : t('governorate.none');
  return (
    <li
      ref={ref}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      style={{
        position: 'absolute',
        insetBlockStart: 0,
        insetInline: 0,
        transform: `translateY(${offsetPx}px)`,
      }}
      className={[
        'incident-row',
        incident.severity === 5 ? 'incident-row--critical' : '',
        overdue ? 'incident-row--overdue' : '',
      ]
        .filter(Boolean)
        .join(' ')}
    >
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
          {/* Its own paragraph direction (unicode-bidi: plaintext): a title in the other script
              keeps its order, and a clamped one its ellipsis at its end, in the list's alignment. */}
          <span className="incident-row__title">{incident.title}</span>
          <span className="incident-row__meta">
            <SeverityBadge incident={incident} />
            <span className={`incident-row__status incident-row__status--${incident.status}`}>
              <span
                className={`stage-glyph stage-glyph--${responseStage(incident.status)}`}
                aria-hidden="true"
              />
              {text(STATUS_NAMES[incident.status])}
            </span>
            {overdue && <OverdueBadge overdue={overdue} isCompact />}
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
