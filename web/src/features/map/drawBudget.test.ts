import { describe, expect, it } from 'vitest';
import { DrawBudget, SourceChanges } from './drawBudget.js';
import { makeIncident, makeUnit, minutesAfterBase } from '../../test/fixtures.js';
import { toUnitFeatures } from './unitFeatures.js';

describe("the map's drawing budget", () => {
  it('updates a small picture every 250 ms while its frames are quick', () => {
    const budget = new DrawBudget();
    expect(budget.intervalMs(56)).toBe(250);
    budget.noteFrame(16);
    expect(budget.intervalMs(56)).toBe(250);
  });

  it("spaces the updates by the map's drawing time divided by a quarter", () => {
    const budget = new DrawBudget();
    budget.noteFrame(150);
    expect(budget.intervalMs(56)).toBe(600);
  });

  it('waits at most a second however slowly the map draws', () => {
    const budget = new DrawBudget();
    budget.noteFrame(400);
    expect(budget.intervalMs(56)).toBe(1_000);
  });

  it('gives 0.02 ms per incident drawn, up to the second', () => {
    const budget = new DrawBudget();
    expect(budget.intervalMs(20_000)).toBe(400);
    expect(budget.intervalMs(50_000)).toBe(1_000);
  });

  it('follows the frames as an average, so one slow frame does not hold the map back', () => {
    const budget = new DrawBudget();
    budget.noteFrame(100);
    budget.noteFrame(200);
    // 100 + 0.3 × (200 − 100)
    expect(budget.frameMs).toBeCloseTo(130);
    expect(budget.intervalMs(56)).toBeCloseTo(520);
    for (let n = 0; n < 30; n += 1) budget.noteFrame(20);
    expect(budget.intervalMs(56)).toBe(250);
  });
});

describe("the map's sources", () => {
  it('take the same units and lines again only when something in them changed', () => {
    const incident = makeIncident(1, { location: { type: 'Point', coordinates: [48.0, 29.3] } });
    const incidents = new Map([[incident.id, incident]]);
    const at = (coordinates: [number, number]) => ({
      coordinates,
      headingDeg: null,
      speedMps: null,
      at: minutesAfterBase(0),
    });
    const unit = makeUnit('tr-1', {
      status: 'en_route',
      incidentId: incident.id,
      position: at([47.9, 29.2]),
    });
    const nowMs = Date.parse(minutesAfterBase(1));
    const changes = new SourceChanges();
    const unitsSource = {};
    const linesSource = {};
    const first = toUnitFeatures([unit], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, first.units)).toBe(true);
    expect(changes.hasChanged(linesSource, first.lines)).toBe(true);

    // The same units built again as new objects, as every update of the incidents does.
    const again = toUnitFeatures([{ ...unit }], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, again.units)).toBe(false);
    expect(changes.hasChanged(linesSource, again.lines)).toBe(false);

    // The unit moved: its point and its line to the incident change, each once.
    const moved = toUnitFeatures([{ ...unit, position: at([47.95, 29.25]) }], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, moved.units)).toBe(true);
    expect(changes.hasChanged(linesSource, moved.lines)).toBe(true);
    expect(changes.hasChanged(unitsSource, moved.units)).toBe(false);

    // On scene: the line's status changes, the unit's icon too.
    const onScene = toUnitFeatures(
      [{ ...unit, status: 'on_scene', position: at([47.95, 29.25]) }],
      incidents,
      nowMs,
    );
    expect(changes.hasChanged(linesSource, onScene.lines)).toBe(true);
  });
});
