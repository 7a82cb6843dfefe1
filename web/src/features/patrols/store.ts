import { COVERAGE_DISTANCE_M } from '@mirsad/shared';
import { create } from 'zustand';

/** The patrol layers' switches and the coverage view's distance: UI state only. */
export interface PatrolViewState {
  isPatrolsShown: boolean;
  isCoverageShown: boolean;
  /** Within how far a patrol covers a high-risk area, metres. */
  distanceM: number;
}

/** The patrol layers' switches and the coverage distance. */
export const usePatrolViewStore = create<PatrolViewState>()(() => ({
  isPatrolsShown: true,
  isCoverageShown: false,
  distanceM: COVERAGE_DISTANCE_M.default,
}));

/** The distances the coverage view offers, metres. */
export const COVERAGE_DISTANCES_M = [500, 1_000, 2_000, 5_000, 10_000] as const;

/** Shows or hides the patrol areas. */
export function togglePatrols(): void {
  usePatrolViewStore.setState(({ isPatrolsShown }) => ({ isPatrolsShown: !isPatrolsShown }));
}

/** Opens or closes the coverage view. */
export function toggleCoverage(): void {
  usePatrolViewStore.setState(({ isCoverageShown }) => ({ isCoverageShown: !isCoverageShown }));
}

/** Sets the coverage distance, metres. */
export function setCoverageDistance(distanceM: number): void {
  usePatrolViewStore.setState({ distanceM });
}
