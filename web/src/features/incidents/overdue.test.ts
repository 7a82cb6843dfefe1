import { DEFAULT_RESPONSE_TARGETS, NO_MILESTONES } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { overdueOf, type ResponseTargets } from './overdue.js';

const TARGETS: ResponseTargets = {
  ...DEFAULT_RESPONSE_TARGETS,
  '3': { acknowledgeS: 300, dispatchS: 900 },
  '5': { acknowledgeS: 60, dispatchS: 240 },
};
const REPORTED = '2025-11-20T06:00:00.000Z';
const after = (seconds: number): number => Date.parse(REPORTED) + seconds * 1_000;

describe('an incident is overdue', () => {
  const waiting = makeIncident(1, { severity: 3, reportedAt: REPORTED });

  it('not before its acknowledge target has passed', () => {
    expect(overdueOf(waiting, TARGETS, after(300))).toBeNull();
  });

  it('to be acknowledged once nobody has taken it within the target', () => {
    expect(overdueOf(waiting, TARGETS, after(301))).toEqual({
      step: 'acknowledge',
      dueAtMs: after(300),
      lateByMs: 1_000,
    });
  });

  it('by the targets of its own severity: a critical one much sooner', () => {
    const critical = makeIncident(2, { severity: 5, reportedAt: REPORTED });
    expect(overdueOf(critical, TARGETS, after(61))?.step).toBe('acknowledge');
    expect(overdueOf({ ...critical, severity: 3 }, TARGETS, after(61))).toBeNull();
  });

  it('to be dispatched once acknowledged but not sent within the dispatch target', () => {
    const acknowledged = {
      ...waiting,
      status: 'acknowledged' as const,
      milestones: { ...NO_MILESTONES, acknowledgedAt: '2025-11-20T06:02:00.000Z' },
    };
    expect(overdueOf(acknowledged, TARGETS, after(600))).toBeNull();
    expect(overdueOf(acknowledged, TARGETS, after(901))).toMatchObject({ step: 'dispatch', lateByMs: 1_000 });
  });

  it('never once dispatched, even reopened later', () => {
    const reopened = {
      ...waiting,
      status: 'reopened' as const,
      milestones: { ...NO_MILESTONES, dispatchedAt: '2025-11-20T06:03:00.000Z' },
    };
    expect(overdueOf(reopened, TARGETS, after(86_400))).toBeNull();
  });

  it('never when closed or cancelled', () => {
    expect(overdueOf({ ...waiting, status: 'cancelled' }, TARGETS, after(86_400))).toBeNull();
  });
});
