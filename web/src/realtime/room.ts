import {
  incidentsAfter,
  linkAfter,
  shelterAfter,
  supportRequestAfter,
  unitAfter,
  type Link,
  type MirsadEvent,
  type Note,
  type Shelter,
  type SupportRequest,
  type Unit,
  type UnitPosition,
} from '@mirsad/shared';

/**
 * Pure folds of the room's lists: each takes a cached list and a batch of events in sequence
 * order, and returns the list after them, or the same list when nothing in it changed (so
 * react-query keeps the reference and nothing re-renders).
 */

/** The later of two positions; a position without a time never replaces one with a time. */
function laterPosition(a: UnitPosition | null, b: UnitPosition | null): UnitPosition | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.at) > Date.parse(a.at) ? b : a;
}

/**
 * Folds unit events into the units. A unit's status and assignment come from its events in
 * log order; its position is whichever is newest of the cache's and the event's, because
 * `units.moved` (volatile, not in the log) may already have brought a newer one.
 */
export function applyEventsToUnits(units: readonly Unit[], events: readonly MirsadEvent[]): Unit[] {
  let byId: Map<string, Unit> | null = null;
  for (const event of events) {
    const next = unitAfter(event);
    if (!next) continue;
    byId ??= new Map(units.map((unit) => [unit.id, unit]));
    const held = byId.get(next.id);
    byId.set(next.id, held ? { ...next, position: laterPosition(held.position, next.position) } : next);
  }
  return byId ? [...byId.values()] : (units as Unit[]);
}

/** Moves units to the positions of `units.moved` batches, skipping any older than the one held. */
export function applyPositions(units: readonly Unit[], positions: ReadonlyMap<string, UnitPosition>): Unit[] {
  if (positions.size === 0) return units as Unit[];
  const next: Unit[] = [];
  let changes = 0;
  for (const unit of units) {
    const moved = positions.get(unit.id);
    const position = moved ? laterPosition(unit.position, moved) : unit.position;
    if (position === unit.position) {
      next.push(unit);
    } else {
      next.push({ ...unit, position });
      changes++;
    }
  }
  return changes > 0 ? next : (units as Unit[]);
}

/** Folds shelter events into the shelters, keeping the higher version of each. */
export function applyEventsToShelters(
  shelters: readonly Shelter[],
  events: readonly MirsadEvent[],
): Shelter[] {
  let byId: Map<string, Shelter> | null = null;
  for (const event of events) {
    const next = shelterAfter(event);
    if (!next) continue;
    byId ??= new Map(shelters.map((shelter) => [shelter.id, shelter]));
    const held = byId.get(next.id);
    if (!held || held.version < next.version) byId.set(next.id, next);
  }
  return byId ? [...byId.values()] : (shelters as Shelter[]);
}

/** Folds link events into the open proposals: new ones join, decided ones (merged, dismissed) leave. */
export function applyEventsToLinks(links: readonly Link[], events: readonly MirsadEvent[]): Link[] {
  let byId: Map<string, Link> | null = null;
  for (const event of events) {
    const next = linkAfter(event);
    if (!next) continue;
    byId ??= new Map(links.map((link) => [link.id, link]));
    if (next.status === 'proposed') byId.set(next.id, next);
    else byId.delete(next.id);
  }
  return byId ? [...byId.values()] : (links as Link[]);
}

/** Folds support events into the requests: new ones join, answered ones take their answer. */
export function applyEventsToSupportRequests(
  requests: readonly SupportRequest[],
  events: readonly MirsadEvent[],
): SupportRequest[] {
  let byId: Map<string, SupportRequest> | null = null;
  for (const event of events) {
    const next = supportRequestAfter(event);
    if (!next) continue;
    byId ??= new Map(requests.map((request) => [request.id, request]));
    const held = byId.get(next.id);
    // An answer is final: a replayed `support.requested` must not put it back to pending.
    if (held && held.status !== 'pending' && next.status === 'pending') continue;
    byId.set(next.id, next);
  }
  return byId ? [...byId.values()] : (requests as SupportRequest[]);
}

/** The notes a batch adds, by incident. */
export function notesByIncident(events: readonly MirsadEvent[]): Map<string, Note[]> {
  const added = new Map<string, Note[]>();
  for (const event of events) {
    if (event.type !== 'note.added') continue;
    pushTo(added, event.data.note.incidentId, event.data.note);
  }
  return added;
}

/**
 * Adds `value` to the list under `key`, in place: a batch of a burst can hold hundreds of events
 * of one incident, and a new copy of its list for each of them makes the grouping quadratic.
 */
export function pushTo<V>(lists: Map<string, V[]>, key: string, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** Appends notes to an incident's log once each (a note's id is its identity), oldest first. */
export function appendNotes(notes: readonly Note[], added: readonly Note[]): Note[] {
  const held = new Set(notes.map((note) => note.id));
  const fresh = added.filter((note) => !held.has(note.id));
  if (fresh.length === 0) return notes as Note[];
  return [...notes, ...fresh]
    .map((note, index) => ({ note, index, atMs: Date.parse(note.at) }))
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index)
    .map(({ note }) => note);
}

/** The incidents an event belongs to the timeline of. */
export function incidentIdsOf(event: MirsadEvent): string[] {
  const ids = new Set(incidentsAfter(event).map((incident) => incident.id));
  if (event.type === 'note.added') ids.add(event.data.note.incidentId);
  const request = supportRequestAfter(event);
  if (request) ids.add(request.incidentId);
  const link = linkAfter(event);
  if (link) for (const id of link.incidentIds) ids.add(id);
  return [...ids];
}

/** Appends events to a timeline once each, in sequence order. */
export function appendEvents(timeline: readonly MirsadEvent[], added: readonly MirsadEvent[]): MirsadEvent[] {
  const lastSeq = timeline.reduce((highest, event) => Math.max(highest, event.seq), 0);
  const fresh = added.filter((event) => event.seq > lastSeq);
  return fresh.length === 0 ? (timeline as MirsadEvent[]) : [...timeline, ...fresh];
}
