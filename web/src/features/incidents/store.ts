import type { SectorId } from '@mirsad/shared';
import { create } from 'zustand';

/** What the officer is looking at: UI state only; the incidents themselves are in react-query. */
export interface IncidentViewState {
  /**
   * Sectors switched off. Kept as the hidden ones rather than the shown ones, so that a sector
   * added later starts visible instead of silently missing from the picture.
   */
  hiddenSectors: ReadonlySet<SectorId>;
  /** The incident whose details are open; null when none. */
  selectedId: string | null;
}

/** The list's and the map's shared view of the incidents: sector filter and selection. */
export const useIncidentViewStore = create<IncidentViewState>()(() => ({
  hiddenSectors: new Set(),
  selectedId: null,
}));

/** Shows a hidden sector or hides a shown one, in both the list and the map. */
export function toggleSector(sector: SectorId): void {
  useIncidentViewStore.setState(({ hiddenSectors }) => {
    const next = new Set(hiddenSectors);
    if (!next.delete(sector)) next.add(sector);
    return { hiddenSectors: next };
  });
}

/** Shows every sector. */
export function showAllSectors(): void {
  useIncidentViewStore.setState({ hiddenSectors: new Set() });
}

/** Hides every sector of `sectors`. */
export function hideSectors(sectors: readonly SectorId[]): void {
  useIncidentViewStore.setState({ hiddenSectors: new Set(sectors) });
}

/** Opens the details of an incident, or closes them with null. */
export function selectIncident(id: string | null): void {
  useIncidentViewStore.setState({ selectedId: id });
}

/** Whether a sector is shown under the current filter. */
export function isSectorShown(state: IncidentViewState, sector: SectorId): boolean {
  return !state.hiddenSectors.has(sector);
}
