import { describe, expect, it } from 'vitest';
import {
  IncidentSchema,
  reportedIncident,
  INCIDENT_STATUSES,
  IncidentPatchSchema,
  NewIncidentSchema,
  STATUS_NAMES,
  transitionProblem,
} from './incident.js';
import { SECTORS, SECTOR_IDS } from './sectors.js';

const report = {
  sector: 'traffic',
  category: 'collision',
  severity: 3,
  title: 'Collision',
  location: { type: 'Point', coordinates: [48, 29.3] },
};

describe('incidents', () => {
  it('walks the response forward and refuses to skip to closed', () => {
    expect(transitionProblem('reported', 'acknowledged')).toBeNull();
    expect(transitionProblem('dispatched', 'on_scene')).toBeNull();
    expect(transitionProblem('closed', 'reopened')).toBeNull();
    expect(transitionProblem('reported', 'closed')).toMatch(/cannot move from reported to closed/);
    expect(transitionProblem('on_scene', 'cancelled')).toMatch(/cannot move/);
    expect(transitionProblem('reported', 'reported')).toMatch(/already/);
  });

  it('fills a report’s defaults and refuses a category of another sector', () => {
    const parsed = NewIncidentSchema.parse(report);
    expect(parsed).toMatchObject({ description: '', source: 'mirsad-web', externalRef: null });
    const wrong = NewIncidentSchema.safeParse({ ...report, category: 'flooding' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.path).toEqual(['category']);
  });

  it('refuses unknown fields and open polygon rings in a report', () => {
    expect(NewIncidentSchema.safeParse({ ...report, colour: 'red' }).success).toBe(false);
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [48, 29],
          [48.1, 29],
          [48.1, 29.1],
          [48, 29.1],
        ],
      ],
    };
    expect(NewIncidentSchema.safeParse({ ...report, location: open }).success).toBe(false);
  });

  it('requires a patch to name its version and change something', () => {
    expect(IncidentPatchSchema.safeParse({ version: 2 }).success).toBe(false);
    expect(IncidentPatchSchema.safeParse({ status: 'acknowledged' }).success).toBe(false);
    expect(IncidentPatchSchema.safeParse({ version: 2, status: 'acknowledged' }).success).toBe(true);
  });

  it('names every status and gives every sector a distinct colour and code', () => {
    expect(Object.keys(STATUS_NAMES).sort()).toEqual([...INCIDENT_STATUSES].sort());
    expect(SECTORS.map((s) => s.id)).toEqual([...SECTOR_IDS]);
    expect(new Set(SECTORS.map((s) => s.color)).size).toBe(SECTORS.length);
    expect(new Set(SECTORS.map((s) => s.code)).size).toBe(SECTORS.length);
  });
});

describe('a new report', () => {
  it('starts reported at version 1, involving only its own sector, and passes the schema', () => {
    const at = '2026-11-30T10:00:00.000Z';
    const incident = reportedIncident({
      id: 'c0ffee00-0000-4000-8000-000000000001',
      sector: 'civil-defence',
      category: 'flooding',
      severity: 4,
      title: 'Flooded underpass',
      description: '',
      location: { type: 'Point', coordinates: [47.98, 29.37] },
      governorate: 'capital',
      reportedAt: at,
      updatedAt: at,
      source: 'test',
      externalRef: null,
      exerciseId: null,
    });
    expect(IncidentSchema.parse(incident)).toEqual(incident);
    expect(incident).toMatchObject({ status: 'reported', version: 1, involvedSectors: ['civil-defence'] });
  });
});
