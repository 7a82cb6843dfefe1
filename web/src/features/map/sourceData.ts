import type { GeoJSON } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/**
 * Remembers what each source was last given, as JSON, and says whether new data differs: a
 * source given data has MapLibre's worker tile it again and the map draw a whole frame, which
 * the compositor then draws into a frame of the page (under SwiftShader, 0.3–0.5 s of the GPU
 * process's CPU each at 1920×1080 on a busy 2-core machine), and in a burst of incident updates
 * the units, their lines and the other layers' data mostly stay as they were.
 * Sources are held weakly: a source dropped with its map or style is forgotten.
 */
export class SourceChanges {
  private readonly given = new WeakMap<object, string>();

  /** Whether `data` differs from what `source` was last given; if so, it is noted as given. */
  hasChanged(source: object, data: unknown): boolean {
    const json = JSON.stringify(data);
    if (this.given.get(source) === json) return false;
    this.given.set(source, json);
    return true;
  }

  /** Forgets what `source` was given (it failed to take it): the same data is given again next time. */
  forget(source: object): void {
    this.given.delete(source);
  }
}

/** What every GeoJSON source of every map on the page was last given through `setSourceData`. */
const given = new SourceChanges();

/**
 * Gives a GeoJSON source new data, unless it already holds the same: React effects and the
 * map's own passes hand their sources data again on every commit of a burst (a new array that
 * says the same), and each `setData` costs a worker pass and a whole frame of the map.
 */
export function setSourceData(map: MapLibreMap, sourceId: string, data: GeoJSON): void {
  const source = map.getSource<GeoJSONSource>(sourceId);
  if (!source || !given.hasChanged(source, data)) return;
  source.setData(data).catch((error: unknown) => {
    given.forget(source);
    console.error(`Mirsad: the map could not take the data of ${sourceId}`, error);
  });
}
