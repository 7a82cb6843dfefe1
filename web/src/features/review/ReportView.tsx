import './review.css';
import { RESPONSE_MILESTONES, mayOpenReview, sectorById, type ReviewQuery } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { configQueries } from '../config/queries.js';
import { reviewQueries } from './queries.js';
import { ReviewChartSet, targetSeverityOf } from './ReviewCharts.js';
import { DecisionsTable, IncidentReviewTimeline, KeyFigures } from './ReviewSections.js';
import { parseReportSearch } from './reviewParams.js';

/** Width the report's charts are drawn at, px: the text width of an A4 page at 96 dpi with 15 mm margins. */
const REPORT_CHART_WIDTH_PX = 680;
const REPORT_CHART_HEIGHT_PX = 250;

/**
 * The after-action report (`/review/report?from=&to=&…` and optionally `&incident=`): one
 * printable page with the key figures, the charts, the incident's timeline and the decisions.
 * Charts are drawn at a fixed width without animation, so printing catches them whole.
 */
export function ReportView() {
  const { t } = useI18n();
  const principal = usePrincipal();
  const [address] = useState(() => parseReportSearch(window.location.search));
  if (!mayOpenReview(principal.role))
    return (
      <main className="report">
        <p className="panel-note panel-note--error" role="alert" data-testid="review-forbidden">
          {t('review.forbidden')}
        </p>
      </main>
    );
  if ('error' in address)
    return (
      <main className="report">
        <p className="panel-note panel-note--error" role="alert">
          {t('review.report.badAddress', { problem: address.error })}
        </p>
      </main>
    );
  return <Report query={address.query} incidentId={address.incidentId} />;
}

function Report({ query, incidentId }: { query: ReviewQuery; incidentId: string | null }) {
  const i18n = useI18n();
  const { t, text, dateTime, number } = i18n;
  const summary = useQuery(reviewQueries.summary(query));
  const config = useQuery(configQueries.client());
  const data = summary.data;
  const [generatedAt] = useState(() => Date.now());
  const filters = [
    query.sector?.map((id) => text(sectorById(id).name)).join('، '),
    query.governorate?.map((id) => t(`review.governorate.${id}`)).join('، '),
    query.category?.join(', '),
    query.severity?.map((s) => number(s)).join(', '),
    query.exercise,
  ].filter(Boolean);
  return (
    <main className="report" data-testid="report" data-state={data ? 'ready' : 'loading'}>
      <header className="report__head">
        <div>
          <h1 className="report__title">{t('review.report.title')}</h1>
          {data && (
            <p className="report__range" data-testid="report-range">
              {dateTime(data.from)} — {dateTime(data.to)}
              {filters.length > 0 && ` · ${filters.join(' · ')}`}
            </p>
          )}
        </div>
        <button
          type="button"
          className="button button--primary report__print"
          data-testid="report-print"
          onClick={() => {
            window.print();
          }}
        >
          {t('review.report.print')}
        </button>
      </header>
      {summary.isError ? (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, summary.error)}
        </p>
      ) : !data ? (
        <p className="panel-note">{t('review.loading')}</p>
      ) : (
        <>
          <section className="report__section">
            <h2>{t('review.figures')}</h2>
            <KeyFigures figures={data.figures} />
          </section>
          {incidentId && (
            <section className="report__section report__section--break">
              <h2>{t('review.timeline.title')}</h2>
              <IncidentReviewTimeline incidentId={incidentId} />
            </section>
          )}
          <section className="report__section report__section--break report__charts">
            <h2>{t('review.charts')}</h2>
            <ReviewChartSet
              summary={data}
              layout={{ isStatic: true, width: REPORT_CHART_WIDTH_PX, height: REPORT_CHART_HEIGHT_PX }}
              milestones={RESPONSE_MILESTONES.slice(0, 2)}
              targetSeverity={targetSeverityOf(query.severity)}
              targets={config.data?.responseTargets}
            />
          </section>
          <section className="report__section report__section--break">
            <h2>{t('review.decisions')}</h2>
            <DecisionsTable decisions={data.decisions} isTruncated={data.isDecisionsTruncated} />
          </section>
          <footer className="report__foot">
            {t('review.report.generated', { time: dateTime(generatedAt) })}
          </footer>
        </>
      )}
    </main>
  );
}
