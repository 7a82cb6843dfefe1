import { IncidentDetails } from '../features/incidents/IncidentDetails.js';
import { IncidentList } from '../features/incidents/IncidentList.js';
import { SectorFilter } from '../features/incidents/SectorFilter.js';
import { MapView } from '../features/map/MapView.js';

/** The operations room (`/`): the map, and beside it (inline-end) the filter and live list. */
export function RoomView() {
  return (
    <main className="room">
      <div className="room__map">
        <MapView />
        <IncidentDetails />
      </div>
      <aside className="room__side">
        <SectorFilter />
        <IncidentList />
      </aside>
    </main>
  );
}
