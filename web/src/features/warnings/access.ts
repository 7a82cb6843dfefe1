import {
  isWarningActive,
  mayApproveWarning,
  mayAuthorWarnings,
  mayReportFor,
  type Warning,
} from '@mirsad/shared';
import type { Viewer } from '../auth/access.js';

// What the warnings' screens offer, asked of the shared policy the server decides with.

/** Whether the viewer may draft warnings on this page (commanders, officers of security media). */
export function canAuthorWarnings(viewer: Viewer): boolean {
  return mayAuthorWarnings(viewer.principal, viewer.exerciseId, viewer.members);
}

/** Whether the viewer may approve this draft: a commander other than its author. */
export function canApproveWarning(viewer: Viewer, warning: Warning): boolean {
  return mayApproveWarning(viewer.principal, warning, viewer.members);
}

/** Whether the viewer may update or cancel this warning: an authored one in force, or withdraw a draft. */
export function canChangeWarning(viewer: Viewer, warning: Warning): boolean {
  return (
    warning.origin === 'authored' &&
    (warning.state === 'issued' || warning.state === 'draft') &&
    warning.msgType !== 'Cancel' &&
    canAuthorWarnings(viewer)
  );
}

/**
 * Whether the viewer may turn a warning in force into an operations incident (the server reports
 * it for the operations sector, on the warning's drawn area: a governorates-only one has none).
 */
export function canProposeIncident(viewer: Viewer, warning: Warning, nowMs: number): boolean {
  return (
    isWarningActive(warning, nowMs) &&
    warning.area.polygons.length + warning.area.circles.length > 0 &&
    mayReportFor(viewer.principal, 'operations')
  );
}
