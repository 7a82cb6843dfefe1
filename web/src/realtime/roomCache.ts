import {
  UnitSchema,
  type DroneState,
  type MirsadEvent,
  type PresenceEntry,
  type RecordedDetection,
  type UnitPosition,
} from '@mirsad/shared';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { fieldOf, requestJson } from '../api/http.js';
import { incidentQueries } from '../features/incidents/queries.js';
import { linkQueries } from '../features/links/queries.js';
import { applyEventsToPatrols } from '../features/patrols/patrolFold.js';
import { patrolQueries } from '../features/patrols/queries.js';
import { appendDetections, applyDroneStates } from '../features/sensors/droneFeatures.js';
import { sensorQueries } from '../features/sensors/queries.js';
import { noteQueries } from '../features/notes/queries.js';
import { applyEventsToActivePatterns } from '../features/patterns/patternState.js';
import { PATTERN_ANALYSES, patternQueries } from '../features/patterns/queries.js';
import { presenceQueries } from '../features/presence/queries.js';
import { shelterQueries } from '../features/shelters/queries.js';
import { supportQueries } from '../features/support/queries.js';
import { trainingQueries } from '../features/training/queries.js';
import { applyEventsToExercise, applyEventsToOverlays } from '../features/training/exerciseState.js';
import { unitQueries, unitsPath } from '../features/units/queries.js';
import { applyEventsToWarnings } from '../features/warnings/fold.js';
import { warningQueries } from '../features/warnings/queries.js';
import { currentExerciseId } from './exerciseMode.js';
import {
  appendEvents,
  appendNotes,
  incidentIdsOf,
  applyEventsToLinks,
  applyEventsToShelters,
  applyEventsToSupportRequests,
  applyEventsToUnits,
  applyPositions,
  notesByIncident,
  pushTo,
} from './room.js';

/**
 * A list still loading when an event for it arrives may have been read before that event:
 * load it again, so the answer includes it. (Lists loaded at boot are in before the socket
 * opens; this covers the ones loaded on demand, such as an incident's notes.)
 */
function refetchIfLoading(queryClient: QueryClient, queryKey: QueryKey): void {
  if (queryClient.getQueryState(queryKey)?.status === 'pending') {
    void queryClient.invalidateQueries({ queryKey, exact: true });
  }
}

/**
 * The incident ids that have a query under `prefix` (a key family ending in the incident's id)
 * in the cache, loaded or still loading. A burst's batch touches hundreds of incidents, of
 * which the room holds a detail, a timeline or notes for a few: asking the cache about each
 * (`getQueryData`, `setQueryData`, `getQueryState`) hashed a key every time, several per event.
 * Matching the held queries by prefix hashes nothing, and costs the cache's size per batch.
 */
