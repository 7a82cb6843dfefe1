import { Link } from '@tanstack/react-router';
import type { Exercise } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/useI18n.js';
import { ExerciseControls } from './ExerciseControls.js';
import { formatScenarioMinute } from './exerciseState.js';
import { ExpectationTable } from './ExpectationTable.js';
import { InjectForm } from './InjectForm.js';
import { InjectTimeline } from './InjectTimeline.js';
import { RESPONSES_REFRESH_MS, trainingQueries } from './queries.js';
import { useActorName } from './useActorName.js';
import { useScenarioMinute } from './useScenarioClock.js';

/** One exercise in the console: its clock and state, controls, inject by hand, timeline and the trainees' responses. */
export function ExerciseDetail({ exercise, receivedAtMs }: { exercise: Exercise; receivedAtMs: number }) {
  const { t, text, number, dateTime } = useI18n();
  const minute = useScenarioMinute(exercise, receivedAtMs) ?? exercise.clockMin;
  const isUnderWay = exercise.status === 'running' || exercise.status === 'paused';
  const scenario = useQuery(trainingQueries.scenario(exercise.id));
  const debrief = useQuery(trainingQueries.debrief(exercise.id, isUnderWay ? RESPONSES_REFRESH_MS : false));
  const nameOf = useActorName();
  const watch = `/?exercise=${encodeURIComponent(exercise.id)}`;
  return (
    <section
      className="exercise-detail"
      data-testid="exercise-detail"
      data-exercise-id={exercise.id}
      aria-labelledby="exercise-detail-title"
    >
      <header className="exercise-detail__head">
        <div>
          <h2 id="exercise-detail-title">{text(exercise.name)}</h2>
          <p className="training-dim">
            {t('training.detail.meta', {
              trainees: exercise.trainees.map((username) => nameOf(`user:${username}`)).join(', ') || '—',
              seed: number(exercise.seed),
            })}
            {exercise.startedAt &&
              ` · ${t('training.detail.started', { time: dateTime(exercise.startedAt) })}`}
          </p>
        </div>
        <div className="exercise-detail__clock">
          <span
            className="exercise-detail__minute"
            dir="ltr"
            data-testid="exercise-clock"
            data-minute={minute.toFixed(2)}
          >
            {formatScenarioMinute(minute)}
          </span>
          <span className="training-dim">
            {t('training.detail.of', { total: formatScenarioMinute(exercise.durationMin) })}
          </span>
          <span
            className={`state-chip state-chip--${exercise.status}`}
            data-testid="exercise-status"
            data-status={exercise.status}
          >
            {t(`training.status.${exercise.status}`)}
            {exercise.status === 'running' &&
              ` · ${t('training.speedValue', { speed: number(exercise.speed) })}`}
          </span>
        </div>
        <nav className="exercise-detail__links" aria-label={t('training.detail.links')}>
          <a className="button" href={watch} data-testid="exercise-watch">
            {t('training.detail.watch')}
          </a>
          <Link
            className="button"
            to="/training"
            search={{ debrief: exercise.id }}
            data-testid="exercise-debrief-link"
          >
            {t('training.detail.debrief')}
          </Link>
          <Link className="button" to="/review" search={{ exercise: exercise.id }}>
            {t('training.detail.review')}
          </Link>
        </nav>
      </header>
      <div className="exercise-detail__body">
        <div className="exercise-detail__column">
          <ExerciseControls key={exercise.id} exercise={exercise} minute={minute} />
          {isUnderWay && scenario.data && (
            <InjectForm exerciseId={exercise.id} minute={minute} center={scenario.data.view.center} />
          )}
        </div>
        <div className="exercise-detail__column">
          {scenario.data && <InjectTimeline exercise={exercise} scenario={scenario.data} />}
          <section className="panel" aria-labelledby="responses-title">
            <h3 className="panel-title" id="responses-title">
              {t('training.responses.title')}
            </h3>
            {debrief.data && (
              <ExpectationTable debrief={debrief.data} scenario={scenario.data} nameOf={nameOf} isCompact />
            )}
          </section>
        </div>
      </div>
    </section>
  );
}
