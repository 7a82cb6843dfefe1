import type { SectorId } from '@mirsad/shared';
import { describe, expect, it, vi } from 'vitest';
import { Picture } from '../../realtime/picture.js';
import { churnOf, makeIncident, minutesAfterBase, updatedEvent } from '../../test/fixtures.js';
import { createVisibleSelector, indexInList, visibleIncidents } from './selectors.js';

const NO_HIDDEN: ReadonlySet<SectorId> = new Set();

describe('the visible list followed by its changes', () => {
  it('gives the same list as filtering and sorting the whole picture, through reports, updates and closures', () => {
    const incidents = Array.from({ length: 60 }, (_, n) =>
      makeIncident(n + 1, {
        sector: n % 3 === 0 ? 'civil-defence' : 'traffic',
        category: n % 3 === 0 ? 'flooding' : 'collision',
        reportedAt: minutesAfterBase((n * 7) % 45),
      }),
    );
    const hidden: ReadonlySet<SectorId> = new Set(['civil-defence']);
    const select = createVisibleSelector();
    let picture = Picture.from({ seq: 60, incidents });
    expect(select(picture, hidden, {}, null)).toEqual(visibleIncidents(picture, hidden));

    const fresh = (step: number) => makeIncident(100 + step, { reportedAt: minutesAfterBase(step % 30) });
    for (const events of churnOf(incidents, { steps: 40, afterSeq: 60, freshEvery: 5, fresh })) {
      picture = picture.fold(events);

      expect(select(picture, hidden, {}, null)).toEqual(visibleIncidents(picture, hidden));
    }
  });

  it('replaces an updated incident in place, keeping every other row and the order', () => {
    const incidents = [1, 2, 3].map((n) => makeIncident(n, { reportedAt: minutesAfterBase(n) }));
    const select = createVisibleSelector();
    const start = Picture.from({ seq: 3, incidents });
    const before = select(start, NO_HIDDEN, {}, null);
    const [, middle] = before;
    if (!middle) throw new Error('no middle row');

    const after = select(
      start.fold([updatedEvent(4, middle, { status: 'acknowledged' })]),
      NO_HIDDEN,
      {},
      null,
    );

    expect(after.map((incident) => incident.id)).toEqual(before.map((incident) => incident.id));
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).toMatchObject({ id: middle.id, status: 'acknowledged' });
  });

  it('follows by the changes across revisions it missed, without reading the whole picture', () => {
    const incidents = [1, 2, 3].map((n) => makeIncident(n, { reportedAt: minutesAfterBase(n) }));
    const [a, b] = incidents;
    if (!a || !b) throw new Error('no incidents');
    const select = createVisibleSelector();
    const start = Picture.from({ seq: 3, incidents });
    select(start, NO_HIDDEN, {}, null);
    const skipped = start.fold([updatedEvent(4, a, { severity: 5 })]);
    const latest = skipped.fold([updatedEvent(5, b, { status: 'closed' })]);
    const readAll = vi.spyOn(Picture.prototype, 'incidents', 'get');

    const list = select(latest, NO_HIDDEN, {}, null);

    expect(readAll).not.toHaveBeenCalled();
    expect(list).toEqual(visibleIncidents(latest, NO_HIDDEN));
    expect(list.map((incident) => incident.severity)).toEqual([3, 5]);
  });

  it('reads the whole picture again when the filters change or the picture is another load', () => {
    const a = makeIncident(1, { sector: 'traffic' });
    const b = makeIncident(2, { sector: 'civil-defence', category: 'flooding' });
    const select = createVisibleSelector();
    const start = Picture.from({ seq: 2, incidents: [a, b] });
    expect(select(start, NO_HIDDEN, {}, null)).toHaveLength(2);
    expect(select(start, new Set<SectorId>(['traffic']), {}, null)).toEqual([b]);

    const reloaded = Picture.from({ seq: 3, incidents: [{ ...a, severity: 5, version: 2 }] });
    expect(select(reloaded, NO_HIDDEN, {}, null).map((incident) => incident.severity)).toEqual([5]);
  });
});

describe('finding the selection in the visible list', () => {
  it('finds each incident where the list holds it, and none that the list does not show', () => {
    const incidents = Array.from({ length: 40 }, (_, n) =>
      makeIncident(n + 1, {
        sector: n % 4 === 0 ? 'civil-defence' : 'traffic',
        category: n % 4 === 0 ? 'flooding' : 'collision',
        // Some share a report time, so the id decides between them.
        reportedAt: minutesAfterBase(n % 9),
      }),
    );
    const hidden: ReadonlySet<SectorId> = new Set(['civil-defence']);
    const select = createVisibleSelector();
    const picture = Picture.from({ seq: 40, incidents });
    const list = select(picture, hidden, {}, null);
    expect(select.latest()).toBe(list);

    for (const incident of incidents) {
      const expected = list.findIndex((shown) => shown.id === incident.id);
      expect(indexInList(list, picture, incident.id)).toBe(expected);
    }
    expect(indexInList(list, picture, null)).toBe(-1);
    expect(indexInList(list, picture, 'not-in-the-picture')).toBe(-1);
  });
});
