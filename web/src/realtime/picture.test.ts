import { describe, expect, it } from 'vitest';
import { makeIncident, reportedEvent, updatedEvent } from '../test/fixtures.js';
import { countPicture } from '../features/incidents/selectors.js';
import { Picture, applyEventsToPicture } from './picture.js';

describe('applyEventsToPicture', () => {
  it('adds reported incidents and advances the picture’s seq to the last event', () => {
    const picture = applyEventsToPicture(Picture.from({ seq: 0, incidents: [] }), [
      reportedEvent(1, makeIncident(1)),
      reportedEvent(2, makeIncident(2)),
    ]);

    expect(picture.seq).toBe(2);
    expect(picture.incidents.map((i) => i.title)).toEqual(['Collision 1', 'Collision 2']);
  });

  it('removes an incident from the active picture when it is closed or cancelled', () => {
    const a = makeIncident(1, { status: 'contained', version: 4 });
    const b = makeIncident(2);
    const picture = applyEventsToPicture(Picture.from({ seq: 5, incidents: [a, b] }), [
      updatedEvent(6, a, { status: 'closed' }),
      updatedEvent(7, b, { status: 'cancelled' }),
    ]);

    expect(picture.seq).toBe(7);
    expect(picture.incidents).toEqual([]);
  });

  it('does not bring back a closed incident when an event it already folded is replayed', () => {
    const a = makeIncident(1, { status: 'contained', version: 4 });
    const closing = updatedEvent(6, a, { status: 'closed' });
    const closed = applyEventsToPicture(Picture.from({ seq: 5, incidents: [a] }), [closing]);

    const replayed = applyEventsToPicture(closed, [
      updatedEvent(5, makeIncident(1), { status: 'contained' }),
    ]);

    expect(replayed).toBe(closed);
    expect(replayed.incidents).toEqual([]);
  });

  it('brings a reopened incident back into the picture from the event alone', () => {
    const closed = makeIncident(1, { status: 'closed', version: 6 });
    const picture = applyEventsToPicture(Picture.from({ seq: 9, incidents: [] }), [
      updatedEvent(10, closed, { status: 'reopened' }),
    ]);

    expect(picture.incidents).toHaveLength(1);
    expect(picture.incidents[0]).toMatchObject({ status: 'reopened', version: 7 });
  });
});

describe('the normalized picture', () => {
  it('finds an incident by id, and names the incidents each fold changed', () => {
    const a = makeIncident(1);
    const b = makeIncident(2);
    const start = Picture.from({ seq: 2, incidents: [a, b] });
    const next = start.fold([updatedEvent(3, a, { status: 'acknowledged' })]);

    expect(next.get(a.id)).toMatchObject({ status: 'acknowledged' });
    expect(next.get(b.id)).toBe(b);
    expect(next.change).toEqual({ baseRevision: 0, ids: [a.id] });
    expect(next.changedSince(start)).toEqual([a.id]);
    expect(start.changedSince(next)).toBeNull();
  });

  it('names what changed across several folds, for a reader that missed some, and none from another load', () => {
    const a = makeIncident(1);
    const b = makeIncident(2);
    const c = makeIncident(3);
    const start = Picture.from({ seq: 3, incidents: [a, b, c] });
    const first = start.fold([updatedEvent(4, a, { status: 'acknowledged' })]);
    const second = first.fold([updatedEvent(5, b, { severity: 5 })]);
    const third = second.fold([updatedEvent(6, c, { status: 'closed' })]);

    expect(third.changedSince(start)).toEqual([a.id, b.id, c.id]);
    expect(third.changedSince(first)).toEqual([b.id, c.id]);
    expect(third.changedSince(third)).toEqual([]);
    expect(third.changedSince(Picture.from({ seq: 3, incidents: [a, b, c] }))).toBeNull();
  });

  it('leaves every other entry as the same object when one incident of many changes', () => {
    const incidents = Array.from({ length: 1_000 }, (_, n) => makeIncident(n + 1));
    const start = Picture.from({ seq: 1_000, incidents });
    const target = incidents[500];
    if (!target) throw new Error('no incident 500');
    const next = start.fold([updatedEvent(1_001, target, { severity: 5 })]);

    const changed = next.incidents.filter((incident, n) => incident !== incidents[n]);
    expect(changed.map((incident) => incident.id)).toEqual([target.id]);
    expect(next.size).toBe(1_000);
  });

  it('refuses to fold a picture that is no longer the newest of its load', () => {
    const a = makeIncident(1);
    const start = Picture.from({ seq: 1, incidents: [a] });
    start.fold([updatedEvent(2, a, { status: 'acknowledged' })]);

    expect(() => start.fold([updatedEvent(3, a, { severity: 4 })])).toThrow(/newest revision/);
  });

  it('keeps its counts as it folds, the same as counting its incidents one by one', () => {
    const a = makeIncident(1, { severity: 5 });
    const b = makeIncident(2, { sector: 'civil-defence', category: 'flooding' });
    const c = makeIncident(3);
    const picture = Picture.from({ seq: 3, incidents: [a, b, c] }).fold([
      updatedEvent(4, a, { severity: 2 }),
      updatedEvent(5, b, { status: 'closed' }),
      reportedEvent(6, makeIncident(4, { severity: 5 })),
    ]);

    expect(picture.counts).toEqual(countPicture({ incidents: [...picture.incidents] }));
    expect(picture.counts).toMatchObject({ active: 3, critical: 1 });
    expect(picture.counts.bySector.has('civil-defence')).toBe(false);
  });
});
