import { describe, expect, it } from 'vitest';
import { NO_MILESTONES, type Incident } from '@mirsad/shared';
import { computeStats } from './stats.routes.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

function incident(overrides: Partial<Incident>): Incident {
  return {
    id: crypto.randomUUID(),
    sector: 'traffic',
    category: 'collision',
    severity: 3,
    status: 'reported',
    title: 't',
    description: '',
    location: { type: 'Point', coordinates: [48, 29.3] },
    governorate: null,
    reportedAt: minutesAgo(10),
    updatedAt: minutesAgo(10),
    version: 1,
    source: 's',
    externalRef: null,
    exerciseId: null,
    involvedSectors: ['traffic'],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
    ...overrides,
  };
}

describe('computeStats', () => {
  it('counts open incidents by sector and severity and takes medians over the last hour only', () => {
    const stats = computeStats(
      [
        incident({ severity: 5, milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(9) } }),
        incident({
          sector: 'civil-defence',
          severity: 2,
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(7), dispatchedAt: minutesAgo(5) },
        }),
        incident({
          status: 'closed',
          reportedAt: minutesAgo(30),
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(25), dispatchedAt: minutesAgo(20) },
        }),
        incident({
          reportedAt: minutesAgo(120),
          milestones: { ...NO_MILESTONES, acknowledgedAt: minutesAgo(60) },
        }),
      ],
      NOW,
    );
    expect(stats.openBySector).toEqual({ traffic: 2, 'civil-defence': 1 });
    expect(stats.openBySeverity).toEqual({ '1': 0, '2': 1, '3': 1, '4': 0, '5': 1 });
    expect(stats.lastHour).toBe(3);
    // Acknowledged after 60, 180 and 300 s; the two-hour-old one is out of the window.
    expect(stats.medianAcknowledgeS).toBe(180);
    // Dispatched after 300 and 600 s.
    expect(stats.medianDispatchS).toBe(450);
  });

  it('has no medians when nothing in the last hour was acknowledged', () => {
    const stats = computeStats([incident({ reportedAt: minutesAgo(200) })], NOW);
    expect(stats.medianAcknowledgeS).toBeNull();
    expect(stats.lastHour).toBe(0);
  });
});
