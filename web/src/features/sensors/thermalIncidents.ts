import type { Incident } from '@mirsad/shared';
import { newestFirst, type VisibleSelector } from '../incidents/selectors.js';
import { isThermalSource } from './queries.js';

/** Reads the newest thermal incidents of the room's visible list; see `createThermalReader`. */
export type ThermalReader = (
  list: readonly Incident[],
  changedSince: VisibleSelector['changedSince'],
) => readonly Incident[];

/**
 * The newest `max` thermal incidents (reported by a camera) of the visible list, followed by the
 * list's changes: a pass over the whole list on every commit cost the room's page 4.5 s of a
 * burst of 1,000 updates at 50,000 incidents (profiled), so a list that follows the last one read
 * (the shared reader says what changed) costs a look at the changed incidents only. A list it
 * cannot follow (a new filter, a reload) is read whole.
 */
export function createThermalReader(max: number): ThermalReader {
  let last: {
    list: readonly Incident[];
    thermal: Map<string, Incident>;
    newest: readonly Incident[];
  } | null = null;
  return (list, changedSince) => {
    if (last?.list === list) return last.newest;
    const changes = last ? changedSince(last.list) : null;
    let thermal: Map<string, Incident>;
    if (last && changes?.list === list) {
      ({ thermal } = last);
      for (const id of changes.ids) {
        const shown = changes.shown(id);
        if (shown && isThermalSource(shown.source)) thermal.set(id, shown);
        else thermal.delete(id);
      }
    } else {
      thermal = new Map();
      for (const incident of list) if (isThermalSource(incident.source)) thermal.set(incident.id, incident);
    }
    const newest = [...thermal.values()].sort(newestFirst).slice(0, max);
    last = { list, thermal, newest };
    return newest;
  };
}
