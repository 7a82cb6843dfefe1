import type { GovernorateId, SectorId } from '@mirsad/shared';
import { create } from 'zustand';
import type { TimeWindow } from './timeWindow.js';

/** What the officer is looking at: UI state only; the incidents themselves are in react-query. */
export interface IncidentViewState {
  /**
   * Sectors switched off. Kept as the hidden ones rather than the shown ones, so that a sector
   * added later starts visible instead of silently missing from the picture.
   */
  hiddenSectors: ReadonlySet<SectorId>;
  /**
   * The governorates shown, or null for the whole country (the room never narrows it; a wall
   * screen's address does). With a set, incidents of no governorate are not shown.
   */
  shownGovernorates: ReadonlySet<GovernorateId> | null;
  /** The incident whose details are open; null when none. */
  selectedId: string | null;
  /** The quick time filter: only incidents reported within it are listed and drawn. */
  timeWindow: TimeWindow;
  /** A part of the incident panel asked to take the focus (by a shortcut); the nonce repeats it. */
  panelRequest: PanelRequest | null;
  /** Which of the panel's pickers is open: the unit picker or the support request form. */
  openPicker: PanelPicker | null;
}

/** A picker of the incident panel. */
export type PanelPicker = 'units' | 'support';

/** A part of the incident panel that a shortcut can open or focus. */
export type PanelTarget = 'notes' | 'units' | 'support';

/** A request for a part of the incident panel to take the focus. */
export interface PanelRequest {
  target: PanelTarget;
  nonce: number;
}

/** The list's and the map's shared view of the incidents: sector filter and selection. */
export const useIncidentViewStore = create<IncidentViewState>()(() => ({
  hiddenSectors: new Set(),
  shownGovernorates: null,
  selectedId: null,
  timeWindow: 'all',
  panelRequest: null,
  openPicker: null,
}));

/** Asks the incident panel to open or focus one of its parts (a picker opens too). */
export function requestPanel(target: PanelTarget): void {
  useIncidentViewStore.setState(({ panelRequest, openPicker }) => ({
    panelRequest: { target, nonce: (panelRequest?.nonce ?? 0) + 1 },
    openPicker: target === 'notes' ? openPicker : target,
  }));
}

/** Opens one of the panel's pickers, or closes them with null. */
export function setOpenPicker(openPicker: PanelPicker | null): void {
  useIncidentViewStore.setState({ openPicker });
}

/** Back to the starting view (all sectors, all times, nothing open), for the next person. */
export function resetIncidentView(): void {
  useIncidentViewStore.setState({
    hiddenSectors: new Set(),
    shownGovernorates: null,
    selectedId: null,
    timeWindow: 'all',
    panelRequest: null,
    openPicker: null,
  });
}

/** Sets the quick time filter of the list and the map. */
export function setTimeWindow(timeWindow: TimeWindow): void {
  useIncidentViewStore.setState({ timeWindow });
}

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
  // A picker belongs to the incident it was opened on.
  useIncidentViewStore.setState(({ selectedId }) =>
    selectedId === id ? { selectedId } : { selectedId: id, openPicker: null },
  );
}

/** Whether a sector is shown under the current filter. */
export function isSectorShown(state: IncidentViewState, sector: SectorId): boolean {
  return !state.hiddenSectors.has(sector);
}
