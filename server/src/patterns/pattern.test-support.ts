import type { NewIncident } from '@mirsad/shared';

const DAY_MS = 86_400_000;

/** Where the tests plant a series: Rumaithiya, a residential district of Hawalli. */
export const RUMAITHIYA: [number, number] = [48.075, 29.31];

/** Burglaries in a planted series. */
export const SERIES_SIZE = 8;

/**
 * The `n`th burglary of a series the scan detects: eight on a ring about 200 m round Rumaithiya,
 * reported over the last three days, each with its own external reference (`ref`-n).
 */
export function seriesBurglary(n: number, ref = 'series'): NewIncident {
  const angle = n * 0.8;
  return {
    sector: 'criminal-security',
    category: 'burglary',
    severity: 3,
    title: `Burglary ${n}`,
    description: '',
    location: {
      type: 'Point',
      coordinates: [RUMAITHIYA[0] + 0.002 * Math.cos(angle), RUMAITHIYA[1] + 0.0015 * Math.sin(angle)],
    },
    reportedAt: new Date(Date.now() - (n / SERIES_SIZE) * 3 * DAY_MS).toISOString(),
    externalRef: `${ref}-${n}`,
    source: 'test',
  };
}
