import type { Incident, SectorId } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { Picture } from '../../realtime/picture.js';
import { churnOf, makeIncident, minutesAfterBase, updatedEvent } from '../../test/fixtures.js';
import { createVisibleSelector, type VisibleSelector } from '../incidents/selectors.js';
import { createThermalReader } from './thermalIncidents.js';

const NO_HIDDEN: ReadonlySet<SectorId> = new Set();
const MAX = 5;

/** What a pass over the whole list gives: the newest MAX thermal incidents. */
const wholePass = (list: readonly Incident[]): Incident[] =>
  list.filter((incident) => incident.source.startsWith('thermal:')).slice(0, MAX);

const incidentsOf = (count: number): Incident[] =>
  Array.from({ length: count }, (_, n) =>
    makeIncident(n + 1, {
      source: n % 4 === 0 ? `thermal:cam-${n}` : 'traffic-cad',
      reportedAt: minutesAfterBase((n * 7) % 45),
    }),
  );

describe('the newest thermal incidents of the visible list', () => {
  it('are the same as a pass over the whole list, through reports, updates and closures', () => {
    const incidents = incidentsOf(40);
    const select = createVisibleSelector();
    const changedSince: VisibleSelector['changedSince'] = (earlier) => select.changedSince(earlier);
    const read = createThermalReader(MAX);
    let picture = Picture.from({ seq: 40, incidents });
    let list = select(picture, NO_HIDDEN, {}, null);
    expect(read(list, changedSince)).toEqual(wholePass(list));

    const fresh = (step: number) =>
      makeIncident(100 + step, { source: 'thermal:cam-new', reportedAt: minutesAfterBase(30 + step) });
    for (const events of churnOf(incidents, { steps: 30, afterSeq: 40, freshEvery: 3, fresh })) {
      picture = picture.fold(events);
      list = select(picture, NO_HIDDEN, {}, null);

      expect(read(list, changedSince)).toEqual(wholePass(list));
    }
  });

  it('look at the changed incidents only when the list follows the last one read', () => {
    const reads = { count: 0 };
    const incidents = incidentsOf(200).map((incident) => {
      const { source } = incident;
      return Object.defineProperty(incident, 'source', {
        get: () => {
          reads.count += 1;
          return source;
        },
        enumerable: true,
      });
    });
    const select = createVisibleSelector();
    const read = createThermalReader(MAX);
    const picture = Picture.from({ seq: 200, incidents });
    read(select(picture, NO_HIDDEN, {}, null), (earlier) => select.changedSince(earlier));
    const [first] = incidents;
    if (!first) throw new Error('no incident');
    const update = updatedEvent(201, first, { severity: 5 });
    reads.count = 0;

    const list = select(picture.fold([update]), NO_HIDDEN, {}, null);
    const newest = read(list, (earlier) => select.changedSince(earlier));
    const readerReads = reads.count;

    // The updated incident is a new object (no counting getter): none of the 199 unchanged was read.
    expect(readerReads).toBe(0);
    expect(newest).toEqual(wholePass(list));
  });
});
