// Fixtures for the tests of both sides (`@mirsad/mock-data/testing`): the same wire entities,
// built once and validated against the shared schemas, so the server's tests and the web's
// cannot drift apart or from the wire. Not part of the demo's data.
import { PatternSchema, type Pattern } from '@mirsad/shared';

/** The moment `burglarySeries` is detected at unless told otherwise. */
export const SERIES_DETECTED_AT = '2026-11-30T09:00:00.000Z';

/** The series' window: the five days before its detection, ms. */
const SERIES_WINDOW_MS = 5 * 86_400_000;

/**
 * A burglary series in Rumaithiya as the server records and sends it. `n` makes its id (a
 * uuid) and its place distinct; a `detectedAt` among the overrides moves its window with it.
 */
export function burglarySeries(n: number, overrides: Partial<Pattern> = {}): Pattern {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const detectedAt = overrides.detectedAt ?? SERIES_DETECTED_AT;
  return PatternSchema.parse({
    id,
    status: 'active',
    exerciseId: null,
    sectors: ['criminal-security'],
    detectedAt,
    endedAt: null,
    acknowledgements: [],
    cluster: {
      id,
      categories: ['burglary'],
      group: 'burglary',
      sectors: ['criminal-security'],
      center: [48.075 + n * 0.01, 29.312],
      radiusM: 400,
      from: new Date(Date.parse(detectedAt) - SERIES_WINDOW_MS).toISOString(),
      to: detectedAt,
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
