import type { MirsadEvent, Warning } from '@mirsad/shared';

/** The warnings an event leaves behind: the one it is about and those it replaced, each whole. */
export function warningsAfter(event: MirsadEvent): readonly Warning[] {
  return event.type === 'warning.drafted' ||
    event.type === 'warning.issued' ||
    event.type === 'warning.withdrawn' ||
    event.type === 'warning.received'
    ? [event.data.warning, ...event.data.replaced]
    : [];
}

/** Keeps the higher version of a warning in a list: an answer or event read late never undoes a newer one. */
export function rememberWarning(warnings: readonly Warning[], warning: Warning): Warning[] {
  const held = warnings.find((candidate) => candidate.id === warning.id);
  if (held && held.version >= warning.version) return warnings as Warning[];
  return [...warnings.filter((candidate) => candidate.id !== warning.id), warning];
}

/** Folds `warning.*` events into the list; the same array when none touches it, so nothing re-renders. */
export function applyEventsToWarnings(
  warnings: readonly Warning[],
  events: readonly MirsadEvent[],
): Warning[] {
  let next = warnings as Warning[];
  for (const event of events)
    for (const warning of warningsAfter(event)) next = rememberWarning(next, warning);
  return next;
}
