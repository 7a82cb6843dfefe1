import './review.css';
import {
  GOVERNORATE_IDS,
  REVIEW_RANGE_MAX_MS,
  SECTOR_IDS,
  reviewSectorsOf,
  SEVERITY_NAMES,
  STATUS_NAMES,
  isActive,
  matchesReviewFilter,
  mayOpenReview,
  sectorById,
  type Picture,
  type ResponseMilestone,
  type ReviewQuery,
  type Severity,
} from '@mirsad/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { PanelBoundary } from '../../ui/PanelBoundary.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { configQueries } from '../config/queries.js';
import { patternsAliveAt } from '../patterns/patternState.js';
import { PatternsAtMoment, ReviewPatterns, useReviewedPatterns } from '../patterns/ReviewPatterns.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { SeverityBadge } from '../incidents/SeverityBadge.js';
import { reviewQueries } from './queries.js';
import { MILESTONE_LABELS, ReviewChartSet, targetSeverityOf } from './ReviewCharts.js';
import { DecisionsTable, IncidentReviewTimeline, KeyFigures } from './ReviewSections.js';
import {
  PLAYBACK_SPEEDS,
  PLAYBACK_TICK_MS,
  fromKuwaitInput,
  nextPlaybackMoment,
  reviewSearch,
  toKuwaitInput,
} from './reviewParams.js';
import {
  setMoment,
  setPlaying,
  setSpeed,
  useReviewAddress,
  useReviewNavigation,
  useReviewStore,
  type PlaybackSpeed,
} from './store.js';

// The map's megabyte of script arrives after the filters and the list are on the screen.
const ReviewMap = lazy(() => import('./ReviewMap.js').then((module) => ({ default: module.ReviewMap })));

const SEVERITIES = [1, 2, 3, 4, 5] as const satisfies readonly Severity[];

/** The range and filters as the API reads them. */
function useReviewQuery(bounds: { firstMs: number; lastMs: number } | null): ReviewQuery {
  const { filter, fromMs, toMs } = useReviewAddress();
  const to = toMs ?? bounds?.lastMs;
  // Left open, the range is the whole log, or its last month when it is longer (the server
  // refuses a review of more than REVIEW_RANGE_MAX_DAYS).
  const from =
    fromMs ?? (bounds ? Math.max(bounds.firstMs, (to ?? bounds.lastMs) - REVIEW_RANGE_MAX_MS) : undefined);
  return {
    ...filter,
    ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
  };
}

/**
 * The commander's review (`/review`): the picture at any moment of the log, played forward or
 * stepped event by event, the charts of a range, the decisions, an incident's timeline, the
 * exports and the printable report. Not live: it reads the log, never the socket.
 */
export function ReviewView() {
  const { t } = useI18n();
  const principal = usePrincipal();
  if (!mayOpenReview(principal.role)) {
    return (
      <main className="review review--forbidden">
        <p className="panel-note panel-note--error" role="alert" data-testid="review-forbidden">
          {t('review.forbidden')}
        </p>
      </main>
    );
  }
  return <Review isTrainer={principal.role === 'trainer'} />;
}

function Review({ isTrainer }: { isTrainer: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const exerciseId = useReviewAddress().filter.exercise ?? null;
  const exercises = useQuery(reviewQueries.exercises());
  const { setFilter } = useReviewNavigation();

  // A trainer reviews exercises only: start on the first one they may see.
  useEffect(() => {
    const first = exercises.data?.[0];
    if (isTrainer && exerciseId === null && first) setFilter({ exercise: first.id });
  }, [isTrainer, exerciseId, exercises.data, setFilter]);

  const boundsQuery = useQuery({
    ...reviewQueries.bounds(exerciseId),
    enabled: !isTrainer || exerciseId !== null,
  });
  const first = boundsQuery.data?.first;
  const last = boundsQuery.data?.last;
  const bounds = first && last ? { firstMs: Date.parse(first.at), lastMs: Date.parse(last.at) } : null;
  const query = useReviewQuery(bounds);

  return (
    <main className="review" data-testid="review" aria-label={t('review.title')}>
      <ReviewFilters isTrainer={isTrainer} query={query} />
      {boundsQuery.isError ? (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, boundsQuery.error)}
        </p>
      ) : !bounds ? (
        <p className="panel-note" data-testid="review-empty">
          {boundsQuery.isPending ? t('review.loading') : t('review.emptyLog')}
        </p>
      ) : (
        <>
          <Replay firstMs={bounds.firstMs} lastMs={bounds.lastMs} exerciseId={exerciseId} />
          <RangeReview query={query} />
        </>
      )}
    </main>
  );
}

