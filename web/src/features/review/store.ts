import type { ResponseMilestone, ReviewFilter } from '@mirsad/shared';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { create } from 'zustand';
import type { ReviewSearch } from '../../app/search.js';
import type { PLAYBACK_SPEEDS } from './reviewParams.js';

/** A playback speed: scenario seconds per real second. */
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/**
 * What a reviewer would send a colleague: the log, the range, the filters, the incident looked
 * at and the milestone charted. It lives in the address (`/review?…`, see `ReviewSearchSchema`).
 */
export interface ReviewAddress {
  filter: ReviewFilter;
  /** The range reviewed, ms; null follows the log's first or last event. */
  fromMs: number | null;
  toMs: number | null;
  selectedIncidentId: string | null;
  milestone: ResponseMilestone;
}

/** The review's state from its address. */
export function reviewAddressOf(search: ReviewSearch): ReviewAddress {
  const filter: ReviewFilter = {};
  if (search.sector) filter.sector = search.sector;
  if (search.governorate) filter.governorate = search.governorate;
  if (search.category) filter.category = search.category;
  if (search.severity) filter.severity = search.severity;
  if (search.exercise) filter.exercise = search.exercise;
  return {
    filter,
    fromMs: search.from === undefined ? null : Date.parse(search.from),
    toMs: search.to === undefined ? null : Date.parse(search.to),
    selectedIncidentId: search.incident ?? null,
    milestone: search.milestone ?? 'acknowledge',
  };
}

/** The review's address state, for components of the review page. */
export function useReviewAddress(): ReviewAddress {
  // The router keeps the search object's identity while it is equal (structural sharing).
  const search = useSearch({ from: '/review' });
  return useMemo(() => reviewAddressOf(search), [search]);
}

/** What is played, not shared: the moment shown and playback. UI state only. */
interface PlaybackState {
  /** The moment the picture shows, ms; null until the log's bounds are known. */
  momentMs: number | null;
  isPlaying: boolean;
  speed: PlaybackSpeed;
}

export const useReviewStore = create<PlaybackState>()(() => ({
  momentMs: null,
  isPlaying: false,
  speed: 60,
}));

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

/** How the review's page changes its address: the filters, the range, the incident and the milestone. */
export interface ReviewNavigation {
  /** Changes one filter; a new scope (live or an exercise) starts over at its own bounds. */
  setFilter: (change: Partial<ReviewFilter>) => void;
  setRange: (fromMs: number | null, toMs: number | null) => void;
  selectIncident: (id: string | null) => void;
  setMilestone: (milestone: ResponseMilestone) => void;
}

/**
 * The review's ways to change its address, through the router the page is rendered in. The
 * address is replaced, not pushed: a range typed digit by digit or a list stepped through
 * would otherwise fill the history; the address is always the current view.
 */
export function useReviewNavigation(): ReviewNavigation {
  const navigate = useNavigate();
  return useMemo(() => {
    const change = (next: (search: ReviewSearch) => ReviewSearch): void => {
      void navigate({ to: '/review', search: (previous) => next(previous as ReviewSearch), replace: true });
    };
    return {
      setFilter: (filterChange) => {
        change((search) => {
          const next: ReviewSearch = { ...search, ...filterChange };
          const isNewScope = 'exercise' in filterChange && filterChange.exercise !== search.exercise;
          if (!isNewScope) return next;
          useReviewStore.setState({ momentMs: null, isPlaying: false });
          return { ...next, from: undefined, to: undefined, incident: undefined };
        });
      },
      setRange: (fromMs, toMs) => {
        change((search) => ({
          ...search,
          from: fromMs === null ? undefined : new Date(fromMs).toISOString(),
          to: toMs === null ? undefined : new Date(toMs).toISOString(),
        }));
      },
      selectIncident: (id) => {
        change((search) => ({ ...search, incident: id ?? undefined }));
      },
      setMilestone: (milestone) => {
        change((search) => ({ ...search, milestone: milestone === 'acknowledge' ? undefined : milestone }));
      },
    };
  }, [navigate]);
}
