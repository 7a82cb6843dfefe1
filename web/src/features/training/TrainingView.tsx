import { mayRunExercise } from '@mirsad/shared';
import { Link, useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { TrainingSearchSchema } from '../../app/search.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { mayRunExercises } from './access.js';
import { DebriefView } from './DebriefView.js';
import { ExerciseDetail } from './ExerciseDetail.js';
import { ExerciseList } from './ExerciseList.js';
import { NewExerciseForm } from './NewExerciseForm.js';
import { CONSOLE_REFRESH_MS, trainingQueries } from './queries.js';
import { useTrainingStore } from './store.js';
import './training.css';

/** The console: a new exercise and the list on one side, the chosen exercise on the other. */
function TrainerConsole() {
  const i18n = useI18n();
  const { t } = i18n;
  const principal = usePrincipal();
  const list = useQuery(trainingQueries.list(CONSOLE_REFRESH_MS));
  const selectedId = useTrainingStore((state) => state.selectedId);
  // A trainer runs their own exercises; commanders may step into any.
  const mine = (list.data ?? []).filter((exercise) => mayRunExercise(principal, exercise));
  const selected =
    mine.find((exercise) => exercise.id === selectedId) ??
    mine.find((exercise) => exercise.status === 'running' || exercise.status === 'paused');
  return (
    <main className="training" data-testid="training-console">
      <div className="training__side">
        <NewExerciseForm />
        {list.error && <p className="panel-note panel-note--error">{errorText(i18n, list.error)}</p>}
        <ExerciseList exercises={mine} receivedAtMs={list.dataUpdatedAt} selectedId={selected?.id ?? null} />
      </div>
      <div className="training__main">
        {selected ? (
          <ExerciseDetail exercise={selected} receivedAtMs={list.dataUpdatedAt} />
        ) : (
          <p className="panel-note training__empty">{t('training.detail.none')}</p>
        )}
      </div>
    </main>
  );
}

/**
 * Training (`/training`): the trainer's console, or with `?debrief=<id>` the debrief of an
 * exercise. Only trainers and commanders may run exercises; anyone else is told so.
 */
export function TrainingView() {
  const { t } = useI18n();
  const principal = usePrincipal();
  // Also shown at `/` for a trainer, so read the address without tying it to one route.
  const debriefId = TrainingSearchSchema.parse(useSearch({ strict: false })).debrief ?? null;
  if (!mayRunExercises(principal.role)) {
    return (
      <main className="training training--refused">
        <div className="panel" role="alert" data-testid="training-refused">
          <p>{t('training.refused')}</p>
          <Link to="/">{t('route.toRoom')}</Link>
        </div>
      </main>
    );
  }
  return debriefId === null ? <TrainerConsole /> : <DebriefView exerciseId={debriefId} />;
}
