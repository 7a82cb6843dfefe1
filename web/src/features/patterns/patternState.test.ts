import { describe, expect, it } from 'vitest';
import { toSeriesFeatures } from './patternFeatures.js';
import {
  applyEventsToActivePatterns,
  isAwaitingAcknowledgement,
  patternHistory,
  patternsAliveAt,
  withPattern,
} from './patternState.js';
import { SERIES_DETECTED_AT, burglarySeries } from '@mirsad/mock-data/testing';
import { makeAcknowledgement, patternEvent } from './testPatterns.js';

const MINUTE_MS = 60_000;
const detectedMs = Date.parse(SERIES_DETECTED_AT);

describe('the active series in the room', () => {
  it('take in a detected series, its acknowledgement, and let it go when it ends', () => {
    const series = burglarySeries(1);
    const detected = applyEventsToActivePatterns([], [patternEvent('pattern.detected', series)]);
    expect(detected.map((p) => p.id)).toEqual([series.id]);
    expect(isAwaitingAcknowledgement(detected[0] ?? series)).toBe(true);

    const acknowledged = { ...series, acknowledgements: [makeAcknowledgement(3)] };
    const after = applyEventsToActivePatterns(detected, [patternEvent('pattern.acknowledged', acknowledged)]);
    expect(after[0]?.acknowledgements.map((a) => a.displayName)).toEqual(['Criminal Security Officer']);
    expect(isAwaitingAcknowledgement(after[0] ?? series)).toBe(false);

    const ended = { ...acknowledged, status: 'ended' as const, endedAt: '2026-12-02T09:00:00.000Z' };
    expect(applyEventsToActivePatterns(after, [patternEvent('pattern.ended', ended)])).toEqual([]);
  });

  it('keep an acknowledgement the list already held when an older detection is replayed after it', () => {
    const held = { ...burglarySeries(2), acknowledgements: [makeAcknowledgement(5)] };
    const replayed = applyEventsToActivePatterns(
      [held],
      [patternEvent('pattern.detected', burglarySeries(2))],
    );
    expect(replayed).toEqual([held]);
    expect(replayed[0]).toBe(held);
  });

  it('never bring back a series that ended, even when its detection comes later in the batch', () => {
    const series = burglarySeries(3);
    const ended = { ...series, status: 'ended' as const, endedAt: '2026-12-01T00:00:00.000Z' };
    const next = applyEventsToActivePatterns(
      [series],
      [patternEvent('pattern.ended', ended), patternEvent('pattern.detected', series)],
    );
    expect(next).toEqual([]);
  });

  it('return the same list for a batch with no pattern events, so nothing re-renders', () => {
    const list = [burglarySeries(4)];
    expect(applyEventsToActivePatterns(list, [])).toBe(list);
  });

  it('take the acknowledging officer’s own answer at once', () => {
    const series = burglarySeries(5);
    const answered = withPattern([series], { ...series, acknowledgements: [makeAcknowledgement(2)] });
    expect(answered[0]?.acknowledgements).toHaveLength(1);
  });
});

describe('the review of series', () => {
  const acknowledgedThenEnded = {
    ...burglarySeries(6),
    acknowledgements: [makeAcknowledgement(10, 'Duty Commander')],
    status: 'ended' as const,
    endedAt: new Date(detectedMs + 120 * MINUTE_MS).toISOString(),
  };

  it('list what was detected, acknowledged by whom and ended within the range, oldest first', () => {
    const entries = patternHistory(
      [acknowledgedThenEnded],
      detectedMs - MINUTE_MS,
      detectedMs + 200 * MINUTE_MS,
    );
    expect(entries.map((e) => [e.kind, e.by])).toEqual([
      ['detected', null],
      ['acknowledged', 'Duty Commander'],
      ['ended', null],
    ]);
    expect(
      patternHistory([acknowledgedThenEnded], detectedMs + 5 * MINUTE_MS, detectedMs + 60 * MINUTE_MS),
    ).toHaveLength(1);
  });

  it('replay a series only between its detection and its end', () => {
    expect(patternsAliveAt([acknowledgedThenEnded], detectedMs - 1)).toHaveLength(0);
    expect(patternsAliveAt([acknowledgedThenEnded], detectedMs)).toHaveLength(1);
    expect(patternsAliveAt([acknowledgedThenEnded], detectedMs + 120 * MINUTE_MS)).toHaveLength(0);
  });
});

describe('series on the map', () => {
  it('are drawn as circles of their radius, new ones marked until acknowledged', () => {
    const fresh = burglarySeries(7);
    const known = { ...burglarySeries(8), acknowledgements: [makeAcknowledgement(1)] };
    const { circles, centres } = toSeriesFeatures([fresh, known]);
    expect(circles.features.map((f) => f.properties.isNew)).toEqual([true, false]);
    expect(centres.features[0]?.geometry.coordinates).toEqual(fresh.cluster.center);
    expect(circles.features[0]?.geometry.coordinates[0]).toHaveLength(65);
  });
});
