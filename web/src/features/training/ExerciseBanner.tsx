// The exercise's band, frame and menu show on every page of a trainee, not only the console's lazy chunk.
import './training.css';
import { useQuery } from '@tanstack/react-query';
import { errorCodeOf } from '../../api/http.js';
import { useI18n } from '../../i18n/useI18n.js';
import { formatScenarioMinute } from './exerciseState.js';
import { trainingQueries } from './queries.js';
import { useScenarioMinute } from './useScenarioClock.js';

/**
 * The band across the top of every page of an exercise: EXERCISE, its name, state and scenario
 * clock, and the way back to the live picture. With the frame App draws around the page, an
 * exercise cannot be mistaken for real incidents.
 */
export function ExerciseBanner({ exerciseId }: { exerciseId: string }) {
  const { t, text, number } = useI18n();
  const { data: exercise, dataUpdatedAt, error } = useQuery(trainingQueries.detail(exerciseId));
  const minute = useScenarioMinute(exercise, dataUpdatedAt);
  return (
    <div className="exercise-band" role="status" data-testid="exercise-banner" data-exercise-id={exerciseId}>
      <strong className="exercise-band__label">{t('training.banner.label')}</strong>
      {exercise ? (
        <>
          <span className="exercise-band__name" data-testid="exercise-banner-name">
            {text(exercise.name)}
          </span>
          <span className="exercise-band__state" data-state={exercise.status}>
            {t(`training.status.${exercise.status}`)}
          </span>
          {minute !== null && (
            <span className="exercise-band__clock" data-testid="exercise-banner-clock" dir="ltr">
              {formatScenarioMinute(minute)}
            </span>
          )}
          {exercise.status === 'running' && (
            <span className="exercise-band__speed">
              {t('training.speedValue', { speed: number(exercise.speed) })}
            </span>
          )}
        </>
      ) : (
        error && (
          <span className="exercise-band__name">
            {errorCodeOf(error) === 'forbidden'
              ? t('training.banner.notMember')
              : t('training.banner.unavailable')}
          </span>
        )
      )}
      <a className="exercise-band__back" href="/" data-testid="exercise-back-to-live">
        {t('training.banner.backToLive')}
      </a>
    </div>
  );
}
