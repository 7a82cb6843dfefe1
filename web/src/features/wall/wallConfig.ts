import {
  GovernorateIdSchema,
  SECTOR_IDS,
  SectorIdSchema,
  type GovernorateId,
  type SectorId,
} from '@mirsad/shared';
import { WallSearchSchema, parseSearch, type WallSearch } from '../../app/search.js';

/** The parts of the wall display that `?panels=` can show. */
export const WALL_PANELS = ['map', 'figures', 'ticker'] as const;

/** A part of the wall display. */
export type WallPanel = (typeof WALL_PANELS)[number];

/** What the wall's address asks for; the language (`?lang=`) is read by the i18n module. */
export interface WallConfig {
  /** The sectors shown; every sector when the address names none (or only unknown ones). */
  sectors: readonly SectorId[];
  /**
   * The governorates shown (`?governorates=capital,hawalli`), or null for the whole country when
   * the address names none (or only unknown ones). Null also keeps incidents of no governorate.
   */
  governorates: readonly GovernorateId[] | null;
  /** The panels shown, in the display's own order; all of them when none is named. */
  panels: ReadonlySet<WallPanel>;
  /** Seconds between two stops of the map's tour (`?tour=60`); null for no tour. */
  tourSeconds: number | null;
  /** Whether a new critical incident sounds an alert (`?sound=1`). */
  isSoundOn: boolean;
}

/** The shortest and longest tour stop the address may ask for, in seconds. */
export const TOUR_SECONDS_MIN = 10;
export const TOUR_SECONDS_MAX = 3_600;

/** `?tour=<seconds>` within the bounds (rounded into them), or null when not a positive number. */
function tourSeconds(seconds: number): number | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.min(TOUR_SECONDS_MAX, Math.max(TOUR_SECONDS_MIN, Math.round(seconds)));
}

/**
 * The wall's slice from its address (already split into lists by the route's schema,
 * `WallSearchSchema`): `?sectors=traffic,civil-defence`, `?governorates=capital,hawalli` (or
 * `?governorate=`), `?panels=map,figures,ticker`, `?tour=60` and `?sound=1`. Unknown names are
 * dropped rather than refused: a wall screen has nobody in front of it to read an error, so a
 * typo shows everything instead of a blank screen.
 */
export function wallConfigOf(search: WallSearch): WallConfig {
  const sectors = (search.sectors ?? []).flatMap((item) => {
    const parsed = SectorIdSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const governorates = [...(search.governorates ?? []), ...(search.governorate ?? [])].flatMap((item) => {
    const parsed = GovernorateIdSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const panels = (search.panels ?? []).filter((item): item is WallPanel =>
    (WALL_PANELS as readonly string[]).includes(item),
  );
  return {
    sectors: sectors.length > 0 ? [...new Set(sectors)] : SECTOR_IDS,
    governorates: governorates.length > 0 ? [...new Set(governorates)] : null,
    panels: new Set(panels.length > 0 ? panels : WALL_PANELS),
    tourSeconds: search.tour === undefined ? null : tourSeconds(search.tour),
    isSoundOn: search.sound === '1',
  };
}

/** Reads a wall's address (`?sectors=…&panels=…`) as the router does, into its slice. */
export function parseWallConfig(search: string): WallConfig {
  return wallConfigOf(WallSearchSchema.parse(parseSearch(search)));
}

/** Adds up a per-sector record of the stats over the sectors shown. */
export function sumOverSectors(
  bySector: Readonly<Record<string, number>>,
  sectors: readonly SectorId[],
): number {
  return sectors.reduce((total, sector) => total + (bySector[sector] ?? 0), 0);
}
