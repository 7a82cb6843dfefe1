import type { ResponseMilestone, ReviewFilter } from '@mirsad/shared';
import { create } from 'zustand';
import type { PLAYBACK_SPEEDS } from './reviewParams.js';

/** A playback speed: scenario seconds per real second. */
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/** What the reviewer has chosen: filters, range, the moment, playback, the incident looked at. UI state only. */
interface ReviewState {
  filter: ReviewFilter;
  /** The range reviewed, ms; null follows the log's first or last event. */
  fromMs: number | null;
  toMs: number | null;
  /** The moment the picture shows, ms; null until the log's bounds are known. */
  momentMs: number | null;
  isPlaying: boolean;
  speed: PlaybackSpeed;
  selectedIncidentId: string | null;
  milestone: ResponseMilestone;
}

export const useReviewStore = create<ReviewState>()(() => ({
  filter: {},
  fromMs: null,
  toMs: null,
  momentMs: null,
  isPlaying: false,
  speed: 60,
  selectedIncidentId: null,
  milestone: 'acknowledge',
}));

/** Changes one filter; a new scope (live or an exercise) starts over at its own bounds. */
export function setReviewFilter(change: Partial<ReviewFilter>): void {
  useReviewStore.setState((state) => {
    const filter = { ...state.filter, ...change };
    const isNewScope = 'exercise' in change && change.exercise !== state.filter.exercise;
    return isNewScope
      ? { filter, fromMs: null, toMs: null, momentMs: null, isPlaying: false, selectedIncidentId: null }
      : { filter };
  });
}

export function setReviewRange(fromMs: number | null, toMs: number | null): void {
  useReviewStore.setState({ fromMs, toMs });
}

/** Moves to a moment; a moment chosen by hand pauses playback. */
export function setMoment(momentMs: number, keepPlaying = false): void {
  useReviewStore.setState((state) => ({ momentMs, isPlaying: keepPlaying && state.isPlaying }));
}

export function setPlaying(isPlaying: boolean): void {
  useReviewStore.setState({ isPlaying });
}

export function setSpeed(speed: PlaybackSpeed): void {
  useReviewStore.setState({ speed });
}

export function selectReviewIncident(id: string | null): void {
  useReviewStore.setState({ selectedIncidentId: id });
}

export function setMilestone(milestone: ResponseMilestone): void {
  useReviewStore.setState({ milestone });
}
