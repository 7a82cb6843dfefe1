import './incidents.css';
import type { Incident } from '@mirsad/shared';
import { useId } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { SectorChip } from './SectorChip.js';
import { categoryName } from './presentation.js';

/** The reports merged into this incident, each with its sector: every sector's part stays visible. */
export function Contributions({ incident }: { incident: Incident }) {
  const { t, text, shortTime } = useI18n();
  const titleId = useId();
  if (incident.contributions.length === 0) return null;
  return (
    <section className="panel-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="panel-section__title">
        {t('contributions.title')}
      </h3>
      <ul className="contributions">
        <li className="contribution contribution--own">
          <SectorChip sector={incident.sector} />
          <span className="contribution__body">
            <span className="contribution__title">
              <bdi>{incident.title}</bdi>
            </span>
            <span className="contribution__meta">
              {text(categoryName(incident))} · <bdi className="mono">{incident.source}</bdi> ·{' '}
              <time dateTime={incident.reportedAt}>{shortTime(incident.reportedAt)}</time>
            </span>
          </span>
        </li>
        {incident.contributions.map((contribution) => (
          <li
            key={contribution.incidentId}
            className="contribution"
            data-testid="contribution-item"
            data-incident-id={contribution.incidentId}
          >
            <SectorChip sector={contribution.sector} />
            <span className="contribution__body">
              <span className="contribution__title">
                <bdi>{contribution.title}</bdi>
              </span>
              <span className="contribution__meta">
                {text(categoryName(contribution))} · <bdi className="mono">{contribution.source}</bdi>
                {contribution.externalRef !== null && (
                  <>
                    {' '}
                    (<bdi className="mono">{contribution.externalRef}</bdi>)
                  </>
                )}{' '}
                · <time dateTime={contribution.reportedAt}>{shortTime(contribution.reportedAt)}</time>
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
