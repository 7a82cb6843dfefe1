import { ACCESS_RULES, type Role } from '@mirsad/shared';

/**
 * Whether a role may open the trainer's console: trainers, and commanders, whom the server also
 * lets run exercises. The server decides every request; this only keeps the page honest.
 */
export function mayRunExercises(role: Role): boolean {
  return (ACCESS_RULES['run-exercises'].roles as readonly Role[]).includes(role);
}