function MultiSelect<T extends string | number>({
  id,
  label,
  options,
  selected,
  nameOf,
  onChange,
}: {
  id: string;
  label: string;
  options: readonly T[];
  selected: readonly T[] | undefined;
  nameOf: (value: T) => string;
  onChange: (values: T[] | undefined) => void;
}) {
  return (
    <label className="field review-filters__field">
      <span className="field__label">{label}</span>
      <select
        multiple
        className="input review-filters__select"
        data-testid={`review-filter-${id}`}
        value={(selected ?? []).map(String)}
        onChange={(event) => {
          const values = [...event.currentTarget.selectedOptions].map(
            (option) => options.find((value) => String(value) === option.value) as T,
          );
          onChange(values.length === 0 ? undefined : values);
        }}
      >
        {options.map((value) => (
          <option key={value} value={String(value)}>
            {nameOf(value)}
          </option>
        ))}
      </select>
    </label>
  );
}

function ReviewFilters({ isTrainer, query }: { isTrainer: boolean; query: ReviewQuery }) {
  const { t, text, locale } = useI18n();
  const filter = useReviewAddress().filter;
  const { setFilter } = useReviewNavigation();
  const exercises = useQuery(reviewQueries.exercises());
  const principal = usePrincipal();
  const reviewed = (exercises.data ?? []).find((exercise) => exercise.id === filter.exercise);
  // A trainee reviews only their own sectors of their exercise: the server refuses the others.
  const sectorOptions = (reviewed && reviewSectorsOf(principal, reviewed.id, reviewed)) ?? SECTOR_IDS;
  const categories = (filter.sector ?? sectorOptions).flatMap((id) =>
    sectorById(id).categories.map((category) => ({ id: category.id, name: category.name })),
  );
  const exportSearch = reviewSearch(query);
  const selectedIncidentId = useReviewAddress().selectedIncidentId;
  const reportSearch = reviewSearch(query, {
    lang: locale,
    ...(selectedIncidentId ? { incident: selectedIncidentId } : {}),
  });
  return (
    <section className="review-filters" aria-label={t('review.filters')}>
      <label className="field review-filters__field">
        <span className="field__label">{t('review.scope')}</span>
        <select
          className="input"
          data-testid="review-scope"
          value={filter.exercise ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilter({ exercise: value === '' ? undefined : value });
          }}
        >
          {!isTrainer && <option value="">{t('review.scope.live')}</option>}
          {(exercises.data ?? []).map((exercise) => (
            <option key={exercise.id} value={exercise.id}>
              {text(exercise.name)} ({exercise.id})
            </option>
          ))}
        </select>
      </label>
      <RangeInputs />
      <MultiSelect
        id="sector"
        label={t('review.filter.sector')}
        options={sectorOptions}
        selected={filter.sector}
        nameOf={(id) => text(sectorById(id).name)}
        onChange={(sector) => {
          setFilter({ sector, category: undefined });
        }}
      />
      <MultiSelect
        id="governorate"
        label={t('review.filter.governorate')}
        options={GOVERNORATE_IDS}
        selected={filter.governorate}
        nameOf={(id) => t(`review.governorate.${id}`)}
        onChange={(governorate) => {
          setFilter({ governorate });
        }}
      />
      <MultiSelect
        id="category"
        label={t('review.filter.category')}
        options={categories.map((c) => c.id)}
        selected={filter.category}
        nameOf={(id) => {
          const category = categories.find((c) => c.id === id);
          return category ? text(category.name) : id;
        }}
        onChange={(category) => {
          setFilter({ category });
        }}
      />
      <MultiSelect
        id="severity"
        label={t('review.filter.severity')}
        options={SEVERITIES}
        selected={filter.severity as Severity[] | undefined}
        nameOf={(severity) => `${severity} ${text(SEVERITY_NAMES[severity])}`}
        onChange={(severity) => {
          setFilter({ severity });
        }}
      />
      <div className="review-filters__actions">
        <a
          className="button"
          data-testid="export-csv"
          href={`/api/export/events?format=csv&${exportSearch}`}
          download
        >
          {t('review.export.csv')}
        </a>
        <a
          className="button"
          data-testid="export-json"
          href={`/api/export/events?format=json&${exportSearch}`}
          download
        >
          {t('review.export.json')}
        </a>
        <a
          className="button button--primary"
          data-testid="report-link"
          href={`/review/report?${reportSearch}`}
          target="_blank"
          rel="noopener"
        >
          {t('review.report.open')}
        </a>
      </div>
    </section>
  );
}

