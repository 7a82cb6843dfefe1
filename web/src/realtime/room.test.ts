import { describe, expect, it } from 'vitest';
import {
  makeEvent,
  makeIncident,
  makeLink,
  makeNote,
  makeShelter,
  makeSupportRequest,
  makeUnit,
  minutesAfterBase,
  reportedEvent,
  updatedEvent,
} from '../test/fixtures.js';
import {
  appendEvents,
  appendNotes,
  applyEventsToLinks,
  applyEventsToShelters,
  applyEventsToSupportRequests,
  applyEventsToUnits,
  applyPositions,
  incidentIdsOf,
  notesByIncident,
} from './room.js';

const at = (minutes: number, coordinates: [number, number] = [48, 29.3]) => ({
  coordinates,
  headingDeg: null,
  speedMps: null,
  at: minutesAfterBase(minutes),
});

describe('the units fold', () => {
  it('takes a unit’s status and assignment from its events, in log order', () => {
    const incident = makeIncident(1, { status: 'dispatched', assignedUnitIds: ['tr-1'] });
    const unit = makeUnit('tr-1');
    const assigned = { ...unit, status: 'assigned' as const, incidentId: incident.id };
    const units = applyEventsToUnits([unit], [makeEvent(2, 'unit.assigned', { unit: assigned, incident })]);
    expect(units).toEqual([assigned]);
  });

  it('keeps a newer position that units.moved brought over the older one of an event', () => {
    const moved = makeUnit('tr-1', { position: at(30, [48.1, 29.4]) });
    const event = makeEvent(3, 'unit.updated', {
      unit: makeUnit('tr-1', { status: 'out_of_service', position: at(10) }),
      reason: 'flat tyre',
    });
    const [unit] = applyEventsToUnits([moved], [event]);
    expect(unit).toMatchObject({ status: 'out_of_service', position: { coordinates: [48.1, 29.4] } });
  });

  it('adds units registered after the list was loaded', () => {
    const units = applyEventsToUnits([], [makeEvent(1, 'unit.registered', { unit: makeUnit('fr-7') })]);
    expect(units.map((u) => u.id)).toEqual(['fr-7']);
  });

  it('gives back the same list when a batch touches no unit, so nothing re-renders', () => {
    const units = [makeUnit('tr-1')];
    expect(applyEventsToUnits(units, [reportedEvent(1, makeIncident(1))])).toBe(units);
  });
});

describe('unit positions', () => {
  it('move units to the newest position of each', () => {
    const units = [makeUnit('a', { position: at(1) }), makeUnit('b', { position: at(1) })];
    const next = applyPositions(units, new Map([['a', at(2, [47.5, 29])]]));
    expect(next[0]?.position?.coordinates).toEqual([47.5, 29]);
    expect(next[1]).toBe(units[1]);
  });

  it('skip a position older than the one held (a late volatile batch)', () => {
    const units = [makeUnit('a', { position: at(5) })];
    expect(applyPositions(units, new Map([['a', at(4, [47, 29])]]))).toBe(units);
  });
});

describe('the shelters fold', () => {
  it('keeps the higher version of each shelter, so a replayed event changes nothing', () => {
    const v2 = makeShelter(1, { version: 2, occupancy: 80 });
    const v1 = makeShelter(1, { version: 1, occupancy: 10 });
    const shelters = applyEventsToShelters([v2], [makeEvent(4, 'shelter.updated', { shelter: v1 })]);
    expect(shelters).toEqual([v2]);
  });

  it('adds opened shelters and takes updates', () => {
    const opened = makeShelter(2);
    const updated = { ...opened, version: 2, occupancy: 150, needs: ['water'] };
    const shelters = applyEventsToShelters(
      [],
      [
        makeEvent(1, 'shelter.opened', { shelter: opened }),
        makeEvent(2, 'shelter.updated', { shelter: updated }),
      ],
    );
    expect(shelters).toEqual([updated]);
  });
});

describe('the links fold', () => {
  const a = makeIncident(1);
  const b = makeIncident(2, { sector: 'fire-marine-rescue', category: 'vehicle-fire' });

  it('adds proposals and drops them once merged or dismissed', () => {
    const link = makeLink(1, a, b);
    const proposed = applyEventsToLinks([], [makeEvent(1, 'link.proposed', { link })]);
    expect(proposed).toEqual([link]);
    const dismissed = { ...link, status: 'dismissed' as const };
    expect(applyEventsToLinks(proposed, [makeEvent(2, 'link.dismissed', { link: dismissed })])).toEqual([]);
  });
});

describe('the support requests fold', () => {
  it('adds new requests and takes their answers', () => {
    const request = makeSupportRequest(1, 1);
    const accepted = { ...request, status: 'accepted' as const, answer: 'pump on the way' };
    const incident = makeIncident(1, { involvedSectors: ['traffic', 'civil-defence'] });
    const requests = applyEventsToSupportRequests(
      [],
      [
        makeEvent(1, 'support.requested', { request }),
        makeEvent(2, 'support.answered', { request: accepted, incident }),
      ],
    );
    expect(requests).toEqual([accepted]);
  });

  it('never puts an answered request back to pending', () => {
    const request = makeSupportRequest(1, 1);
    const declined = { ...request, status: 'declined' as const };
    expect(
      applyEventsToSupportRequests([declined], [makeEvent(1, 'support.requested', { request })]),
    ).toEqual([declined]);
  });
});

describe('notes', () => {
  it('are grouped by incident from a batch', () => {
    const added = notesByIncident([
      makeEvent(1, 'note.added', { note: makeNote(1, 1) }),
      makeEvent(2, 'note.added', { note: makeNote(2, 2) }),
      makeEvent(3, 'note.added', { note: makeNote(3, 1) }),
    ]);
    expect([...added.keys()]).toHaveLength(2);
    expect(added.get(makeNote(1, 1).incidentId)?.map((n) => n.text)).toEqual(['Note 1', 'Note 3']);
  });

  it('are appended once each, oldest first, whether the POST answer or the event comes first', () => {
    const first = makeNote(1, 1);
    const second = makeNote(2, 1);
    const log = appendNotes(appendNotes([], [second]), [first, second]);
    expect(log.map((n) => n.id)).toEqual([first.id, second.id]);
    expect(appendNotes(log, [first])).toBe(log);
  });
});

describe('an incident’s timeline', () => {
  it('takes the events of the incident, notes and requests included, once each', () => {
    const incident = makeIncident(1);
    const report = reportedEvent(1, incident);
    const note = makeEvent(2, 'note.added', { note: makeNote(1, 1) });
    const request = makeEvent(3, 'support.requested', { request: makeSupportRequest(1, 1) });
    expect(incidentIdsOf(note)).toEqual([incident.id]);
    expect(incidentIdsOf(request)).toEqual([incident.id]);
    const timeline = appendEvents(
      [report],
      [report, note, request, updatedEvent(4, incident, { severity: 4 })],
    );
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});
