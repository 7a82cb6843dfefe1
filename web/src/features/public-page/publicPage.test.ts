import { describe, expect, it } from 'vitest';
import { makeWarning } from '../../test/fixtures.js';
import { orderWarnings } from './PublicPage.js';
import { publicI18nFor } from './i18n.js';

describe('the public page', () => {
  it('lists the most severe warnings first, then the soonest to end', () => {
    const minor = makeWarning(1, { severity: 'Minor', expires: '2099-01-01T00:00:00.000Z' });
    const laterSevere = makeWarning(2, { severity: 'Severe', expires: '2099-06-01T00:00:00.000Z' });
    const soonerSevere = makeWarning(3, { severity: 'Severe', expires: '2099-02-01T00:00:00.000Z' });
    const extreme = makeWarning(4, { severity: 'Extreme' });
    const ordered = orderWarnings([minor, laterSevere, soonerSevere, extreme]);
    expect(ordered.map((w) => w.id)).toEqual([extreme.id, soonerSevere.id, laterSevere.id, minor.id]);
  });

  it('tells a resident the time in Kuwait with the day, without seconds, in both languages', () => {
    // 15:05 UTC is 18:05 in Kuwait.
    expect(publicI18nFor('en').dateTime('2026-12-01T15:05:09Z')).toBe('Tuesday 1 December at 18:05');
    expect(publicI18nFor('ar').dateTime('2026-12-01T15:05:09Z')).toMatch(/الثلاثاء.*18:05$/);
  });
});
