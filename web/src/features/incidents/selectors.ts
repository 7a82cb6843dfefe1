import { isActive, type GovernorateId, type Incident, type SectorId } from '@mirsad/shared';
import { Picture, type PictureCounts } from '../../realtime/picture.js';
import { isInWindow, type TimeWindow } from './timeWindow.js';

/** What the selectors read of a picture: its incidents (a `Picture`, or a plain list in tests). */
export interface IncidentsOf {
  readonly incidents: readonly Incident[];
}

/** The filters beyond the sector toggles. */
export interface VisibleOptions {
  /** The quick time filter, as of `nowMs`; all when left out. */
  timeWindow?: TimeWindow;
  nowMs?: number;
  /** Whether the signed-in person sees an incident (one reassigned away leaves their room). */
  canSee?: (incident: Incident) => boolean;
  /** Only incidents of these governorates; every incident when null or left out. */
  governorates?: ReadonlySet<GovernorateId> | null;
}

/** Times of incidents in epoch ms, parsed once per incident object and field. */
const parsedTimes = {
  reportedAt: new WeakMap<Incident, number>(),
  updatedAt: new WeakMap<Incident, number>(),
};

/**
 * An incident's report or last-change time in epoch ms, parsed once per incident object:
 * sorting or ranking 50,000 incidents would otherwise parse each date many times over.
 */
export function timeMsOf(incident: Incident, field: keyof typeof parsedTimes): number {
  const cache = parsedTimes[field];
  let ms = cache.get(incident);
  if (ms === undefined) {
    ms = Date.parse(incident[field]);
    cache.set(incident, ms);
  }
  return ms;
}

const reportedMsOf = (incident: Incident): number => timeMsOf(incident, 'reportedAt');

