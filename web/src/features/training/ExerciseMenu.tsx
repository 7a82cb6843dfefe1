// The exercise's band, frame and menu show on every page of a trainee, not only the console's lazy chunk.
import './training.css';
import { maySeeExercise, type Exercise, type Principal } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/useI18n.js';
import { Menu } from '../../ui/Menu.js';
import { trainingQueries } from './queries.js';

/** How often the header looks for exercises the person has been put in, ms. */
const MENU_REFRESH_MS = 15_000;

/** The exercises a person works in now: under way, and they are its trainee or trainer (commanders: all). */
export function ongoingFor(exercises: readonly Exercise[], principal: Principal): Exercise[] {
  return exercises.filter((exercise) => exercise.status !== 'ended' && maySeeExercise(principal, exercise));
}

/** The header's way into exercises: a button listing the ones the person takes part in, each a link to its room. */
export function ExerciseMenu({ principal, currentId }: { principal: Principal; currentId: string | null }) {
  const { t, text } = useI18n();
  const { data } = useQuery(trainingQueries.list(MENU_REFRESH_MS));
  const ongoing = ongoingFor(data ?? [], principal);
  if (ongoing.length === 0) return null;
  return (
    <Menu
      className="exercise-menu"
      buttonClassName="button button--exercise"
      buttonTestId="exercise-menu"
      panelClassName="exercise-menu__list"
      panelElement="ul"
      button={t('training.menu.button', { count: ongoing.length })}
    >
      {ongoing.map((exercise) => (
        <li key={exercise.id}>
          <a
            href={`/?exercise=${encodeURIComponent(exercise.id)}`}
            data-testid="exercise-link"
            data-exercise-id={exercise.id}
            aria-current={exercise.id === currentId ? 'page' : undefined}
          >
            {text(exercise.name)} · {t(`training.status.${exercise.status}`)}
          </a>
        </li>
      ))}
      {currentId !== null && (
        <li>
          <a href="/">{t('training.banner.backToLive')}</a>
        </li>
      )}
    </Menu>
  );
}
