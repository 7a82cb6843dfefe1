import { describe, expect, it } from 'vitest';
import type { SectorId } from '@mirsad/shared';
import { Picture } from '../../realtime/picture.js';
import { makeIncident, minutesAfterBase, reportedEvent, updatedEvent } from '../../test/fixtures.js';
import { createVisibleSelector } from '../incidents/selectors.js';
import {
  NEVER_OVERDUE,
  diffChangedIncidents,
  diffIncidentFeatures,
  type DrawnIncident,
  type FeatureDiff,
} from './incidentFeatures.js';

const NONE_OVERDUE = NEVER_OVERDUE;

describe('the incident sources’ changes', () => {
  it('add every incident the first time, and nothing when the same objects come again', () => {
    const drawn = new Map<string, DrawnIncident>();
    const incidents = [makeIncident(1), makeIncident(2)];
    const first = diffIncidentFeatures(drawn, incidents, NONE_OVERDUE);
    expect(first.points.add).toMatchObject(
      incidents.map((incident) => ({ properties: { id: incident.id } })),
    );
    expect(first.changed).toBe(2);

    const again = diffIncidentFeatures(drawn, [...incidents], NONE_OVERDUE);
    expect(again).toEqual({
      points: { add: [], update: [], remove: [] },
      areas: { add: [], update: [], remove: [] },
      changed: 0,
    });
  });

  it('skip an incident at the version drawn, even as a new object (a replayed picture)', () => {
    const drawn = new Map<string, DrawnIncident>();
    const a = makeIncident(1);
    diffIncidentFeatures(drawn, [a], NONE_OVERDUE);

    expect(diffIncidentFeatures(drawn, [{ ...a }], NONE_OVERDUE).changed).toBe(0);
  });

  it('update only the incident that changed, by id, with its new properties and no new geometry', () => {
    const drawn = new Map<string, DrawnIncident>();
    const a = makeIncident(1);
    const b = makeIncident(2);
    diffIncidentFeatures(drawn, [a, b], NONE_OVERDUE);

    const raised = { ...b, severity: 5 as const, version: 2 };
    const { points, changed } = diffIncidentFeatures(drawn, [a, raised], NONE_OVERDUE);

    expect(changed).toBe(1);
    expect(points.add).toEqual([]);
    expect(points.update).toHaveLength(1);
    expect(points.update[0]?.id).toBe(b.id);
    expect(points.update[0]?.newGeometry).toBeUndefined();
    expect(points.update[0]?.addOrUpdateProperties).toContainEqual({ key: 'severity', value: 5 });
  });

  it('move a point whose location changed, ring one that turned overdue, and remove one that left', () => {
    const drawn = new Map<string, DrawnIncident>();
    const a = makeIncident(1, { location: { type: 'Point', coordinates: [48, 29.3] } });
    const b = makeIncident(2);
    const c = makeIncident(3);
    diffIncidentFeatures(drawn, [a, b, c], NONE_OVERDUE);

    const moved = {
      ...a,
      location: { type: 'Point' as const, coordinates: [48.1, 29.4] as [number, number] },
      version: 2,
    };
    const { points, changed } = diffIncidentFeatures(drawn, [moved, b], {
      fromMs: (incident) => (incident.id === b.id ? 0 : Infinity),
      nowMs: 1,
    });

    expect(changed).toBe(3);
    expect(points.update.find((u) => u.id === a.id)?.newGeometry).toEqual({
      type: 'Point',
      coordinates: [48.1, 29.4],
    });
    expect(points.update.find((u) => u.id === b.id)?.addOrUpdateProperties).toContainEqual({
      key: 'overdue',
      value: 1,
    });
    expect(points.remove).toEqual([c.id]);
    expect([...drawn.keys()]).toEqual([a.id, b.id]);
  });

  it('add, reshape and remove an area’s outline as its location turns from point to polygon and back', () => {
    const drawn = new Map<string, DrawnIncident>();
    const point = makeIncident(1);
    diffIncidentFeatures(drawn, [point], NONE_OVERDUE);
    const ring: [number, number][] = [
      [47.9, 29.3],
      [48.1, 29.3],
      [48.1, 29.5],
      [47.9, 29.3],
    ];
    const area = { ...point, location: { type: 'Polygon' as const, coordinates: [ring] }, version: 2 };

    expect(diffIncidentFeatures(drawn, [area], NONE_OVERDUE).areas.add).toHaveLength(1);
    expect(diffIncidentFeatures(drawn, [point], NONE_OVERDUE).areas.remove).toEqual([point.id]);
  });
});

/** A diff in one order, whatever order the incidents were looked at in. */
const sorted = (diff: FeatureDiff) => ({
  add: diff.add.map((feature) => JSON.stringify(feature)).sort(),
  update: diff.update.map((update) => JSON.stringify(update)).sort(),
  remove: [...diff.remove].sort(),
});

describe('the incident sources’ changes from the changed ids alone', () => {
  it('are the changes a pass over every incident finds, through updates, reports and closures', () => {
    const hidden: ReadonlySet<SectorId> = new Set(['civil-defence']);
    const incidents = Array.from({ length: 40 }, (_, n) =>
      makeIncident(n + 1, {
        sector: n % 5 === 0 ? 'civil-defence' : 'traffic',
        category: n % 5 === 0 ? 'flooding' : 'collision',
        reportedAt: minutesAfterBase(n % 13),
      }),
    );
    const select = createVisibleSelector();
    let picture = Picture.from({ seq: 40, incidents });
    let list = select(picture, hidden, {}, null);
    const everyIncident = new Map<string, DrawnIncident>();
    const changedOnly = new Map<string, DrawnIncident>();
    diffIncidentFeatures(everyIncident, list, NONE_OVERDUE);
    diffIncidentFeatures(changedOnly, list, NONE_OVERDUE);

    let seq = 40;
    for (let step = 0; step < 12; step++) {
      const earlier = list;
      // Two revisions between the map's passes, as when React renders once for two flushes.
      for (const round of [0, 1]) {
        const target = picture.get(incidents[(step * 7 + round * 3) % incidents.length]?.id ?? '');
        const events = target
          ? [
              updatedEvent(
                ++seq,
                target,
                step % 4 === 3 ? { status: 'closed' } : { severity: (step % 5) + 1 },
              ),
            ]
          : [reportedEvent(++seq, makeIncident(100 + step * 2 + round))];
        picture = picture.fold(events);
        list = select(picture, hidden, {}, null);
      }
      const changes = select.changedSince(earlier);
      if (!changes) throw new Error('the selector could not say what changed');
      expect(changes.list).toBe(list);

      const full = diffIncidentFeatures(everyIncident, list, NONE_OVERDUE);
      const partial = diffChangedIncidents(changedOnly, changes.ids, changes.shown, NONE_OVERDUE);

      expect(partial.changed).toBe(full.changed);
      expect(sorted(partial.points)).toEqual(sorted(full.points));
      expect(sorted(partial.areas)).toEqual(sorted(full.areas));
      expect([...changedOnly.keys()].sort()).toEqual([...everyIncident.keys()].sort());
    }
  });

  it('cannot be said across a list read whole, such as after a filter changed', () => {
    const incidents = [1, 2, 3].map((n) => makeIncident(n));
    const select = createVisibleSelector();
    const picture = Picture.from({ seq: 3, incidents });
    const first = select(picture, new Set(), {}, null);
    select(picture, new Set<SectorId>(['traffic']), {}, null);

    expect(select.changedSince(first)).toBeNull();
    expect(select.changedSince([...first])).toBeNull();
  });
});
