import { describe, expect, it } from 'vitest';
import { applyEvents, type MirsadEvent } from './event.js';
import { NO_MILESTONES, type Incident } from './incident.js';

const base: Incident = {
  id: '6f1c1f0e-3b7a-4c1e-9a57-1d2b3c4d5e6f',
  sector: 'traffic',
  category: 'collision',
  severity: 2,
  status: 'reported',
  title: 'Collision',
  description: '',
  location: { type: 'Point', coordinates: [48, 29.3] },
  governorate: 'hawalli',
  reportedAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
  version: 1,
  source: 'test',
  externalRef: null,
  exerciseId: null,
  involvedSectors: ['traffic'],
  assignedUnitIds: [],
  mergedInto: null,
  contributions: [],
  milestones: NO_MILESTONES,
};

const envelope = { at: base.updatedAt, actor: 'user:test', exerciseId: null, sectors: ['traffic' as const] };
const reported: MirsadEvent = {
  ...envelope,
  seq: 1,
  id: 'a0000000-0000-4000-8000-000000000001',
  type: 'incident.reported',
  data: { incident: base },
};
const acknowledged: MirsadEvent = {
  ...envelope,
  seq: 2,
  id: 'a0000000-0000-4000-8000-000000000002',
  type: 'incident.updated',
  data: {
    incident: { ...base, status: 'acknowledged', version: 2 },
    changes: { status: 'acknowledged' },
    previousVersion: 1,
    reason: null,
  },
};

describe('applyEvents', () => {
  it('folds a report and its update into the current incident', () => {
    const picture = applyEvents(new Map(), [reported, acknowledged]);
    expect(picture.get(base.id)).toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it('ignores an event older than what the picture holds, so folding twice changes nothing', () => {
    const picture = applyEvents(new Map(), [reported, acknowledged, reported]);
    expect(picture.get(base.id)?.version).toBe(2);
    const again = applyEvents(new Map(picture), [reported, acknowledged]);
    expect(again).toEqual(picture);
  });

  it('places an incident it never saw reported from an update alone', () => {
    const picture = applyEvents(new Map(), [acknowledged]);
    expect(picture.get(base.id)?.status).toBe('acknowledged');
  });
});