export function heldIncidentIds(queryClient: QueryClient, prefix: QueryKey): Set<string> {
  const ids = new Set<string>();
  for (const query of queryClient.getQueryCache().findAll({ queryKey: prefix })) {
    const id = query.queryKey[prefix.length];
    if (query.queryKey.length === prefix.length + 1 && typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** Writes a batch of durable events into the room's list caches (units, shelters, links, requests, patterns, notes). */
export function writeRoomEvents(queryClient: QueryClient, events: readonly MirsadEvent[]): void {
  // Each fold returns the same array when the batch does not touch it: nothing re-renders.
  const units = unitQueries.list().queryKey;
  queryClient.setQueryData(units, (held) => (held ? applyEventsToUnits(held, events) : held));
  const shelters = shelterQueries.list().queryKey;
  queryClient.setQueryData(shelters, (held) => (held ? applyEventsToShelters(held, events) : held));
  const links = linkQueries.proposed().queryKey;
  queryClient.setQueryData(links, (held) => (held ? applyEventsToLinks(held, events) : held));
  const requests = supportQueries.list().queryKey;
  queryClient.setQueryData(requests, (held) => (held ? applyEventsToSupportRequests(held, events) : held));
  // The series going on: loaded when the room first shows them (not at boot: the room must not
  // wait on an analysis), so one still loading when its events arrive is read again.
  const patterns = patternQueries.active().queryKey;
  queryClient.setQueryData(patterns, (held) => (held ? applyEventsToActivePatterns(held, events) : held));
  const patrols = patrolQueries.list().queryKey;
  queryClient.setQueryData(patrols, (held) => (held ? applyEventsToPatrols(held, events) : held));
  // Warnings load when the map or the board first shows them; from then on they follow the log.
  const warnings = warningQueries.list().queryKey;
  queryClient.setQueryData(warnings, (held) => (held ? applyEventsToWarnings(held, events) : held));
  for (const queryKey of [units, shelters, links, requests, patterns, patrols, warnings])
    refetchIfLoading(queryClient, queryKey);
  if (events.some((event) => event.type.startsWith('patrol.')))
    // Coverage is computed by the server: read again when a patrol changes (risk, which moves
    // with every report, is read again each minute, not on every report of a storm).
    void queryClient.invalidateQueries({ queryKey: [...patrolQueries.all(), 'coverage'] });
  writeDetections(queryClient, events);
  const exerciseId = currentExerciseId();
  if (exerciseId !== null) {
    // The exercise's clock and map overlays follow its events like the room's lists.
    const detail = trainingQueries.detail(exerciseId).queryKey;
    queryClient.setQueryData(detail, (held) => (held ? applyEventsToExercise(held, events) : held));
    const overlays = trainingQueries.overlays(exerciseId).queryKey;
    queryClient.setQueryData(overlays, (held) => (held ? applyEventsToOverlays(held, events) : held));
    for (const queryKey of [detail, overlays]) refetchIfLoading(queryClient, queryKey);
  }
  // Only the timelines and notes the cache holds: see `heldIncidentIds`.
  const timelines = heldIncidentIds(queryClient, [...incidentQueries.all(), 'events']);
  const byIncident = new Map<string, MirsadEvent[]>();
  for (const event of events) {
    for (const id of incidentIdsOf(event)) {
      if (timelines.has(id)) pushTo(byIncident, id, event);
    }
  }
  for (const [incidentId, added] of byIncident) {
    const { queryKey } = incidentQueries.events(incidentId);
    queryClient.setQueryData(queryKey, (held) => (held ? appendEvents(held, added) : held));
    refetchIfLoading(queryClient, queryKey);
  }
  const notes = heldIncidentIds(queryClient, noteQueries.all());
  for (const [incidentId, added] of notesByIncident(events)) {
    if (!notes.has(incidentId)) continue;
    const { queryKey } = noteQueries.of(incidentId);
    queryClient.setQueryData(queryKey, (held) => (held ? appendNotes(held, added) : held));
    refetchIfLoading(queryClient, queryKey);
  }
}

/** Appends `detection.recorded` events to the thermal history of their incidents, where it is held. */
function writeDetections(queryClient: QueryClient, events: readonly MirsadEvent[]): void {
  const held = heldIncidentIds(queryClient, [...sensorQueries.all(), 'detections']);
  const byIncident = new Map<string, RecordedDetection[]>();
  for (const event of events) {
    if (event.type !== 'detection.recorded') continue;
    const { detection } = event.data;
    if (!held.has(detection.incidentId)) continue;
    pushTo(byIncident, detection.incidentId, detection);
  }
  for (const [incidentId, added] of byIncident) {
    const { queryKey } = sensorQueries.detections(incidentId);
    queryClient.setQueryData(queryKey, (held) => (held ? appendDetections(held, added) : held));
    refetchIfLoading(queryClient, queryKey);
  }
}

/** Folds a `drones.moved` batch into the drones cache (only once the room has read the drones). */
export function writeDrones(queryClient: QueryClient, drones: readonly DroneState[]): void {
  queryClient.setQueryData(sensorQueries.drones().queryKey, (held) =>
    held ? applyDroneStates(held, drones) : held,
  );
}

/** Reads the drones again after a reconnect: batches sent while the link was down are lost. */
export function refreshDrones(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: sensorQueries.drones().queryKey });
}

/**
 * Reads pattern watch's analyses again after a history load (`history.loaded`): they compare
 * the present with the past the load changed. The active series are not among them; the log's
 * events keep those.
 */
export function refreshPatternAnalyses(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    queryKey: patternQueries.all(),
    predicate: (query) => PATTERN_ANALYSES.has(String(query.queryKey[2])),
  });
}

/** Writes coalesced `units.moved` positions into the units cache. */
export function writePositions(queryClient: QueryClient, positions: ReadonlyMap<string, UnitPosition>): void {
  queryClient.setQueryData(unitQueries.list().queryKey, (held) =>
    held ? applyPositions(held, positions) : held,
  );
}

/** Writes who is in the rooms now. */
export function writePresence(queryClient: QueryClient, people: PresenceEntry[]): void {
  queryClient.setQueryData(presenceQueries.current().queryKey, people);
}

/** Loads the room's lists into the cache (after the picture: the log replay brings them up to date). */
export async function loadRoomLists(queryClient: QueryClient, options: { isFresh?: boolean } = {}) {
  const staleTime = options.isFresh === true ? 0 : Infinity;
  const exerciseId = currentExerciseId();
  await Promise.all([
    queryClient.query({ ...unitQueries.list(), staleTime }),
    queryClient.query({ ...shelterQueries.list(), staleTime }),
    queryClient.query({ ...linkQueries.proposed(), staleTime }),
    queryClient.query({ ...supportQueries.list(), staleTime }),
    ...(exerciseId === null
      ? []
      : [
          queryClient.query({ ...trainingQueries.detail(exerciseId), staleTime }),
          queryClient.query({ ...trainingQueries.overlays(exerciseId), staleTime }),
        ]),
  ]);
}

/**
 * Takes the latest positions from `GET /api/units` after a reconnect: `units.moved` batches
 * sent while the link was down are lost. Only positions are taken; statuses come from the
 * log's events, which arrive exactly once and in order, and an answer read before one of them
 * must not undo it.
 */
export async function refreshUnitPositions(queryClient: QueryClient): Promise<void> {
  const units = await requestJson(unitsPath(), fieldOf('units', UnitSchema.array()));
  const positions = new Map<string, UnitPosition>();
  for (const unit of units) if (unit.position) positions.set(unit.id, unit.position);
  writePositions(queryClient, positions);
}
