import { describe, expect, it } from 'vitest';
import { makeIncident, reportedEvent, updatedEvent } from '../test/fixtures.js';
import { applyEventsToPicture } from './picture.js';

describe('applyEventsToPicture', () => {
  it('adds reported incidents and advances the picture’s seq to the last event', () => {
    const picture = applyEventsToPicture({ seq: 0, incidents: [] }, [
      reportedEvent(1, makeIncident(1)),
      reportedEvent(2, makeIncident(2)),
    ]);

    expect(picture.seq).toBe(2);
    expect(picture.incidents.map((i) => i.title)).toEqual(['Collision 1', 'Collision 2']);
  });

  it('removes an incident from the active picture when it is closed or cancelled', () => {
    const a = makeIncident(1, { status: 'contained', version: 4 });
    const b = makeIncident(2);
    const picture = applyEventsToPicture({ seq: 5, incidents: [a, b] }, [
      updatedEvent(6, a, { status: 'closed' }),
      updatedEvent(7, b, { status: 'cancelled' }),
    ]);

    expect(picture).toEqual({ seq: 7, incidents: [] });
  });

  it('does not bring back a closed incident when an event it already folded is replayed', () => {
    const a = makeIncident(1, { status: 'contained', version: 4 });
    const closing = updatedEvent(6, a, { status: 'closed' });
    const closed = applyEventsToPicture({ seq: 5, incidents: [a] }, [closing]);

    const replayed = applyEventsToPicture(closed, [
      updatedEvent(5, makeIncident(1), { status: 'contained' }),
    ]);

    expect(replayed).toBe(closed);
    expect(replayed.incidents).toEqual([]);
  });

  it('brings a reopened incident back into the picture from the event alone', () => {
    const closed = makeIncident(1, { status: 'closed', version: 6 });
    const picture = applyEventsToPicture({ seq: 9, incidents: [] }, [
      updatedEvent(10, closed, { status: 'reopened' }),
    ]);

    expect(picture.incidents).toHaveLength(1);
    expect(picture.incidents[0]).toMatchObject({ status: 'reopened', version: 7 });
  });
});
