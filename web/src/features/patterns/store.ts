import type { PatternGroupId } from '@mirsad/shared';
import { create } from 'zustand';

/** A request for the map to show a series, from outside the map (the alert); the nonce makes a second click fly again. */
export interface PatternFocusRequest {
  patternId: string;
  nonce: number;
}

/** Pattern watch's UI state: which series the map is asked to show, and whose hot spots it draws. */
export interface PatternViewState {
  focus: PatternFocusRequest | null;
  /** The series picked on the map, which the alert list shows; null for none. */
  selectedId: string | null;
  /** The group of categories whose emerging hot spots the map draws. */
  hotspotGroup: PatternGroupId;
}

/** Pattern watch's UI state (the series themselves are server data, in react-query). */
export const usePatternStore = create<PatternViewState>()(() => ({
  focus: null,
  selectedId: null,
  hotspotGroup: 'burglary',
}));

/** Asks the map to fly to a series. */
export function focusPattern(patternId: string): void {
  usePatternStore.setState(({ focus }) => ({ focus: { patternId, nonce: (focus?.nonce ?? 0) + 1 } }));
}

/** Picks a series (a click on its circle); null for none. */
export function selectPattern(selectedId: string | null): void {
  usePatternStore.setState({ selectedId });
}

/** Draws the hot spots of another group of categories. */
export function setHotspotGroup(hotspotGroup: PatternGroupId): void {
  usePatternStore.setState({ hotspotGroup });
}
