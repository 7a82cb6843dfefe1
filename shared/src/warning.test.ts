import { describe, expect, it } from 'vitest';
import { mayApproveWarning, mayAuthorWarnings, mayReceiveCap, maySeeWarning } from './access.js';
import type { Principal } from './auth.js';
import {
  CapTokenSchema,
  NewWarningSchema,
  isWarningActive,
  warningStateAt,
  type Warning,
} from './warning.js';

const person = (id: string, role: Principal['role'], sectors: Principal['sectors'] = []): Principal => ({
  kind: 'user',
  id,
  displayName: id,
  role,
  sectors,
  source: null,
});
const media = person('media', 'officer', ['security-media']);
const traffic = person('traffic', 'officer', ['traffic']);
const commander = person('commander', 'commander');
const other = person('commander-2', 'commander');
const trainer = person('trainer', 'trainer');
const met: Principal = {
  kind: 'key',
  id: 'k1',
  displayName: 'Met',
  role: 'alerting-authority',
  sectors: [],
  source: 'met.gov.kw',
};
const drill = { id: 'ex-1', trainer: 'trainer', trainees: ['media', 'traffic'] };

const draftBy = (
  author: string,
  exerciseId: string | null = null,
): Pick<Warning, 'state' | 'author' | 'exerciseId'> => ({
  state: 'draft',
  author: { actor: `user:${author}`, displayName: author },
  exerciseId,
});

describe('the warnings policy', () => {
  it('lets commanders and officers of security media write warnings, nobody else', () => {
    expect(mayAuthorWarnings(commander, null, null)).toBe(true);
    expect(mayAuthorWarnings(media, null, null)).toBe(true);
    expect(mayAuthorWarnings(traffic, null, null)).toBe(false);
    expect(mayAuthorWarnings(trainer, null, null)).toBe(false);
    expect(mayAuthorWarnings(met, null, null)).toBe(false);
    expect(mayAuthorWarnings(media, 'ex-1', drill)).toBe(true);
    expect(mayAuthorWarnings(media, 'ex-1', { ...drill, trainees: [] })).toBe(false);
  });

  it('keeps the two-person rule: a commander other than the author releases a draft', () => {
    expect(mayApproveWarning(other, draftBy('commander'), null)).toBe(true);
    expect(mayApproveWarning(commander, draftBy('commander'), null)).toBe(false);
    expect(mayApproveWarning(media, draftBy('commander'), null)).toBe(false);
    expect(mayApproveWarning(trainer, draftBy('media'), null)).toBe(false);
    expect(mayApproveWarning(other, { ...draftBy('commander'), state: 'issued' }, null)).toBe(false);
    // In an exercise its trainer plays the commander; a trainee never approves.
    expect(mayApproveWarning(trainer, draftBy('media', 'ex-1'), drill)).toBe(true);
    expect(mayApproveWarning(traffic, draftBy('media', 'ex-1'), drill)).toBe(false);
  });

  it('shows drafts to their authors’ circle and issued warnings to the room, never to sending keys', () => {
    expect(maySeeWarning(traffic, draftBy('media'), null)).toBe(false);
    expect(maySeeWarning(media, draftBy('commander'), null)).toBe(true);
    expect(maySeeWarning(traffic, { ...draftBy('media'), state: 'issued' }, null)).toBe(true);
    expect(maySeeWarning(trainer, { ...draftBy('media'), state: 'issued' }, null)).toBe(false);
    expect(maySeeWarning(met, { ...draftBy('media'), state: 'received' }, null)).toBe(false);
    expect(
      maySeeWarning(
        person('outsider', 'officer', ['traffic']),
        { ...draftBy('media', 'ex-1'), state: 'issued' },
        drill,
      ),
    ).toBe(false);
  });

  it('takes CAP live from an alerting authority’s key only, and into an exercise from whoever runs it', () => {
    expect(mayReceiveCap(met, null, null)).toBe(true);
    expect(mayReceiveCap(commander, null, null)).toBe(false);
    expect(mayReceiveCap(trainer, 'ex-1', drill)).toBe(true);
    expect(mayReceiveCap(traffic, 'ex-1', drill)).toBe(false);
    expect(mayReceiveCap(met, 'ex-1', drill)).toBe(false);
  });
});

describe('warnings', () => {
  const body = {
    event: 'Heavy rain',
    category: 'Met',
    urgency: 'Expected',
    severity: 'Severe',
    certainty: 'Likely',
    expires: '2026-12-01T08:00:00+03:00',
    info: [
      { language: 'ar', headline: 'أمطار', description: 'وصف', instruction: 'تعليمات' },
      { language: 'en', headline: 'Rain', description: 'Text', instruction: 'Stay in' },
    ],
    area: { description: { ar: 'العاصمة', en: 'Capital' }, governorates: ['capital'] },
  };

  it('takes the body the issue gives, and refuses one without Arabic and English or an area', () => {
    expect(NewWarningSchema.safeParse(body).success).toBe(true);
    expect(NewWarningSchema.safeParse({ ...body, info: [body.info[1]] }).success).toBe(false);
    expect(NewWarningSchema.safeParse({ ...body, info: [body.info[1], body.info[1]] }).success).toBe(false);
    expect(
      NewWarningSchema.safeParse({ ...body, area: { description: body.area.description } }).success,
    ).toBe(false);
    expect(NewWarningSchema.safeParse({ ...body, onset: '2026-12-02T08:00:00+03:00' }).success).toBe(false);
  });

  it('keeps spaces, commas, < and & out of CAP identifiers and senders', () => {
    for (const bad of ['a b', 'a,b', 'a<b', 'a&b', ''])
      expect(CapTokenSchema.safeParse(bad).success).toBe(false);
    expect(CapTokenSchema.safeParse('urn:oid:2.49.0.1.124.1576205950.2019').success).toBe(true);
  });

  it('reads an issued or received warning past its expiry as expired, and no longer active', () => {
    const w = { state: 'issued' as const, expires: '2026-12-01T05:00:00.000Z', msgType: 'Alert' as const };
    const before = Date.parse('2026-12-01T04:59:59Z');
    const after = Date.parse('2026-12-01T05:00:00Z');
    expect(warningStateAt(w, before)).toBe('issued');
    expect(isWarningActive(w, before)).toBe(true);
    expect(warningStateAt(w, after)).toBe('expired');
    expect(isWarningActive(w, after)).toBe(false);
    expect(warningStateAt({ ...w, state: 'draft' }, after)).toBe('draft');
    expect(isWarningActive({ ...w, msgType: 'Cancel' }, before)).toBe(false);
  });
});
