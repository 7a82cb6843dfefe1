import { SECTOR_IDS, SectorIdSchema, type SectorId } from '@mirsad/shared';

/** The parts of the wall display that `?panels=` can show. */
export const WALL_PANELS = ['map', 'figures', 'ticker'] as const;

/** A part of the wall display. */
export type WallPanel = (typeof WALL_PANELS)[number];

/** What the wall's address asks for; the language (`?lang=`) is read by the i18n module. */
export interface WallConfig {
  /** The sectors shown; every sector when the address names none (or only unknown ones). */
  sectors: readonly SectorId[];
  /** The panels shown, in the display's own order; all of them when none is named. */
  panels: ReadonlySet<WallPanel>;
}

function listParam(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Reads `?sectors=traffic,civil-defence` and `?panels=map,figures,ticker`. Unknown names are
 * dropped rather than refused: a wall screen has nobody in front of it to read an error, so
 * a typo shows everything instead of a blank screen.
 */
export function parseWallConfig(search: string): WallConfig {
  const params = new URLSearchParams(search);
  const sectors = listParam(params, 'sectors').flatMap((item) => {
    const parsed = SectorIdSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const panels = listParam(params, 'panels').filter((item): item is WallPanel =>
    (WALL_PANELS as readonly string[]).includes(item),
  );
  return {
    sectors: sectors.length > 0 ? [...new Set(sectors)] : SECTOR_IDS,
    panels: new Set(panels.length > 0 ? panels : WALL_PANELS),
  };
}

/** Adds up a per-sector record of the stats over the sectors shown. */
export function sumOverSectors(
  bySector: Readonly<Record<string, number>>,
  sectors: readonly SectorId[],
): number {
  return sectors.reduce((total, sector) => total + (bySector[sector] ?? 0), 0);
}
