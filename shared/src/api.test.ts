import { describe, expect, it } from 'vitest';
import { EventsQuerySchema, IncidentQuerySchema } from './api.js';

describe('query strings', () => {
  it('reads a filter as a comma list or as a repeated parameter', () => {
    expect(IncidentQuerySchema.parse({ sector: 'traffic,civil-defence' }).sector).toEqual([
      'traffic',
      'civil-defence',
    ]);
    expect(IncidentQuerySchema.parse({ sector: ['traffic', 'operations'] }).sector).toEqual([
      'traffic',
      'operations',
    ]);
    expect(IncidentQuerySchema.parse({}).scope).toBe('active');
  });

  it('refuses an unknown sector, an unknown parameter and a page over the limit', () => {
    expect(IncidentQuerySchema.safeParse({ sector: 'navy' }).success).toBe(false);
    expect(IncidentQuerySchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(EventsQuerySchema.safeParse({ limit: '5000' }).success).toBe(false);
    expect(EventsQuerySchema.parse({ after: '12' })).toEqual({ after: 12, limit: 1000 });
  });
});
