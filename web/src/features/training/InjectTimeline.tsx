import type { Exercise, Scenario } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { formatScenarioMinute, injectState, injectText } from './exerciseState.js';

/** How many injects already dealt with stay listed above the next ones. */
const RECENT_SHOWN = 6;

/** The scenario's injects around the clock: the last ones fired or avoided, then what comes next. */
export function InjectTimeline({ exercise, scenario }: { exercise: Exercise; scenario: Scenario }) {
  const { t, text } = useI18n();
  const ordered = scenario.injects
    .map((inject, order) => ({ inject, order }))
    .sort((a, b) => a.inject.atMin - b.inject.atMin || a.order - b.order);
  const done = ordered.filter(({ inject }) => injectState(exercise, inject.id) !== 'upcoming');
  const upcoming = ordered.filter(({ inject }) => injectState(exercise, inject.id) === 'upcoming');
  const manual = exercise.fired.filter((id) => id.startsWith('manual-')).length;
  const shown = [...done.slice(-RECENT_SHOWN), ...upcoming];
  return (
    <section
      className="panel inject-timeline"
      aria-labelledby="inject-timeline-title"
      data-testid="inject-timeline"
    >
      <h3 className="panel-title" id="inject-timeline-title">
        {t('training.timeline.title', { fired: done.length, total: ordered.length })}
      </h3>
      {manual > 0 && <p className="panel-note">{t('training.timeline.manual', { count: manual })}</p>}
      <ol className="inject-timeline__list">
        {shown.map(({ inject }) => {
          const state = injectState(exercise, inject.id);
          const words = injectText(inject);
          return (
            <li
              key={inject.id}
              className={`inject-row inject-row--${state}`}
              data-testid="inject-row"
              data-state={state}
            >
              <span className="inject-row__time" dir="ltr">
                {formatScenarioMinute(inject.atMin)}
              </span>
              <span className="inject-row__kind">{t(`training.inject.kind.${inject.kind}`)}</span>
              <span className="inject-row__text">{words ? text(words) : inject.id}</span>
              <span className="inject-row__state">{t(`training.timeline.${state}`)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
