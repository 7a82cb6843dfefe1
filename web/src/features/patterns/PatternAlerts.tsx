import { patternGroupById, type Pattern } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { Button } from '../../ui/Button.js';
import { canAcknowledgePattern, useViewer } from '../auth/access.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { useAcknowledgePatternMutation } from './mutations.js';
import { isAwaitingAcknowledgement } from './patternState.js';
import './patterns.css';
import { patternQueries } from './queries.js';
import { focusPattern, selectPattern, usePatternStore } from './store.js';

/** The series waiting for an acknowledgement first (newest first), then the acknowledged ones (newest first). */
export function alertOrder(patterns: readonly Pattern[]): Pattern[] {
  return [...patterns].sort(
    (a, b) =>
      Number(isAwaitingAcknowledgement(b)) - Number(isAwaitingAcknowledgement(a)) ||
      Date.parse(b.detectedAt) - Date.parse(a.detectedAt),
  );
}

/**
 * The room's pattern alerts: every crime series going on in the viewer's sectors, with its
 * explanation in the page's language. A new one waits at the top, marked new and announced to
 * screen readers, until an officer of its sectors or a commander acknowledges it; the
 * acknowledgement reaches every room live (`pattern.acknowledged`). Shown only while a series is on.
 */
export function PatternAlerts() {
  const { t, number } = useI18n();
  const { data: patterns = [] } = useQuery(patternQueries.active());
  if (patterns.length === 0) return null;
  const waiting = patterns.filter(isAwaitingAcknowledgement).length;
  return (
    <section
      className="side-panel pattern-alerts"
      data-testid="pattern-alerts"
      aria-labelledby="pattern-alerts-title"
    >
      <h2 id="pattern-alerts-title" className="panel-title side-panel__title">
        {t('patterns.alert.title')}
        {waiting > 0 && <span className="side-panel__count pattern-alerts__count">{number(waiting)}</span>}
      </h2>
      <ul className="side-panel__list" aria-live="assertive">
        {alertOrder(patterns).map((pattern) => (
          <PatternAlert key={pattern.id} pattern={pattern} />
        ))}
      </ul>
    </section>
  );
}

/** One series: what it is, and acknowledge for whom the policy lets; never HTML. */
export function PatternAlert({ pattern }: { pattern: Pattern }) {
  const i18n = useI18n();
  const { t, text, shortTime } = i18n;
  const viewer = useViewer();
  const acknowledge = useAcknowledgePatternMutation();
  const isSelected = usePatternStore((state) => state.selectedId === pattern.id);
  const item = useRef<HTMLLIElement>(null);
  const isWaiting = isAwaitingAcknowledgement(pattern);
  const latest = pattern.acknowledgements.at(-1);

  // A series picked on the map comes into view in the list.
  useEffect(() => {
    if (isSelected) item.current?.scrollIntoView({ block: 'nearest' });
  }, [isSelected]);

  return (
    <li
      ref={item}
      className={`pattern-alert${isSelected ? ' pattern-alert--selected' : ''}`}
      data-testid="pattern-alert"
      data-pattern-id={pattern.id}
      data-state={isWaiting ? 'new' : 'acknowledged'}
      aria-current={isSelected ? 'true' : undefined}
    >
      <div className="pattern-alert__head">
        {isWaiting && <span className="pattern-alert__label">{t('patterns.alert.new')}</span>}
        <strong>{text(patternGroupById(pattern.cluster.group).name)}</strong>
        {pattern.sectors.map((sector) => (
          <SectorChip key={sector} sector={sector} />
        ))}
        <time dateTime={pattern.detectedAt}>
          {t('patterns.alert.detectedAt', { time: shortTime(pattern.detectedAt) })}
        </time>
      </div>
      <p className="pattern-alert__explanation" dir="auto" data-testid="pattern-explanation">
        {text(pattern.cluster.explanation)}
      </p>
      {latest && (
        <p className="pattern-alert__done" data-testid="pattern-acknowledged">
          {t('patterns.alert.acknowledgedBy', { name: latest.displayName, time: shortTime(latest.at) })}
        </p>
      )}
      <div className="pattern-alert__buttons">
        <Button
          data-testid="pattern-show"
          onClick={() => {
            selectPattern(pattern.id);
            focusPattern(pattern.id);
          }}
        >
          {t('patterns.alert.show')}
        </Button>
        {isWaiting && canAcknowledgePattern(viewer, pattern) && (
          <Button
            variant="primary"
            data-testid="pattern-acknowledge"
            disabled={acknowledge.isPending}
            onClick={() => {
              acknowledge.mutate(pattern.id);
            }}
          >
            {acknowledge.isPending ? t('patterns.alert.acknowledging') : t('patterns.alert.acknowledge')}
          </Button>
        )}
      </div>
      {acknowledge.error && (
        <p className="form-message" role="alert">
          {errorText(i18n, acknowledge.error)}
        </p>
      )}
    </li>
  );
}
