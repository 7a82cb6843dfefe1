/**
 * The offline basemap's files. Written by `web/build/basemap.ts` (a Vite plugin, at build and
 * dev-server start) and read by the built-in style; both import these names from here.
 */
export const BASEMAP_URL_PATH = '/basemap/';

/** File names under BASEMAP_URL_PATH. */
export const BASEMAP_FILES = {
  land: 'land.geojson',
  borders: 'borders.geojson',
} as const;

/**
 * The area the basemap covers and the map may be panned in, `[west, south, east, north]` in
 * degrees: Kuwait with Iraq, Saudi Arabia, Iran and the northern Gulf around it.
 */
export const BASEMAP_REGION = [38, 22, 58, 36] as const;
