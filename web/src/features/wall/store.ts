import { create } from 'zustand';

/** The wall's UI state: which new critical incident it is calling attention to. */
export interface WallViewState {
  /** A severity-5 incident that arrived while the wall was showing; highlighted until acknowledged. */
  highlightId: string | null;
}

/** The wall display's UI state. */
export const useWallStore = create<WallViewState>()(() => ({ highlightId: null }));

/** Calls attention to a new critical incident, replacing the last one. */
export function setWallHighlight(highlightId: string | null): void {
  useWallStore.setState({ highlightId });
}
