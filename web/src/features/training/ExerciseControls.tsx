import { MAX_EXERCISE_SPEED, type Exercise } from '@mirsad/shared';
import { useState } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useControlExerciseMutation } from './mutations.js';

/** Speeds offered with one click; any speed from 1× to 60× can be typed. */
const SPEED_PRESETS = [1, 5, 10, 30, 60] as const;

/** Pause and resume, speed, jump ahead to a scenario minute, and end. */
export function ExerciseControls({ exercise, minute }: { exercise: Exercise; minute: number }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const control = useControlExerciseMutation(exercise.id);
  const [speed, setSpeed] = useState(exercise.speed);
  const [jumpTo, setJumpTo] = useState(Math.ceil(minute));
  const [isEnding, setEnding] = useState(false);
  const isOver = exercise.status === 'ended';
  const isBusy = control.isPending || isOver;
  const setSpeedTo = (value: number) => {
    setSpeed(value);
    control.mutate({ action: 'speed', speed: value });
  };

  return (
    <section className="panel training-controls" aria-labelledby="training-controls-title">
      <h3 className="panel-title" id="training-controls-title">
        {t('training.controls.title')}
      </h3>
      <div className="training-controls__row">
        {exercise.status === 'running' && (
          <button
            type="button"
            className="button"
            data-testid="exercise-pause"
            disabled={isBusy}
            onClick={() => {
              control.mutate({ action: 'pause' });
            }}
          >
            {t('training.controls.pause')}
          </button>
        )}
        {exercise.status === 'paused' && (
          <button
            type="button"
            className="button button--primary"
            data-testid="exercise-resume"
            disabled={isBusy}
            onClick={() => {
              control.mutate({ action: 'resume' });
            }}
          >
            {t('training.controls.resume')}
          </button>
        )}
        {exercise.status === 'ready' && (
          <button
            type="button"
            className="button button--primary"
            disabled={isBusy}
            onClick={() => {
              control.mutate({ action: 'start' });
            }}
          >
            {t('training.controls.start')}
          </button>
        )}
        {!isOver &&
          (isEnding ? (
            <>
              <button
                type="button"
                className="button button--danger"
                data-testid="exercise-end-confirm"
                disabled={isBusy}
                onClick={() => {
                  control.mutate({ action: 'end' });
                  setEnding(false);
                }}
              >
                {t('training.controls.endConfirm')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setEnding(false);
                }}
              >
                {t('training.controls.keep')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button"
              data-testid="exercise-end"
              disabled={isBusy}
              onClick={() => {
                setEnding(true);
              }}
            >
              {t('training.controls.end')}
            </button>
          ))}
      </div>
      <div className="training-controls__row" role="group" aria-label={t('training.controls.speed')}>
        <span className="training-controls__label">{t('training.controls.speed')}</span>
        {SPEED_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="button button--small"
            aria-pressed={exercise.speed === preset}
            data-testid={`exercise-speed-${preset}`}
            disabled={isBusy}
            onClick={() => {
              setSpeedTo(preset);
            }}
          >
            {t('training.speedValue', { speed: number(preset) })}
          </button>
        ))}
        <form
          className="training-controls__inline"
          onSubmit={(event) => {
            event.preventDefault();
            setSpeedTo(speed);
          }}
        >
          <input
            type="number"
            min={1}
            max={MAX_EXERCISE_SPEED}
            value={speed}
            aria-label={t('training.controls.speedCustom')}
            onChange={(event) => {
              setSpeed(Math.min(MAX_EXERCISE_SPEED, Math.max(1, Number(event.target.value) || 1)));
            }}
          />
          <button type="submit" className="button button--small" disabled={isBusy}>
            {t('training.controls.set')}
          </button>
        </form>
      </div>
      <form
        className="training-controls__row"
        onSubmit={(event) => {
          event.preventDefault();
          control.mutate({ action: 'jump', toMin: jumpTo });
        }}
      >
        <label className="training-controls__label" htmlFor="exercise-jump">
          {t('training.controls.jump')}
        </label>
        <input
          id="exercise-jump"
          type="number"
          min={Math.ceil(minute)}
          max={exercise.durationMin}
          value={jumpTo}
          data-testid="exercise-jump-minute"
          onChange={(event) => {
            setJumpTo(Math.min(exercise.durationMin, Math.max(0, Number(event.target.value) || 0)));
          }}
        />
        <button
          type="submit"
          className="button button--small"
          data-testid="exercise-jump"
          disabled={isBusy || exercise.status === 'ready' || jumpTo <= minute}
        >
          {t('training.controls.jumpGo')}
        </button>
      </form>
      {control.error && (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, control.error)}
        </p>
      )}
    </section>
  );
}
