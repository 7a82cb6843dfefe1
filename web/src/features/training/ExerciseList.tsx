import type { Exercise } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { formatScenarioMinute } from './exerciseState.js';
import { selectExercise } from './store.js';
import { useScenarioMinute } from './useScenarioClock.js';

function ExerciseItem({
  exercise,
  receivedAtMs,
  isSelected,
}: {
  exercise: Exercise;
  receivedAtMs: number;
  isSelected: boolean;
}) {
  const { t, text } = useI18n();
  const minute = useScenarioMinute(exercise, receivedAtMs) ?? exercise.clockMin;
  return (
    <li>
      <button
        type="button"
        className="exercise-item"
        aria-current={isSelected ? 'true' : undefined}
        data-testid="exercise-item"
        data-exercise-id={exercise.id}
        data-status={exercise.status}
        onClick={() => {
          selectExercise(exercise.id);
        }}
      >
        <span className="exercise-item__name">{text(exercise.name)}</span>
        <span className={`state-chip state-chip--${exercise.status}`}>
          {t(`training.status.${exercise.status}`)}
        </span>
        <span className="exercise-item__meta" dir="auto">
          <span dir="ltr">{formatScenarioMinute(minute)}</span> ·{' '}
          {t('training.list.trainees', { count: exercise.trainees.length })}
        </span>
      </button>
    </li>
  );
}

/** Every exercise, those under way first: several can run at once, each chosen here. */
export function ExerciseList({
  exercises,
  receivedAtMs,
  selectedId,
}: {
  exercises: readonly Exercise[];
  receivedAtMs: number;
  selectedId: string | null;
}) {
  const { t } = useI18n();
  const rank = (exercise: Exercise): number => (exercise.status === 'ended' ? 1 : 0);
  const sorted = [...exercises].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="panel" aria-labelledby="exercise-list-title">
      <h2 className="panel-title" id="exercise-list-title">
        {t('training.list.title')}
      </h2>
      {sorted.length === 0 ? (
        <p className="panel-note">{t('training.list.empty')}</p>
      ) : (
        <ul className="exercise-list" data-testid="exercise-list">
          {sorted.map((exercise) => (
            <ExerciseItem
              key={exercise.id}
              exercise={exercise}
              receivedAtMs={receivedAtMs}
              isSelected={exercise.id === selectedId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
