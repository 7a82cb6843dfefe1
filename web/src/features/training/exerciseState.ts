import type { Exercise, Inject, MirsadEvent, Overlay } from '@mirsad/shared';

/**
 * Pure parts of training: folding an exercise's events into what the page holds, reading its
 * scenario clock between saves, and placing injects on its timeline.
 */

/** The exercise after a batch of events: the last `exercise.updated` of it, or the one held. */
export function applyEventsToExercise(held: Exercise, events: readonly MirsadEvent[]): Exercise {
  let next = held;
  for (const event of events) {
    if (event.type === 'exercise.updated' && event.data.exercise.id === held.id) next = event.data.exercise;
  }
  return next;
}

/** The overlays after a batch of `exercise.overlay` events: a later overlay replaces the one of its key. */
export function applyEventsToOverlays(held: readonly Overlay[], events: readonly MirsadEvent[]): Overlay[] {
  let byKey: Map<string, Overlay> | null = null;
  for (const event of events) {
    if (event.type !== 'exercise.overlay') continue;
    byKey ??= new Map(held.map((overlay) => [overlay.key, overlay]));
    byKey.set(event.data.overlay.key, event.data.overlay);
  }
  return byKey ? [...byKey.values()] : (held as Overlay[]);
}

/**
 * The scenario minute now: the clock the server last saved, moved on by the real time since it
 * was received at the exercise's speed while it runs, never past its end. The server saves the
 * clock at least every scenario minute, so this only fills the gap between two saves.
 */
export function scenarioMinuteNow(exercise: Exercise, receivedAtMs: number, nowMs: number): number {
  if (exercise.status !== 'running') return exercise.clockMin;
  const moved = (Math.max(0, nowMs - receivedAtMs) / 60_000) * exercise.speed;
  return Math.min(exercise.durationMin, exercise.clockMin + moved);
}

/** A scenario minute as the console writes it: `T+h:mm` (whole minutes; 90.6 is T+1:30). */
export function formatScenarioMinute(minute: number): string {
  const whole = Math.max(0, Math.floor(minute));
  return `T+${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Where an inject stands in an exercise: fired, avoided (its condition was met), or still to come. */
export type InjectState = 'fired' | 'avoided' | 'upcoming';

/** The state of an inject of the exercise's scenario. */
export function injectState(exercise: Exercise, injectId: string): InjectState {
  if (exercise.skipped.includes(injectId)) return 'avoided';
  return exercise.fired.includes(injectId) ? 'fired' : 'upcoming';
}

/** How a debrief item is marked: met in time, done but late, or never done. */
export type ResponseMark = 'pass' | 'late' | 'missed';

/** The mark of an expectation from how long the trainees took (null: not done). */
export function responseMark(tookMin: number | null, isMet: boolean): ResponseMark {
  if (isMet) return 'pass';
  return tookMin === null ? 'missed' : 'late';
}

/** The words of an inject to list on the timeline, in both languages. */
export function injectText(inject: Inject): { en: string; ar: string } | null {
  switch (inject.kind) {
    case 'incident':
      return inject.title;
    case 'public-call':
    case 'weather':
    case 'unit-breakdown':
    case 'cap':
      return inject.text;
    case 'incident-update':
      return inject.description ?? null;
    case 'flooded-zone':
    case 'fire-perimeter':
    case 'smoke-plume':
    case 'power-cut':
    case 'evacuation-zone':
    case 'road-closure':
      return inject.name;
  }
}
