import {
  RESPONSE_MILESTONES,
  STATUS_NAMES,
  applyEvents,
  secondsToMilestone,
  type Decision,
  type ReviewFigures,
} from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../i18n/errorText.js';
import { useI18n, type I18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { incidentQueries } from '../incidents/queries.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { actorName, describeEvent } from '../incidents/timeline.js';
import { MILESTONE_LABELS } from './ReviewCharts.js';

/** A duration as people read it: "45 s", "8 min", "1 h 10 min"; a dash for none. */
export function formatDuration(seconds: number | null, { t, number }: Pick<I18n, 't' | 'number'>): string {
  if (seconds === null) return t('review.none');
  if (seconds < 60) return t('review.duration.s', { s: number(seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('review.duration.min', { min: number(minutes) });
  return t('review.duration.h', { h: number(Math.floor(minutes / 60)), min: number(minutes % 60) });
}

/** The key figures of a range, as a definition list. */
export function KeyFigures({ figures }: { figures: ReviewFigures }) {
  const i18n = useI18n();
  const { t, number, dateTime } = i18n;
  const share =
    figures.acknowledgedWithinTarget === null
      ? t('review.none')
      : `${number(Math.round(figures.acknowledgedWithinTarget * 100))}%`;
  const items: [string, MessageKey, string][] = [
    ['reported', 'review.figure.reported', number(figures.reported)],
    ['closed', 'review.figure.closed', number(figures.closed)],
    ['cancelled', 'review.figure.cancelled', number(figures.cancelled)],
    ['open-start', 'review.figure.openAtStart', number(figures.openAtStart)],
    ['open-end', 'review.figure.openAtEnd', number(figures.openAtEnd)],
    [
      'peak',
      'review.figure.peakOpen',
      figures.peakOpenAt
        ? `${number(figures.peakOpen)} · ${dateTime(figures.peakOpenAt)}`
        : number(figures.peakOpen),
    ],
    ['ack', 'review.figure.medianAck', formatDuration(figures.medianAcknowledgeS, i18n)],
    ['dispatch', 'review.figure.medianDispatch', formatDuration(figures.medianDispatchS, i18n)],
    ['within', 'review.figure.ackWithinTarget', share],
    ['support', 'review.figure.support', number(figures.supportRequests)],
    ['decisions', 'review.figure.decisions', number(figures.decisions)],
    ['units', 'review.figure.peakUnits', number(figures.peakUnitsBusy)],
  ];
  return (
    <dl className="review-figures" data-testid="review-figures">
      {items.map(([id, label, value]) => (
        <div key={id} className="review-figures__item" data-testid={`figure-${id}`}>
          <dt>{t(label)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const DECISION_LABELS: Readonly<Record<Decision['kind'], MessageKey>> = {
  status: 'review.decision.status',
  edit: 'review.decision.edit',
  assigned: 'review.decision.assigned',
  released: 'review.decision.released',
  merged: 'review.decision.merged',
  'support-requested': 'review.decision.supportRequested',
  'support-answered': 'review.decision.supportAnswered',
  note: 'review.decision.note',
  'link-dismissed': 'review.decision.linkDismissed',
  'pattern-detected': 'review.decision.patternDetected',
  'pattern-acknowledged': 'review.decision.patternAcknowledged',
  'pattern-ended': 'review.decision.patternEnded',
};

/** Who decided what, and when: a table; every text from the log is shown as text. */
export function DecisionsTable({
  decisions,
  isTruncated,
}: {
  decisions: readonly Decision[];
  isTruncated: boolean;
}) {
  const { t, text, dateTime } = useI18n();
  if (decisions.length === 0) return <p className="muted">{t('review.decisions.none')}</p>;
  return (
    <>
      <table className="review-table" data-testid="review-decisions">
        <thead>
          <tr>
            <th scope="col">{t('review.decisions.when')}</th>
            <th scope="col">{t('review.decisions.who')}</th>
            <th scope="col">{t('review.decisions.incident')}</th>
            <th scope="col">{t('review.decisions.what')}</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((decision) => (
            <tr key={decision.seq} data-testid="review-decision">
              <td className="review-table__time">
                <time dateTime={decision.at}>{dateTime(decision.at)}</time>
              </td>
              <td>
                <bdi className="mono">{actorName(decision.actor)}</bdi>
              </td>
              <td>
                <SectorChip sector={decision.sector} />{' '}
                {/* A series is told in the reader's language; an incident by its own title. */}
                <bdi dir="auto">
                  {decision.explanation ? text(decision.explanation) : decision.incidentTitle}
                </bdi>
              </td>
              <td>
                {t(DECISION_LABELS[decision.kind])}
                {decision.status && ` · ${text(STATUS_NAMES[decision.status])}`}
                {decision.detail && (
                  <>
                    {' — '}
                    <bdi dir="auto">{decision.detail}</bdi>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {isTruncated && <p className="muted">{t('review.decisions.truncated', { count: decisions.length })}</p>}
    </>
  );
}

/** An incident's whole history from the log, with the time from its report to each milestone. */
export function IncidentReviewTimeline({ incidentId }: { incidentId: string }) {
  const i18n = useI18n();
  const { t, text, dateTime } = i18n;
  const events = useQuery(incidentQueries.events(incidentId));
  if (events.isPending) return <p className="muted">{t('timeline.loading')}</p>;
  if (events.isError)
    return (
      <p className="form-message" role="alert">
        {errorText(i18n, events.error)}
      </p>
    );
  const incident = applyEvents(new Map(), events.data).get(incidentId);
  return (
    <section
      className="review-timeline"
      data-testid="review-timeline"
      aria-label={t('review.timeline.title')}
    >
      {incident && (
        <>
          <h3 className="review-timeline__title">
            <SectorChip sector={incident.sector} /> <bdi dir="auto">{incident.title}</bdi> ·{' '}
            {text(STATUS_NAMES[incident.status])}
          </h3>
          <dl className="review-durations" data-testid="review-durations">
            {RESPONSE_MILESTONES.map((milestone) => (
              <div key={milestone} className="review-durations__item" data-milestone={milestone}>
                <dt>{t('review.timeline.reportTo', { milestone: t(MILESTONE_LABELS[milestone]) })}</dt>
                <dd>{formatDuration(secondsToMilestone(incident, milestone), i18n)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <ol className="review-timeline__list">
        {events.data.map((event) => (
          <li key={event.id} className="review-timeline__item" data-testid="review-timeline-item">
            <time dateTime={event.at}>{dateTime(event.at)}</time>
            <span>{describeEvent(i18n, event, incidentId)}</span>
            <bdi className="mono">{actorName(event.actor)}</bdi>
          </li>
        ))}
      </ol>
    </section>
  );
}
