import '../incidents/side-panels.css';
import '../incidents/incidents.css';
import { sectorById, type Incident, type Link } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { canDecide, useViewer } from '../auth/access.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { SeverityBadge } from '../incidents/SeverityBadge.js';
import { categoryName } from '../incidents/presentation.js';
import { useIncident } from '../incidents/useIncident.js';
import { selectIncident } from '../incidents/store.js';
import { focusIncident } from '../map/store.js';
import { useDismissLinkMutation, useMergeLinkMutation } from './mutations.js';
import { linkQueries } from './queries.js';

/**
 * Reports the server thinks are one incident, from two sectors: both side by side, with
 * merge (the earlier report survives and keeps the other as a contribution) and dismiss.
 * Shown only while a proposal is open.
 */
export function LinksPanel() {
  const { t, number } = useI18n();
  const { data: links = [] } = useQuery(linkQueries.proposed());
  if (links.length === 0) return null;
  return (
    <section className="side-panel links-panel" data-testid="links-panel" aria-labelledby="links-panel-title">
      <h2 id="links-panel-title" className="panel-title side-panel__title">
        {t('links.title')}
        <span className="side-panel__count">{number(links.length)}</span>
      </h2>
      <ul className="side-panel__list">
        {links.map((link) => (
          <LinkItem key={link.id} link={link} />
        ))}
      </ul>
    </section>
  );
}

function LinkItem({ link }: { link: Link }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const viewer = useViewer();
  const [firstId, secondId] = link.incidentIds;
  const first = useIncident(firstId);
  const second = useIncident(secondId);
  const merge = useMergeLinkMutation();
  const dismiss = useDismissLinkMutation();
  const mayDecide = canDecide(
    viewer,
    link,
    [first.incident, second.incident].filter((incident) => incident !== undefined),
  );
  const isPending = merge.isPending || dismiss.isPending;
  const error = merge.error ?? dismiss.error;
  return (
    <li className="link-item" data-testid="link-item" data-link-id={link.id}>
      <p className="link-item__why">
        {t('links.why', {
          metres: number(Math.round(link.distanceM)),
          minutes: Math.round(link.minutesApart),
        })}
      </p>
      <div className="link-item__pair">
        <LinkedReport
          id={firstId}
          incident={first.incident}
          isHidden={first.isError}
          fallbackSector={link.sectors[0]}
          isEarlier
        />
        <LinkedReport
          id={secondId}
          incident={second.incident}
          isHidden={second.isError}
          fallbackSector={link.sectors[1]}
          isEarlier={false}
        />
      </div>
      {mayDecide && (
        <div className="link-item__buttons">
          <button
            type="button"
            className="button button--primary"
            data-testid="link-merge"
            disabled={isPending}
            onClick={() => {
              merge.mutate({ linkId: link.id, survivorId: firstId });
            }}
          >
            {t('links.merge')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="link-dismiss"
            disabled={isPending}
            onClick={() => {
              dismiss.mutate(link.id);
            }}
          >
            {t('links.dismiss')}
          </button>
        </div>
      )}
      {error && (
        <p className="form-message" role="alert">
          {errorText(i18n, error)}
        </p>
      )}
    </li>
  );
}

function LinkedReport({
  id,
  incident,
  isHidden,
  fallbackSector,
  isEarlier,
}: {
  id: string;
  incident: Incident | undefined;
  /** The report could not be read: another sector's, outside this person's rooms. */
  isHidden: boolean;
  fallbackSector: Link['sectors'][number];
  isEarlier: boolean;
}) {
  const { t, text, shortTime } = useI18n();
  if (!incident) {
    return (
      <div className="linked-report" data-incident-id={id}>
        <SectorChip sector={fallbackSector} />
        <p className="muted">
          {isHidden
            ? t('links.otherSector', { sector: text(sectorById(fallbackSector).name) })
            : t('links.loading')}
        </p>
        {isEarlier && <p className="linked-report__survivor">{t('links.survivor')}</p>}
      </div>
    );
  }
  return (
    <div className="linked-report" data-incident-id={id}>
      <div className="linked-report__head">
        <SectorChip sector={incident.sector} />
        <SeverityBadge incident={incident} />
      </div>
      <button
        type="button"
        className="text-button linked-report__title"
        onClick={() => {
          selectIncident(incident.id);
          focusIncident(incident.id);
        }}
      >
        <bdi>{incident.title}</bdi>
      </button>
      <p className="linked-report__meta">{text(categoryName(incident))}</p>
      <p className="linked-report__meta">
        <time dateTime={incident.reportedAt}>{shortTime(incident.reportedAt)}</time> ·{' '}
        <bdi className="mono">{incident.source}</bdi>
      </p>
      {isEarlier && <p className="linked-report__survivor">{t('links.survivor')}</p>}
    </div>
  );
}
