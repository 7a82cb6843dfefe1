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

/** The exercise of this page (see `exerciseIdOf`), or null for the live picture. */
export function pageExerciseId(): string | null {
  return exerciseIdOf(window.location.search);
}
