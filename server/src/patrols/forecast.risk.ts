import type { Principal, RiskArea } from '@mirsad/shared';
import type { PatternService } from '../patterns/pattern.service.js';
import type { HistoryStore } from '../store/history.store.js';
import type { RiskForecast } from './patrol.service.js';

/** How far ahead coverage looks, hours: the next shift and the one after. */
export const COVERAGE_FORECAST_HOURS = 24;

/** How many of the forecast's riskiest cells coverage weighs. */
export const COVERAGE_FORECAST_CELLS = 50;

/**
 * Pattern watch's forecast as patrol coverage's risk: the next day's riskiest H3 cells of the
 * sectors the viewer sees (the forecast answers only those), each weighed against the riskiest.
 * Null when there is none to be had, so coverage falls back to recent incidents: no past loaded
 * yet (a forecast fitted on a few days of reports says little more than they do), no group in
 * view, or pattern watch off on this store.
 */
export function forecastRisk(patterns: PatternService, history: HistoryStore): RiskForecast {
  // Past records are only ever added, so once some are seen the question is not asked again.
  let hasPast = false;
  return {
    async highRiskAreas(by: Principal, exerciseId: string | null): Promise<RiskArea[] | null> {
      hasPast ||= await history.hasAny();
      if (!hasPast) return null;
      let cells;
      try {
        ({ cells } = await patterns.forecast(by, {
          hours: COVERAGE_FORECAST_HOURS,
          top: COVERAGE_FORECAST_CELLS,
          ...(exerciseId === null ? {} : { exercise: exerciseId }),
        }));
      } catch {
        return null;
      }
      const highest = Math.max(0, ...cells.map((cell) => cell.expected));
      if (cells.length === 0 || highest === 0) return null;
      return cells.map((cell) => ({
        id: cell.h3,
        centre: cell.center,
        area: cell.boundary,
        risk: cell.expected / highest,
        incidents: null,
      }));
    },
  };
}