/** The list's order: newest report first, then by id, so that equal times keep one order. */
export function newestFirst(a: Incident, b: Incident): number {
  return reportedMsOf(b) - reportedMsOf(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether an incident is listed and drawn under the sector toggles and the other filters. */
function isShown(
  incident: Incident,
  hiddenSectors: ReadonlySet<SectorId>,
  { timeWindow = 'all', nowMs = Date.now(), canSee, governorates = null }: VisibleOptions,
): boolean {
  return (
    isActive(incident) &&
    !hiddenSectors.has(incident.sector) &&
    isInWindow(incident.reportedAt, timeWindow, nowMs) &&
    (governorates === null || (incident.governorate !== null && governorates.has(incident.governorate))) &&
    (canSee?.(incident) ?? true)
  );
}

/** Active incidents of the shown sectors, newest report first: what the list and map show. */
export function visibleIncidents(
  picture: IncidentsOf | undefined,
  hiddenSectors: ReadonlySet<SectorId>,
  options: VisibleOptions = {},
): Incident[] {
  if (!picture) return [];
  return picture.incidents.filter((incident) => isShown(incident, hiddenSectors, options)).sort(newestFirst);
}

/** Where `incident` stands, or would stand, in a list in `newestFirst` order (binary search). */
function positionIn(list: readonly Incident[], incident: Incident): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const held = list[middle];
    if (held && newestFirst(held, incident) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Where the incident with `id` stands in a list in `newestFirst` order, or -1: a binary search
 * on the version of it in `picture` (its report time and id place it), not a scan of the list.
 */
export function indexInList(
  list: readonly Incident[],
  picture: Picture | undefined,
  id: string | null,
): number {
  const incident = id === null ? undefined : picture?.get(id);
  if (!incident) return -1;
  const at = positionIn(list, incident);
  return list[at]?.id === id ? at : -1;
}

/** A `createVisibleSelector` reader: what it returns for a picture, and what it last returned. */
export interface VisibleSelector {
  (
    picture: Picture | undefined,
    hiddenSectors: ReadonlySet<SectorId>,
    options: VisibleOptions,
    /** The inputs `options.canSee` depends on (a new closure each render must not count as a change). */
    canSeeKey: unknown,
  ): Incident[];
  /** The list it last returned (empty before the first picture), kept up to date by each call. */
  latest: () => readonly Incident[];
  /**
   * What changed from a list it returned to the latest one: the ids, and each one's incident
   * as the latest list shows it (undefined: no longer shown). Null when it cannot say (a list
   * it did not return, one read whole since, or more than KEPT_LIST_CHANGES lists back).
   */
  changedSince: (earlier: readonly Incident[]) => {
    ids: ReadonlySet<string>;
    shown: (id: string) => Incident | undefined;
    /** The latest list, the one these changes lead to. */
    list: readonly Incident[];
  } | null;
}

/** How many of its latest lists' changes a selector keeps for `changedSince`. */
const KEPT_LIST_CHANGES = 256;

/**
 * A memoised `visibleIncidents` that follows a picture by its changes: while the filters stay
 * the same and each picture is a later revision of the last one read (`Picture.changedSince`),
 * an update costs a binary search and a splice per changed incident instead of a filter and a
 * sort of the whole picture. Anything else (other filters, a reloaded picture, revisions
 * further back than the picture keeps) reads it all again. It keeps what it last returned.
 */
export function createVisibleSelector(): VisibleSelector {
  let last: {
    picture: Picture;
    filters: readonly unknown[];
    shown: Map<string, Incident>;
    list: Incident[];
  } | null = null;
  /** Numbers the lists returned, so that `changedSince` can tell how far back one is. */
  let listCount = 0;
  const numbers = new WeakMap<readonly Incident[], number>();
  /** The latest lists' changes, oldest first: null for a list read whole. */
  const changes: { number: number; ids: readonly string[] | null }[] = [];
  const record = (list: Incident[], ids: readonly string[] | null): void => {
    listCount += 1;
    numbers.set(list, listCount);
    changes.push({ number: listCount, ids });
    if (changes.length > KEPT_LIST_CHANGES) changes.shift();
  };
  const changedSince: VisibleSelector['changedSince'] = (earlier) => {
    const from = numbers.get(earlier);
    const oldest = changes[0];
    if (!last || from === undefined || !oldest || oldest.number > from + 1) return null;
    const ids = new Set<string>();
    for (const change of changes) {
      if (change.number <= from) continue;
      if (change.ids === null) return null;
      for (const id of change.ids) ids.add(id);
    }
    const { shown, list } = last;
    return { ids, shown: (id) => shown.get(id), list };
  };
  const select = (
    picture: Picture | undefined,
    hiddenSectors: ReadonlySet<SectorId>,
    options: VisibleOptions,
    canSeeKey: unknown,
  ): Incident[] => {
    if (!picture) {
      last = null;
      return [];
    }
    const filters = [hiddenSectors, options.timeWindow, options.nowMs, options.governorates, canSeeKey];
    const isSameFilter =
      last !== null &&
      filters.length === last.filters.length &&
      filters.every((f, i) => f === last?.filters[i]);
    if (last && isSameFilter && last.picture === picture) return last.list;
    const changed = last && isSameFilter ? picture.changedSince(last.picture) : null;
    if (last && changed) {
      const list = [...last.list];
      const { shown } = last;
      for (const id of changed) {
        const before = shown.get(id);
        const after = picture.get(id);
        const isAfterShown = after !== undefined && isShown(after, hiddenSectors, options);
        if (before) {
          const at = positionIn(list, before);
          if (isAfterShown && newestFirst(before, after) === 0) {
            list[at] = after;
            shown.set(id, after);
            continue;
          }
          list.splice(at, 1);
          shown.delete(id);
        }
        if (isAfterShown) {
          list.splice(positionIn(list, after), 0, after);
          shown.set(id, after);
        }
      }
      last = { picture, filters, shown, list };
      record(list, changed);
      return list;
    }
    const list = visibleIncidents(picture, hiddenSectors, options);
    last = { picture, filters, shown: new Map(list.map((incident) => [incident.id, incident])), list };
    record(list, null);
    return list;
  };
  return Object.assign(select, { latest: () => last?.list ?? [], changedSince });
}

export type { PictureCounts };

/** Counts the active incidents of a picture. */
export function countPicture(picture: IncidentsOf | undefined): PictureCounts {
  // A live picture keeps its counts as it folds events: nothing to go through.
  if (picture instanceof Picture) return picture.counts;
  const bySector = new Map<SectorId, number>();
  let active = 0;
  let critical = 0;
  for (const incident of picture?.incidents ?? []) {
    if (!isActive(incident)) continue;
    active++;
    if (incident.severity === 5) critical++;
    bySector.set(incident.sector, (bySector.get(incident.sector) ?? 0) + 1);
  }
  return { active, critical, bySector };
}