function RangeInputs() {
  const { t } = useI18n();
  const { fromMs, toMs } = useReviewAddress();
  const { setRange } = useReviewNavigation();
  return (
    <>
      <label className="field review-filters__field">
        <span className="field__label">{t('review.range.from')}</span>
        <input
          type="datetime-local"
          className="input"
          data-testid="review-from"
          value={fromMs === null ? '' : toKuwaitInput(fromMs)}
          onChange={(event) => {
            setRange(fromKuwaitInput(event.currentTarget.value), toMs);
          }}
        />
      </label>
      <label className="field review-filters__field">
        <span className="field__label">{t('review.range.to')}</span>
        <input
          type="datetime-local"
          className="input"
          data-testid="review-to"
          value={toMs === null ? '' : toKuwaitInput(toMs)}
          onChange={(event) => {
            setRange(fromMs, fromKuwaitInput(event.currentTarget.value));
          }}
        />
      </label>
    </>
  );
}

/** Moves the moment on while playing, one tick at a time, and stops at the end. */
function usePlayback(lastMs: number): void {
  const { isPlaying, speed } = useReviewStore(
    useShallow((s) => ({ isPlaying: s.isPlaying, speed: s.speed })),
  );
  useEffect(() => {
    if (!isPlaying) return;
    const timer = setInterval(() => {
      const { momentMs } = useReviewStore.getState();
      const next = nextPlaybackMoment(momentMs ?? lastMs, speed, lastMs);
      setMoment(next, true);
      if (next >= lastMs) setPlaying(false);
    }, PLAYBACK_TICK_MS);
    return () => {
      clearInterval(timer);
    };
  }, [isPlaying, speed, lastMs]);
}

