import { patternGroupById, type Pattern, type SectorId } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { patternHistory, patternsAliveAt, type PatternHistoryEntry } from './patternState.js';
import './patterns.css';
import { patternQueries } from './queries.js';

const KIND_LABELS: Readonly<Record<PatternHistoryEntry['kind'], MessageKey>> = {
  detected: 'patterns.review.detected',
  acknowledged: 'patterns.review.acknowledged',
  ended: 'patterns.review.ended',
};

/** A log's series, narrowed to the review's sectors when it names some. */
export function useReviewedPatterns(exerciseId: string | null, sectors: readonly SectorId[] | undefined) {
  const query = useQuery(patternQueries.history(exerciseId));
  const { data } = query;
  const patterns = useMemo(() => {
    const all = data ?? [];
    return sectors ? all.filter((p) => p.sectors.some((sector) => sectors.includes(sector))) : all;
  }, [data, sectors]);
  return { patterns, isPending: query.isPending, error: query.error };
}

/**
 * What pattern watch found in the reviewed range, and what the room did about it: each series
 * detected, acknowledged (by whom) and ended, oldest first, with its explanation in the page's
 * language. Read from the log's patterns (`GET /api/patterns?scope=all`), never the socket.
 */
export function ReviewPatterns({
  exerciseId,
  fromMs,
  toMs,
  sectors,
}: {
  exerciseId: string | null;
  fromMs: number;
  toMs: number;
  sectors: readonly SectorId[] | undefined;
}) {
  const i18n = useI18n();
  const { t, text, dateTime } = i18n;
  const { patterns, isPending, error } = useReviewedPatterns(exerciseId, sectors);
  const entries = patternHistory(patterns, fromMs, toMs);
  return (
    <section className="review-card" aria-label={t('patterns.review.title')} data-testid="review-patterns">
      <h2 className="panel-title">{t('patterns.review.title')}</h2>
      {error ? (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, error)}
        </p>
      ) : isPending ? (
        <p className="panel-note">{t('patterns.review.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted" data-testid="review-patterns-empty">
          {t('patterns.review.none')}
        </p>
      ) : (
        <table className="pattern-history">
          <thead>
            <tr>
              <th scope="col">{t('patterns.review.when')}</th>
              <th scope="col">{t('patterns.review.what')}</th>
              <th scope="col">{t('patterns.review.who')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr
                key={entry.key}
                data-testid="review-pattern"
                data-kind={entry.kind}
                data-pattern-id={entry.pattern.id}
              >
                <td>
                  <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                </td>
                <td>
                  <span className={`pattern-history__kind pattern-history__kind--${entry.kind}`}>
                    {t(KIND_LABELS[entry.kind])}
                  </span>{' '}
                  · {text(patternGroupById(entry.pattern.cluster.group).name)}{' '}
                  {entry.pattern.sectors.map((sector) => (
                    <SectorChip key={sector} sector={sector} />
                  ))}
                  {entry.kind === 'detected' ? (
                    <p className="pattern-alert__explanation" dir="auto">
                      {text(entry.pattern.cluster.explanation)}
                    </p>
                  ) : (
                    // Which series: the one detected then (its explanation is on that row).
                    <p className="pattern-history__which">
                      {t('patterns.alert.detectedAt', { time: dateTime(entry.pattern.detectedAt) })}
                    </p>
                  )}
                </td>
                <td>
                  <bdi>{entry.by ?? t('patterns.review.system')}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How many series were alive at the replayed moment, for the replay's figures. */
export function PatternsAtMoment({ patterns, atMs }: { patterns: readonly Pattern[]; atMs: number }) {
  const { t } = useI18n();
  const alive = patternsAliveAt(patterns, atMs).length;
  return (
    <p className="review-patterns-moment" data-testid="review-patterns-moment" data-count={alive}>
      {t('patterns.review.atMoment', { count: alive })}
    </p>
  );
}
