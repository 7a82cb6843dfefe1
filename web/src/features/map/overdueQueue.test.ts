import { describe, expect, it } from 'vitest';
import type { Incident } from '@mirsad/shared';
import { makeIncident, minutesAfterBase } from '../../test/fixtures.js';
import {
  diffChangedIncidents,
  diffIncidentFeatures,
  type DrawnIncident,
  type IncidentDiffs,
  type OverdueClock,
} from './incidentFeatures.js';
import { OverdueQueue } from './overdueQueue.js';

const MINUTE_MS = 60_000;
/** One rule for every clock of a test: an incident is overdue 20 minutes after its report. */
const fromMs = (incident: Incident): number =>
  incident.status === 'reported'
    ? Date.parse(incident.reportedAt) + 20 * MINUTE_MS
    : Number.POSITIVE_INFINITY;
const clockAt = (minutes: number): OverdueClock => ({ fromMs, nowMs: Date.parse(minutesAfterBase(minutes)) });

/** A diff's updates by id: the queue finds incidents by time, a pass in the list's order. */
const inIdOrder = (diffs: IncidentDiffs): IncidentDiffs => ({
  ...diffs,
  points: {
    ...diffs.points,
    update: diffs.points.update.toSorted((a, b) => a.id.localeCompare(b.id)),
  },
});

/** What a drawn incident is marked with, without the pass that last saw it. */
const marks = (drawn: ReadonlyMap<string, DrawnIncident>): [string, boolean, number][] =>
  [...drawn].map(([id, held]) => [id, held.isOverdue, held.overdueFromMs]);

describe("the map's queue of incidents still to turn overdue", () => {
  it('gives, at each tick of the clock, the changes a pass over every incident would', () => {
    const incidents = Array.from({ length: 300 }, (_, n) =>
      makeIncident(n + 1, {
        reportedAt: minutesAfterBase((n * 37) % 120),
        status: n % 7 === 0 ? 'acknowledged' : 'reported',
      }),
    );
    const byId = new Map(incidents.map((incident) => [incident.id, incident]));
    const followed = new Map<string, DrawnIncident>();
    const passed = new Map<string, DrawnIncident>();
    const queue = new OverdueQueue();
    diffIncidentFeatures(followed, incidents, clockAt(0));
    diffIncidentFeatures(passed, incidents, clockAt(0));
    for (const [id, held] of followed) queue.offer(id, held);

    let overdue = 0;
    for (let minute = 5; minute <= 160; minute += 5) {
      const clock = clockAt(minute);
      const due = queue.takeDue(clock.nowMs, followed);
      const byQueue = diffChangedIncidents(followed, due, (id) => byId.get(id), clock);
      for (const id of due) queue.offer(id, followed.get(id));
      const byPass = diffIncidentFeatures(passed, incidents, clock);

      expect(inIdOrder(byQueue)).toEqual(inIdOrder(byPass));
      expect(marks(followed)).toEqual(marks(passed));
      overdue += byPass.changed;
    }
    // Every reported incident turned overdue on the way (the test saw the queue do something).
    expect(overdue).toBe(incidents.filter((incident) => incident.status === 'reported').length);
    expect(queue.takeDue(Number.POSITIVE_INFINITY, followed)).toEqual([]);
  });

  it('drops an incident that changed or left after it was queued', () => {
    const a = makeIncident(1, { reportedAt: minutesAfterBase(0) });
    const drawn = new Map<string, DrawnIncident>();
    diffIncidentFeatures(drawn, [a], clockAt(0));
    const queue = new OverdueQueue();
    queue.offer(a.id, drawn.get(a.id));
    diffIncidentFeatures(drawn, [{ ...a, status: 'acknowledged', version: 2 }], clockAt(1));

    expect(queue.takeDue(clockAt(60).nowMs, drawn)).toEqual([]);
  });
});
