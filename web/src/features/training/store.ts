import { create } from 'zustand';

/** The trainer's console's choices: which exercise is open. UI state only. */
interface TrainingState {
  selectedId: string | null;
}

export const useTrainingStore = create<TrainingState>()(() => ({ selectedId: null }));

/** Opens an exercise in the console. */
export function selectExercise(id: string | null): void {
  useTrainingStore.setState({ selectedId: id });
}

/** The exercise whose debrief the address asks for (`/training?debrief=<id>`), or null for the console. */
export function debriefIdOf(search: string): string | null {
  const id = new URLSearchParams(search).get('debrief')?.trim() ?? '';
  return /^ex-[a-z0-9]{8}$/.test(id) ? id : null;
}
