import { Link } from '@tanstack/react-router';
import type { Debrief } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { formatScenarioMinute, injectText } from './exerciseState.js';
import { ExpectationTable, type ActorName } from './ExpectationTable.js';
import { RESPONSES_REFRESH_MS, trainingQueries } from './queries.js';
import { useActorName } from './useActorName.js';

function Minutes({ value }: { value: number | null }) {
  const { t, number } = useI18n();
  return <>{value === null ? '—' : t('training.minutes', { value: number(value) })}</>;
}

function TraineeTable({ debrief, nameOf }: { debrief: Debrief; nameOf: ActorName }) {
  const { t, number } = useI18n();
  // Every trainee gets a row, those who did nothing too: an empty row is a finding.
  const rows = debrief.exercise.trainees.map(
    (username) =>
      debrief.trainees.find((figures) => figures.actor === `user:${username}`) ?? {
        actor: `user:${username}`,
        acknowledged: 0,
        dispatched: 0,
        notes: 0,
        sheltersOpened: 0,
        warningsIssued: 0,
        medianAcknowledgeMin: null,
        medianDispatchMin: null,
      },
  );
  return (
    <table className="training-table" data-testid="trainee-table">
      <thead>
        <tr>
          <th scope="col">{t('training.debrief.trainee')}</th>
          <th scope="col">{t('training.debrief.acknowledged')}</th>
          <th scope="col">{t('training.debrief.timeToAcknowledge')}</th>
          <th scope="col">{t('training.debrief.dispatched')}</th>
          <th scope="col">{t('training.debrief.timeToDispatch')}</th>
          <th scope="col">{t('training.debrief.shelters')}</th>
          <th scope="col">{t('training.debrief.notes')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.actor} data-testid="debrief-trainee" data-actor={row.actor}>
            <th scope="row">{nameOf(row.actor)}</th>
            <td>{number(row.acknowledged)}</td>
            <td data-testid="debrief-trainee-ack" data-minutes={row.medianAcknowledgeMin ?? ''}>
              <Minutes value={row.medianAcknowledgeMin} />
            </td>
            <td>{number(row.dispatched)}</td>
            <td data-testid="debrief-trainee-dispatch" data-minutes={row.medianDispatchMin ?? ''}>
              <Minutes value={row.medianDispatchMin} />
            </td>
            <td>{number(row.sheltersOpened)}</td>
            <td>{number(row.notes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The debrief of an exercise: the team's figures and escalations, each trainee's times to
 * acknowledge and dispatch and shelters opened, and every expectation of the scenario marked
 * pass, late or missed, with links into the commander's review of the exercise.
 */
export function DebriefView({ exerciseId }: { exerciseId: string }) {
  const i18n = useI18n();
  const { t, text, number, dateTime } = i18n;
  const exercise = useQuery(trainingQueries.detail(exerciseId));
  const isUnderWay = exercise.data?.status === 'running' || exercise.data?.status === 'paused';
  const debrief = useQuery(trainingQueries.debrief(exerciseId, isUnderWay ? RESPONSES_REFRESH_MS : false));
  const scenario = useQuery(trainingQueries.scenario(exerciseId));
  const nameOf = useActorName();
  const escalationText = (id: string): string => {
    const inject = scenario.data?.injects.find((candidate) => candidate.id === id);
    const words = inject ? injectText(inject) : null;
    const target =
      inject?.kind === 'incident-update'
        ? scenario.data?.injects.find((c) => c.id === inject.target)
        : undefined;
    const targetWords = target ? injectText(target) : null;
    return [targetWords ? text(targetWords) : null, words ? text(words) : id].filter(Boolean).join(' — ');
  };
  if (debrief.error) {
    return (
      <main className="training training--debrief">
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, debrief.error)}
        </p>
        <Link to="/training">{t('training.debrief.back')}</Link>
      </main>
    );
  }
  const data = debrief.data;
  return (
    <main className="training training--debrief" data-testid="debrief" data-exercise-id={exerciseId}>
      <header className="debrief__head">
        <div>
          <p className="debrief__kicker">{t('training.debrief.title')}</p>
          <h2>{data ? text(data.exercise.name) : '…'}</h2>
          {data && (
            <p className="training-dim">
              {t(`training.status.${data.exercise.status}`)} · {formatScenarioMinute(data.exercise.clockMin)}{' '}
              / {formatScenarioMinute(data.exercise.durationMin)}
              {data.exercise.startedAt &&
                ` · ${t('training.detail.started', { time: dateTime(data.exercise.startedAt) })}`}
              {isUnderWay && ` · ${t('training.debrief.live')}`}
            </p>
          )}
        </div>
        <nav className="exercise-detail__links" aria-label={t('training.detail.links')}>
          <Link className="button" to="/training">
            {t('training.debrief.back')}
          </Link>
          <a className="button" href={`/?exercise=${encodeURIComponent(exerciseId)}`}>
            {t('training.detail.watch')}
          </a>
          <Link
            className="button button--primary"
            to="/review"
            search={{ exercise: exerciseId }}
            data-testid="debrief-review-link"
          >
            {t('training.debrief.review')}
          </Link>
        </nav>
      </header>
      {!data && <p className="panel-note">{t('training.loading')}</p>}
      {data && (
        <>
          <section className="panel" aria-labelledby="debrief-team-title">
            <h3 className="panel-title" id="debrief-team-title">
              {t('training.debrief.team')}
            </h3>
            <dl className="debrief-figures" data-testid="debrief-team">
              <div>
                <dt>{t('training.debrief.timeToAcknowledge')}</dt>
                <dd data-testid="debrief-team-ack">
                  <Minutes value={data.team.medianAcknowledgeMin} />
                </dd>
              </div>
              <div>
                <dt>{t('training.debrief.timeToDispatch')}</dt>
                <dd>
                  <Minutes value={data.team.medianDispatchMin} />
                </dd>
              </div>
              <div>
                <dt>{t('training.debrief.firstShelter')}</dt>
                <dd>
                  {data.team.firstShelterMin === null ? '—' : formatScenarioMinute(data.team.firstShelterMin)}
                </dd>
              </div>
              <div>
                <dt>{t('training.debrief.met')}</dt>
                <dd>
                  {number(data.team.metCount)} / {number(data.items.length)}
                </dd>
              </div>
              <div>
                <dt>{t('training.debrief.missedEscalations')}</dt>
                <dd data-testid="debrief-missed-escalations">{number(data.team.missedEscalations.length)}</dd>
              </div>
              <div>
                <dt>{t('training.debrief.avoidedEscalations')}</dt>
                <dd>{number(data.team.avoidedEscalations.length)}</dd>
              </div>
            </dl>
            <p className="training-dim">{t('training.debrief.medianNote')}</p>
            {data.team.missedEscalations.length > 0 && (
              <>
                <h4 className="debrief__subtitle">{t('training.debrief.missedList')}</h4>
                <ul className="debrief__escalations">
                  {data.team.missedEscalations.map((id) => (
                    <li key={id}>{escalationText(id)}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section className="panel" aria-labelledby="debrief-trainees-title">
            <h3 className="panel-title" id="debrief-trainees-title">
              {t('training.debrief.trainees')}
            </h3>
            <TraineeTable debrief={data} nameOf={nameOf} />
          </section>
          <section className="panel" aria-labelledby="debrief-items-title">
            <h3 className="panel-title" id="debrief-items-title">
              {t('training.debrief.expectations')}
            </h3>
            <ExpectationTable debrief={data} scenario={scenario.data} nameOf={nameOf} />
          </section>
        </>
      )}
    </main>
  );
}
