import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { IncidentList } from '../features/incidents/IncidentList.js';
import { IncidentPanel } from '../features/incidents/IncidentPanel.js';
import { SectorFilter } from '../features/incidents/SectorFilter.js';
import { selectIncident, useIncidentViewStore } from '../features/incidents/store.js';
import { TimeFilter } from '../features/incidents/TimeFilter.js';
import { LinksPanel } from '../features/links/LinksPanel.js';
// The room is worked on the map: it comes with the room's code (the wall loads it after its figures).
import { MapView } from '../features/map/MapView.js';
import { PatternAlerts } from '../features/patterns/PatternAlerts.js';
import { ShelterBoard } from '../features/shelters/ShelterBoard.js';
import { useShelterBoardStore } from '../features/shelters/store.js';
import { ShortcutHelp } from '../features/shortcuts/ShortcutHelp.js';
import { useKeyboardShortcuts } from '../features/shortcuts/useKeyboardShortcuts.js';
import { SupportInbox } from '../features/support/SupportInbox.js';
import { useWarningsViewStore } from '../features/warnings/store.js';
import { WarningDialogHost } from '../features/warnings/WarningDialog.js';
import { WarningsBoard } from '../features/warnings/WarningsBoard.js';
import { PanelBoundary } from '../ui/PanelBoundary.js';
import { RoomSearchSchema } from './search.js';

/**
 * The open incident lives in the address (`/?incident=<id>`), so a link opens it for a
 * colleague and Reload keeps it. The panel, the list, the map and the shortcuts select through
 * the incidents store; this keeps the two in step while the room is the page shown.
 */
function useSelectionInAddress(isActive: boolean): void {
  const search = useSearch({ strict: false });
  const navigate = useNavigate();
  const fromAddress = isActive ? (RoomSearchSchema.parse(search).incident ?? null) : undefined;

  // The address changed (a link, Back, a reload): open what it names.
  useEffect(() => {
    if (fromAddress !== undefined) selectIncident(fromAddress);
  }, [fromAddress]);

  // The selection changed (a click, a shortcut, closing the panel): write it into the address,
  // replacing the entry so that stepping through the list does not fill the history.
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  useEffect(() => {
    // The store, not this render's value: the effect above may have just opened the address's incident.
    const current = useIncidentViewStore.getState().selectedId;
    if (fromAddress === undefined || current === fromAddress) return;
    void navigate({
      to: '/',
      search: (previous) => ({ ...previous, incident: current ?? undefined }),
      replace: true,
    });
    // Only a change of the selection writes; a change of the address is read above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);
}

/**
 * The operations room (`/`): the map with the incident panel over its inline-end side and the
 * shelters board over its inline-start side; beside it (inline-end) the filters, the requests
 * and proposals waiting for a decision, and the live list. While another page is shown it
 * stays mounted but hidden (`isActive` false), so coming back finds the map as it was left.
 * Each part fails alone: a broken list leaves the map working, and the other way round.
 */
export function RoomView({ isActive = true }: { isActive?: boolean }) {
  useKeyboardShortcuts(isActive);
  useSelectionInAddress(isActive);
  const isShelterBoardOpen = useShelterBoardStore((state) => state.isOpen);
  const isWarningsBoardOpen = useWarningsViewStore((state) => state.isBoardOpen);
  return (
    <main className="room" hidden={!isActive}>
      <div className="room__map">
        <PanelBoundary panel="map">
          <MapView />
        </PanelBoundary>
        {isShelterBoardOpen && (
          <PanelBoundary panel="side">
            <ShelterBoard />
          </PanelBoundary>
        )}
        {isWarningsBoardOpen && (
          <PanelBoundary panel="side">
            <WarningsBoard />
          </PanelBoundary>
        )}
        <PanelBoundary panel="incident">
          <IncidentPanel />
        </PanelBoundary>
      </div>
      <aside className="room__side">
        <PanelBoundary panel="side">
          <SectorFilter />
          <TimeFilter />
          <SupportInbox />
          <LinksPanel />
          <PatternAlerts />
        </PanelBoundary>
        <PanelBoundary panel="list">
          <IncidentList />
        </PanelBoundary>
      </aside>
      {isActive && <ShortcutHelp />}
      <PanelBoundary panel="side">
        <WarningDialogHost />
      </PanelBoundary>
    </main>
  );
}
