import { PatternSchema, type MirsadEvent, type Pattern, type PatternAcknowledgement } from '@mirsad/shared';

/** The moment the test series are detected at. */
export const DETECTED_AT = '2026-11-30T09:00:00.000Z';

/**
 * A burglary series in Rumaithiya as the server would send it, validated against the shared
 * schema so a test cannot drift from the wire. `n` makes its id (a uuid) and place distinct.
 */
export function makePattern(n: number, overrides: Partial<Pattern> = {}): Pattern {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return PatternSchema.parse({
    id,
    status: 'active',
    exerciseId: null,
    sectors: ['criminal-security'],
    detectedAt: DETECTED_AT,
    endedAt: null,
    acknowledgements: [],
    cluster: {
      id,
      categories: ['burglary'],
      group: 'burglary',
      sectors: ['criminal-security'],
      center: [48.075 + n * 0.01, 29.312],
      radiusM: 400,
      from: '2026-11-25T09:00:00.000Z',
      to: DETECTED_AT,
      observed: 10,
      expected: 0.4,
      relativeRisk: 25,
      pValue: 0.001,
      recurrenceDays: 986,
      incidentIds: ['inc-1', 'inc-2'],
      explanation: {
        en: '10 burglaries within 400 m of Rumaithiya in 5 days; 0.4 expected from the past year; p = 0.001; by chance once in 2.7 years.',
        ar: '10 حالات سطو ضمن 400 م من الرميثية خلال 5 أيام؛ المتوقع 0.4 من العام الماضي؛ p = 0.001؛ مصادفةً مرة كل 2.7 سنة.',
      },
    },
    ...overrides,
  });
}

/** An acknowledgement by a named officer at a minute after detection. */
export function makeAcknowledgement(
  minute: number,
  displayName = 'Criminal Security Officer',
): PatternAcknowledgement {
  return {
    by: 'user:crime',
    displayName,
    at: new Date(Date.parse(DETECTED_AT) + minute * 60_000).toISOString(),
    note: null,
  };
}

let seq = 0;

/** A pattern event of the log, carrying `pattern` as the server sends it. */
export function patternEvent(
  type: 'pattern.detected' | 'pattern.acknowledged' | 'pattern.ended',
  pattern: Pattern,
): MirsadEvent {
  seq += 1;
  const envelope = {
    seq,
    id: `10000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    at: DETECTED_AT,
    actor: 'system:patterns',
    exerciseId: null,
    sectors: pattern.sectors,
  };
  if (type === 'pattern.acknowledged') {
    const acknowledgement = pattern.acknowledgements.at(-1) ?? makeAcknowledgement(1);
    return { ...envelope, type, data: { pattern, acknowledgement } };
  }
  return { ...envelope, type, data: { pattern } };
}
