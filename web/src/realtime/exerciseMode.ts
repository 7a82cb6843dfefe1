/** The longest exercise id the server accepts (shared's handshake schema). */
const EXERCISE_ID_MAX_LENGTH = 64;

/**
 * The exercise this page shows, from `?exercise=<id>` in its address, or null for the live
 * picture. Read from the address, not kept in state: switching between live and an exercise
 * is a full page load, so no cache can ever hold both.
 */
export function exerciseIdOf(search: string): string | null {
  const id = new URLSearchParams(search).get('exercise')?.trim() ?? '';
  return id.length > 0 && id.length <= EXERCISE_ID_MAX_LENGTH ? id : null;
}

/**
 * The exercise named in the address the page was loaded with. Read once: the router changes
 * the address without a load (the review's `?exercise=` filter, for one), and the socket, the
 * cache and the frame stay with the exercise the page started in until the next full load.
 */
const LOADED_EXERCISE_ID = typeof window === 'undefined' ? null : exerciseIdOf(window.location.search);

/** The exercise of this page (see `exerciseIdOf`), or null for the live picture. */
export function pageExerciseId(): string | null {
  return LOADED_EXERCISE_ID;
}

/**
 * The exercise of this page, or null for the live picture, also where there is no page (unit
 * tests in Node). Query factories put it in every key of the room's server data, so that a
 * cache can never hold an exercise's and the live picture's under one key.
 */
export function currentExerciseId(): string | null {
  return typeof window === 'undefined' ? null : pageExerciseId();
}

/** `path` asking for the page's exercise (`exercise=<id>` added to its query), or unchanged for live. */
export function inPageScope(path: string, exerciseId: string | null = currentExerciseId()): string {
  if (exerciseId === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}exercise=${encodeURIComponent(exerciseId)}`;
}