function Replay({
  firstMs,
  lastMs,
  exerciseId,
}: {
  firstMs: number;
  lastMs: number;
  exerciseId: string | null;
}) {
  const i18n = useI18n();
  const { t, dateTime, number } = i18n;
  const queryClient = useQueryClient();
  const {
    momentMs: chosen,
    isPlaying,
    speed,
  } = useReviewStore(useShallow((s) => ({ momentMs: s.momentMs, isPlaying: s.isPlaying, speed: s.speed })));
  const momentMs = chosen ?? lastMs;
  usePlayback(lastMs);
  const picture = useQuery(reviewQueries.picture(momentMs, exerciseId));
  const { patterns } = useReviewedPatterns(exerciseId, useReviewAddress().filter.sector);
  const alivePatterns = useMemo(() => patternsAliveAt(patterns, momentMs), [patterns, momentMs]);
  const isCurrent =
    picture.data !== undefined && Date.parse(picture.data.at) === momentMs && !picture.isPlaceholderData;
  const seq = picture.data?.seq ?? 0;

  const step = async (direction: 'after' | 'before'): Promise<void> => {
    setPlaying(false);
    const page = await queryClient.query(
      reviewQueries.step(direction, Math.max(direction === 'before' ? 1 : 0, seq), exerciseId),
    );
    const moment = page.moments.at(-1);
    if (moment) setMoment(Date.parse(moment.at));
    else if (direction === 'before') setMoment(firstMs - 1);
  };

  return (
    <section className="review-replay" aria-label={t('review.replay')}>
      <div className="review-player">
        <div className="review-player__buttons">
          <button
            type="button"
            className="icon-button"
            data-testid="step-back"
            aria-label={t('review.stepBack')}
            title={t('review.stepBack')}
            disabled={seq === 0}
            onClick={() => void step('before')}
          >
            ⏮
          </button>
          <button
            type="button"
            className="button button--primary review-player__play"
            data-testid="play"
            aria-pressed={isPlaying}
            onClick={() => {
              if (!isPlaying && momentMs >= lastMs) setMoment(firstMs);
              setPlaying(!isPlaying);
            }}
          >
            {isPlaying ? t('review.pause') : t('review.play')}
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="step-forward"
            aria-label={t('review.stepForward')}
            title={t('review.stepForward')}
            onClick={() => void step('after')}
          >
            ⏭
          </button>
          <label className="review-player__speed">
            <span className="sr-only">{t('review.speed')}</span>
            <select
              className="input"
              data-testid="speed"
              value={speed}
              onChange={(event) => {
                setSpeed(Number(event.currentTarget.value) as PlaybackSpeed);
              }}
            >
              {PLAYBACK_SPEEDS.map((value) => (
                <option key={value} value={value}>
                  {number(value)}×
                </option>
              ))}
            </select>
          </label>
        </div>
        <input
          type="range"
          className="review-player__slider"
          data-testid="moment-slider"
          aria-label={t('review.moment')}
          aria-valuetext={dateTime(momentMs)}
          min={firstMs - 1}
          max={lastMs}
          step={1}
          value={momentMs}
          onChange={(event) => {
            setMoment(Number(event.currentTarget.value));
          }}
        />
        <output
          className="review-player__moment mono"
          data-testid="moment"
          data-moment={new Date(momentMs).toISOString()}
          data-seq={isCurrent ? seq : ''}
        >
          {dateTime(momentMs)}
        </output>
      </div>
      <div className="review-replay__body">
        <div className="review-replay__map">
          <PanelBoundary panel="map">
            <Suspense fallback={<div className="map" aria-busy="true" />}>
              <ReviewMap picture={picture.data} patterns={alivePatterns} />
            </Suspense>
          </PanelBoundary>
        </div>
        <PictureList picture={picture.data} isCurrent={isCurrent}>
          <PatternsAtMoment patterns={patterns} atMs={momentMs} />
        </PictureList>
      </div>
    </section>
  );
}

