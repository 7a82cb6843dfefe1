import { isActive, type ClientConfig, type Incident } from '@mirsad/shared';
import { severityOf } from './presentation.js';

/** Seconds from report to acknowledge and to dispatch, per severity, from `GET /api/config`. */
export type ResponseTargets = ClientConfig['responseTargets'];

/** Which response step an incident has waited on for too long. */
export type OverdueStep = 'acknowledge' | 'dispatch';

/** An incident waiting past its response target. */
export interface Overdue {
  step: OverdueStep;
  /** When the step was due, epoch ms. */
  dueAtMs: number;
  /** How long past due, ms. */
  lateByMs: number;
}

/** The fields the overdue rule reads. */
export type OverdueInput = Pick<Incident, 'status' | 'severity' | 'reportedAt' | 'milestones'>;

/**
 * Whether an active incident has waited longer than its severity's target to be acknowledged
 * or dispatched, as of `nowMs`. The milestones count, not the status: an incident dispatched
 * straight from reported was acknowledged in the same act, and one reopened after a dispatch
 * does not wait for a first dispatch again. A missed acknowledgement is named before a missed
 * dispatch: it is the step someone must take first.
 */
export function overdueOf(incident: OverdueInput, targets: ResponseTargets, nowMs: number): Overdue | null {
  const { milestones } = incident;
  if (!isActive(incident) || milestones.dispatchedAt !== null) return null;
  const target = targets[`${severityOf(incident)}`];
  const reportedMs = Date.parse(incident.reportedAt);
  const acknowledgeDueMs = reportedMs + target.acknowledgeS * 1_000;
  if (milestones.acknowledgedAt === null && nowMs > acknowledgeDueMs) {
    return { step: 'acknowledge', dueAtMs: acknowledgeDueMs, lateByMs: nowMs - acknowledgeDueMs };
  }
  const dispatchDueMs = reportedMs + target.dispatchS * 1_000;
  if (nowMs > dispatchDueMs) {
    return { step: 'dispatch', dueAtMs: dispatchDueMs, lateByMs: nowMs - dispatchDueMs };
  }
  return null;
}

/**
 * From when an incident is overdue (epoch ms; `overdueOf` is not null at any later time until
 * it changes), or Infinity when it cannot be: one number to compare with the clock.
 */
export function overdueFromMs(incident: OverdueInput, targets: ResponseTargets): number {
  const { milestones } = incident;
  if (!isActive(incident) || milestones.dispatchedAt !== null) return Number.POSITIVE_INFINITY;
  const target = targets[`${severityOf(incident)}`];
  const reportedMs = Date.parse(incident.reportedAt);
  const dispatchDueMs = reportedMs + target.dispatchS * 1_000;
  if (milestones.acknowledgedAt !== null) return dispatchDueMs;
  return Math.min(reportedMs + target.acknowledgeS * 1_000, dispatchDueMs);
}
