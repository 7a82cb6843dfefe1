import type { Debrief, Scenario } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { formatScenarioMinute, injectText, responseMark } from './exerciseState.js';

/** A person's name from an event's actor (`user:traffic`), by the trainee list when known. */
export type ActorName = (actor: string) => string;

/**
 * Each expectation of the scenario against what the trainees did: the incident, when it was
 * reported (scenario and clock time), the time allowed, how long they took and when, who,
 * and a pass, late or missed mark.
 */
export function ExpectationTable({
  debrief,
  scenario,
  nameOf,
  isCompact = false,
}: {
  debrief: Debrief;
  scenario: Scenario | undefined;
  nameOf: ActorName;
  isCompact?: boolean;
}) {
  const { t, text, number, time } = useI18n();
  const titleOf = (target: string): string => {
    const inject = scenario?.injects.find((candidate) => candidate.id === target);
    const words = inject ? injectText(inject) : null;
    return words ? text(words) : target;
  };
  const items = isCompact ? debrief.items.filter((item) => item.reportedMin !== null) : debrief.items;
  if (items.length === 0) return <p className="panel-note">{t('training.responses.none')}</p>;
  return (
    <table className="training-table" data-testid="expectation-table">
      <thead>
        <tr>
          <th scope="col">{t('training.responses.expectation')}</th>
          {!isCompact && <th scope="col">{t('training.responses.incident')}</th>}
          <th scope="col">{t('training.responses.reported')}</th>
          <th scope="col">{t('training.responses.allowed')}</th>
          <th scope="col">{t('training.responses.took')}</th>
          <th scope="col">{t('training.responses.by')}</th>
          <th scope="col">{t('training.responses.mark')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const mark = responseMark(item.tookMin, item.isMet);
          const isNotReached = item.reportedMin === null;
          return (
            <tr
              key={item.expectationId}
              data-testid="debrief-item"
              data-expectation-id={item.expectationId}
              data-took-min={item.tookMin ?? ''}
              data-mark={isNotReached ? 'not-reached' : mark}
            >
              <td>{text(item.description)}</td>
              {!isCompact && <td>{titleOf(item.target)}</td>}
              <td>
                {item.reportedMin === null ? (
                  t('training.responses.notReached')
                ) : (
                  <>
                    <span dir="ltr">{formatScenarioMinute(item.reportedMin)}</span>
                    {item.reportedAt && <span className="training-dim"> · {time(item.reportedAt)}</span>}
                  </>
                )}
              </td>
              <td>{t('training.minutes', { value: number(item.withinMin) })}</td>
              <td data-testid="debrief-took">
                {item.tookMin === null ? (
                  '—'
                ) : (
                  <>
                    {t('training.minutes', { value: number(item.tookMin) })}
                    {item.doneAt && <span className="training-dim"> · {time(item.doneAt)}</span>}
                  </>
                )}
              </td>
              <td>{item.by ? nameOf(item.by) : '—'}</td>
              <td>
                {isNotReached ? (
                  <span className="mark mark--none">{t('training.mark.notReached')}</span>
                ) : (
                  <span className={`mark mark--${mark}`}>{t(`training.mark.${mark}`)}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