function PictureList({
  picture,
  isCurrent,
  children,
}: {
  picture: Picture | undefined;
  isCurrent: boolean;
  /** What else was true at the moment (the crime series alive then). */
  children?: ReactNode;
}) {
  const { selectIncident } = useReviewNavigation();
  const { t, text, number, shortTime } = useI18n();
  const { filter, selectedIncidentId: selectedId } = useReviewAddress();
  const incidents = (picture?.incidents ?? []).filter((incident) => matchesReviewFilter(incident, filter));
  const units = (picture?.units ?? []).filter(
    (unit) => !filter.sector || filter.sector.includes(unit.sector),
  );
  const busy = units.filter((unit) => unit.status !== 'available' && unit.status !== 'out_of_service').length;
  return (
    <aside
      className="review-picture"
      data-testid="review-picture"
      data-state={isCurrent ? 'current' : 'loading'}
      aria-busy={!isCurrent}
    >
      <dl className="review-picture__figures">
        <div>
          <dt>{t('review.picture.open')}</dt>
          <dd data-testid="picture-open">{number(incidents.filter(isActive).length)}</dd>
        </div>
        <div>
          <dt>{t('review.picture.critical')}</dt>
          <dd>{number(incidents.filter((i) => i.severity === 5).length)}</dd>
        </div>
        <div>
          <dt>{t('review.picture.units')}</dt>
          <dd>
            {number(busy)} / {number(units.length)}
          </dd>
        </div>
        <div>
          <dt>{t('review.picture.shelters')}</dt>
          <dd>{number(picture?.shelters.length ?? 0)}</dd>
        </div>
      </dl>
      {children}
      {incidents.length === 0 ? (
        <p className="muted" data-testid="review-list-empty">
          {t('review.picture.none')}
        </p>
      ) : (
        <ul className="review-picture__list">
          {incidents.map((incident) => (
            <li key={incident.id}>
              <button
                type="button"
                className={incident.id === selectedId ? 'review-row review-row--selected' : 'review-row'}
                data-testid="review-incident"
                data-incident-id={incident.id}
                data-status={incident.status}
                aria-pressed={incident.id === selectedId}
                onClick={() => {
                  selectIncident(incident.id === selectedId ? null : incident.id);
                }}
              >
                <SectorChip sector={incident.sector} />
                <SeverityBadge incident={incident} />
                <span className="review-row__title" dir="auto">
                  {incident.title}
                </span>
                <span className="review-row__status">{text(STATUS_NAMES[incident.status])}</span>
                <time className="review-row__time" dateTime={incident.reportedAt}>
                  {shortTime(incident.reportedAt)}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

function RangeReview({ query }: { query: ReviewQuery }) {
  const i18n = useI18n();
  const { t } = i18n;
  const summary = useQuery(reviewQueries.summary(query));
  const config = useQuery(configQueries.client());
  const { milestone, selectedIncidentId: selectedId } = useReviewAddress();
  const { selectIncident, setMilestone } = useReviewNavigation();
  return (
    <div className="review-range">
      {selectedId && (
        <section className="review-card" aria-label={t('review.timeline.title')}>
          <div className="review-card__head">
            <h2 className="panel-title">{t('review.timeline.title')}</h2>
            <button
              type="button"
              className="text-button"
              onClick={() => {
                selectIncident(null);
              }}
            >
              {t('review.timeline.close')}
            </button>
          </div>
          <IncidentReviewTimeline incidentId={selectedId} />
        </section>
      )}
      {summary.isError ? (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, summary.error)}
        </p>
      ) : !summary.data ? (
        <p className="panel-note">{t('review.loading')}</p>
      ) : (
        <>
          <section className="review-card" aria-label={t('review.figures')}>
            <h2 className="panel-title">{t('review.figures')}</h2>
            <KeyFigures figures={summary.data.figures} />
          </section>
          <section className="review-card review-charts" aria-label={t('review.charts')}>
            <div className="review-card__head">
              <h2 className="panel-title">{t('review.charts')}</h2>
              <label className="field field--inline">
                <span className="field__label">{t('review.milestone')}</span>
                <select
                  className="input"
                  data-testid="review-milestone"
                  value={milestone}
                  onChange={(event) => {
                    setMilestone(event.currentTarget.value as ResponseMilestone);
                  }}
                >
                  {Object.entries(MILESTONE_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {t(label)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="review-charts__grid">
              <PanelBoundary panel="charts">
                <ReviewChartSet
                  summary={summary.data}
                  layout={{ isStatic: false, height: 240 }}
                  milestones={[milestone]}
                  targetSeverity={targetSeverityOf(query.severity)}
                  targets={config.data?.responseTargets}
                />
              </PanelBoundary>
            </div>
          </section>
          <ReviewPatterns
            exerciseId={query.exercise ?? null}
            fromMs={Date.parse(summary.data.from)}
            toMs={Date.parse(summary.data.to)}
            sectors={query.sector}
          />
          <section className="review-card" aria-label={t('review.decisions')}>
            <h2 className="panel-title">{t('review.decisions')}</h2>
            <DecisionsTable
              decisions={summary.data.decisions}
              isTruncated={summary.data.isDecisionsTruncated}
            />
          </section>
        </>
      )}
    </div>
  );
}
