import { describe, expect, it } from 'vitest';
import {
  fromKuwaitInput,
  nextPlaybackMoment,
  parseReportSearch,
  reviewSearch,
  toKuwaitInput,
} from './reviewParams.js';

describe('review parameters', () => {
  it('shows and reads moments in Kuwait time whatever the browser’s zone', () => {
    const ms = Date.parse('2026-11-29T00:10:00.000Z');
    expect(toKuwaitInput(ms)).toBe('2026-11-29T03:10');
    expect(fromKuwaitInput('2026-11-29T03:10')).toBe(ms);
    expect(fromKuwaitInput('2026-11-29T03:10:30')).toBe(ms + 30_000);
    expect(fromKuwaitInput('2026-11-29')).toBeNull();
  });

  it('writes the filters as the API reads them, and the report reads them back', () => {
    const search = reviewSearch(
      {
        from: '2026-11-29T00:00:00.000Z',
        sector: ['traffic', 'civil-defence'],
        severity: [4, 5],
        exercise: undefined,
      },
      { incident: '6b1f7f4e-4d5e-4c3a-9a55-2f0a3c1d9e01' },
    );
    expect(search).toBe(
      'from=2026-11-29T00%3A00%3A00.000Z&sector=traffic%2Ccivil-defence&severity=4%2C5&incident=6b1f7f4e-4d5e-4c3a-9a55-2f0a3c1d9e01',
    );
    expect(parseReportSearch(search)).toEqual({
      query: { from: '2026-11-29T00:00:00.000Z', sector: ['traffic', 'civil-defence'], severity: [4, 5] },
      incidentId: '6b1f7f4e-4d5e-4c3a-9a55-2f0a3c1d9e01',
    });
  });

  it('refuses a report address with an unknown sector instead of guessing', () => {
    expect(parseReportSearch('sector=navy')).toHaveProperty('error');
  });

  it('plays forward at the chosen speed and stops at the end of the range', () => {
    expect(nextPlaybackMoment(0, 120, 60_000)).toBe(30_000);
    expect(nextPlaybackMoment(50_000, 120, 60_000)).toBe(60_000);
  });
});
