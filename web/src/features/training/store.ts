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
