import { IncidentList } from '../features/incidents/IncidentList.js';
import { IncidentPanel } from '../features/incidents/IncidentPanel.js';
import { SectorFilter } from '../features/incidents/SectorFilter.js';
import { TimeFilter } from '../features/incidents/TimeFilter.js';
import { LinksPanel } from '../features/links/LinksPanel.js';
import { MapView } from '../features/map/MapView.js';
import { ShelterBoard } from '../features/shelters/ShelterBoard.js';
import { useShelterBoardStore } from '../features/shelters/store.js';
import { ShortcutHelp } from '../features/shortcuts/ShortcutHelp.js';
import { useKeyboardShortcuts } from '../features/shortcuts/useKeyboardShortcuts.js';
import { SupportInbox } from '../features/support/SupportInbox.js';

/**
 * The operations room (`/`): the map with the incident panel over its inline-end side and the
 * shelters board over its inline-start side; beside it (inline-end) the filters, the requests
 * and proposals waiting for a decision, and the live list.
 */
export function RoomView() {
  useKeyboardShortcuts();
  const isShelterBoardOpen = useShelterBoardStore((state) => state.isOpen);
  return (
    <main className="room">
      <div className="room__map">
        <MapView />
        {isShelterBoardOpen && <ShelterBoard />}
        <IncidentPanel />
      </div>
      <aside className="room__side">
        <SectorFilter />
        <TimeFilter />
        <SupportInbox />
        <LinksPanel />
        <IncidentList />
      </aside>
      <ShortcutHelp />
    </main>
  );
}
