import { MAX_EXERCISE_SPEED, sectorById } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useStartExerciseMutation } from './mutations.js';
import { trainingQueries } from './queries.js';
import { selectExercise } from './store.js';

/** The speed a new exercise starts at: real time; the trainer speeds it up when wanted. */
const DEFAULT_SPEED = 1;

/** Choosing a scenario, trainees, seed and speed, and starting the exercise. */
export function NewExerciseForm() {
  const i18n = useI18n();
  const { t, text } = i18n;
  const scenarios = useQuery(trainingQueries.scenarios());
  const trainees = useQuery(trainingQueries.trainees());
  const start = useStartExerciseMutation();
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [seed, setSeed] = useState(1);
  const [speed, setSpeed] = useState(DEFAULT_SPEED);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (scenarioId === null) return;
    start.mutate(
      { scenarioId, trainees: [...chosen].sort(), seed, speed, locale: i18n.locale },
      {
        onSuccess: (exercise) => {
          selectExercise(exercise.id);
        },
      },
    );
  };

  return (
    <form className="panel training-new" onSubmit={submit} data-testid="new-exercise">
      <h2 className="panel-title">{t('training.new.title')}</h2>
      <fieldset className="training-new__scenarios">
        <legend>{t('training.new.scenario')}</legend>
        {scenarios.isPending && <p className="panel-note">{t('training.loading')}</p>}
        {scenarios.error && (
          <p className="panel-note panel-note--error">{errorText(i18n, scenarios.error)}</p>
        )}
        {scenarios.data?.map((scenario) => (
          <label
            key={scenario.id}
            className="scenario-card"
            data-testid="scenario-option"
            data-scenario-id={scenario.id}
          >
            <input
              type="radio"
              name="scenario"
              value={scenario.id}
              checked={scenarioId === scenario.id}
              onChange={() => {
                setScenarioId(scenario.id);
              }}
            />
            <span className="scenario-card__body">
              <span className="scenario-card__name">{text(scenario.name)}</span>
              <span className="scenario-card__facts">
                {t('training.new.facts', {
                  minutes: scenario.durationMin,
                  injects: scenario.injectCount,
                  expectations: scenario.expectationCount,
                })}
              </span>
              <span className="scenario-card__sectors">
                {scenario.sectors.map((sector) => text(sectorById(sector).name)).join(' · ')}
              </span>
              <span className="scenario-card__summary">{text(scenario.summary)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="training-new__trainees">
        <legend>{t('training.new.trainees')}</legend>
        {trainees.error && <p className="panel-note panel-note--error">{errorText(i18n, trainees.error)}</p>}
        {trainees.data?.length === 0 && <p className="panel-note">{t('training.new.noTrainees')}</p>}
        {trainees.data?.map((trainee) => (
          <label
            key={trainee.username}
            className="check"
            data-testid="trainee-option"
            data-username={trainee.username}
          >
            <input
              type="checkbox"
              checked={chosen.has(trainee.username)}
              onChange={() => {
                const next = new Set(chosen);
                if (!next.delete(trainee.username)) next.add(trainee.username);
                setChosen(next);
              }}
            />
            <span>
              {trainee.displayName}
              <span className="training-dim">
                {' '}
                · {trainee.sectors.map((sector) => text(sectorById(sector).name)).join(', ')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="training-new__settings">
        <label className="field">
          <span>{t('training.new.seed')}</span>
          <input
            type="number"
            min={0}
            step={1}
            value={seed}
            data-testid="exercise-seed"
            onChange={(event) => {
              setSeed(Math.max(0, Math.floor(Number(event.target.value) || 0)));
            }}
          />
        </label>
        <label className="field">
          <span>{t('training.new.speed')}</span>
          <input
            type="number"
            min={1}
            max={MAX_EXERCISE_SPEED}
            value={speed}
            data-testid="exercise-speed"
            onChange={(event) => {
              setSpeed(Math.min(MAX_EXERCISE_SPEED, Math.max(1, Number(event.target.value) || 1)));
            }}
          />
        </label>
      </div>
      {start.error && (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, start.error)}
        </p>
      )}
      <button
        type="submit"
        className="button button--primary"
        data-testid="exercise-start"
        disabled={scenarioId === null || start.isPending}
      >
        {t('training.new.start')}
      </button>
    </form>
  );
}
