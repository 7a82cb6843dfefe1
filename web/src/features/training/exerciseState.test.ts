import { describe, expect, it } from 'vitest';
import type { Exercise, MirsadEvent, Overlay } from '@mirsad/shared';
import {
  applyEventsToExercise,
  applyEventsToOverlays,
  formatScenarioMinute,
  injectState,
  responseMark,
  scenarioMinuteNow,
} from './exerciseState.js';

const EXERCISE: Exercise = {
  id: 'ex-0000abcd',
  scenarioId: 'heavy-rain-capital',
  name: { en: 'Heavy rain', ar: 'أمطار غزيرة' },
  seed: 1,
  status: 'running',
  speed: 60,
  clockMin: 10,
  durationMin: 120,
  trainees: ['traffic'],
  trainer: 'trainer',
  createdAt: '2026-01-01T06:00:00.000Z',
  startedAt: '2026-01-01T06:00:00.000Z',
  endedAt: null,
  fired: ['a', 'b'],
  skipped: ['b'],
};

const envelope = { id: 'e', seq: 1, at: '2026-01-01T06:00:00.000Z', actor: 'system:exercise', sectors: [] };

const overlay = (key: string, depthCm: number): Overlay => ({
  key,
  exerciseId: EXERCISE.id,
  kind: 'flooded-zone',
  name: { en: key, ar: key },
  geometry: null,
  depthCm,
  rainMmPerHour: null,
  isActive: true,
  atMin: 1,
});

describe('exercise state', () => {
  it('takes the last saved exercise of a batch and ignores other exercises', () => {
    const events = [
      {
        ...envelope,
        type: 'exercise.updated',
        exerciseId: EXERCISE.id,
        data: { exercise: { ...EXERCISE, clockMin: 11 } },
      },
      {
        ...envelope,
        type: 'exercise.updated',
        exerciseId: 'ex-other000',
        data: { exercise: { ...EXERCISE, id: 'ex-other000', clockMin: 50 } },
      },
    ] as MirsadEvent[];
    expect(applyEventsToExercise(EXERCISE, events).clockMin).toBe(11);
  });

  it('replaces an overlay by its key and keeps the list when nothing changed', () => {
    const held = [overlay('underpass', 20), overlay('ring', 10)];
    const events = [
      {
        ...envelope,
        type: 'exercise.overlay',
        exerciseId: EXERCISE.id,
        data: { overlay: overlay('underpass', 80) },
      },
    ] as MirsadEvent[];
    const next = applyEventsToOverlays(held, events);
    expect(next.map((o) => [o.key, o.depthCm])).toEqual([
      ['underpass', 80],
      ['ring', 10],
    ]);
    expect(applyEventsToOverlays(held, [])).toBe(held);
  });

  it('moves the clock on at the exercise speed between saves, stopping when paused or at the end', () => {
    expect(scenarioMinuteNow(EXERCISE, 1_000, 31_000)).toBe(40);
    expect(scenarioMinuteNow({ ...EXERCISE, speed: 1 }, 0, 30_000)).toBe(10.5);
    expect(scenarioMinuteNow({ ...EXERCISE, status: 'paused' }, 0, 600_000)).toBe(10);
    expect(scenarioMinuteNow(EXERCISE, 0, 3_600_000)).toBe(120);
  });

  it('writes scenario minutes as hours and minutes after the start', () => {
    expect(formatScenarioMinute(0)).toBe('T+0:00');
    expect(formatScenarioMinute(8.9)).toBe('T+0:08');
    expect(formatScenarioMinute(90.6)).toBe('T+1:30');
  });

  it('tells fired, avoided and upcoming injects apart', () => {
    expect(injectState(EXERCISE, 'a')).toBe('fired');
    expect(injectState(EXERCISE, 'b')).toBe('avoided');
    expect(injectState(EXERCISE, 'c')).toBe('upcoming');
  });

  it('marks a response met in time as pass, a late one as late and a missing one as missed', () => {
    expect(responseMark(2, true)).toBe('pass');
    expect(responseMark(7, false)).toBe('late');
    expect(responseMark(null, false)).toBe('missed');
  });
});
