import { describe, expect, it } from 'vitest';
import { DrawBudget } from './drawBudget.js';

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
