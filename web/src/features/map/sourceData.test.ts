import type { GeoJSON } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it, vi } from 'vitest';
import { makeIncident, makeUnit, minutesAfterBase } from '../../test/fixtures.js';
import { SourceChanges, setSourceData } from './sourceData.js';
import { toUnitFeatures } from './unitFeatures.js';

/** A map with one GeoJSON source that counts the data it is given (MapLibre itself needs WebGL). */
function mapWithSource({ isFailing = false } = {}) {
  const given: GeoJSON[] = [];
  const source = {
    setData: (data: GeoJSON) => {
      given.push(data);
      return isFailing ? Promise.reject(new Error('the worker could not parse it')) : Promise.resolve();
    },
  };
  const map = { getSource: (id: string) => (id === 'forecast' ? source : undefined) };
  return { map: map as unknown as MapLibreMap, given };
}

const empty = (): GeoJSON => ({ type: 'FeatureCollection', features: [] });
const cell = (risk: number): GeoJSON => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { risk }, geometry: { type: 'Point', coordinates: [48, 29.3] } }],
});

describe("a feature layer's source", () => {
  it('is not given the same data again, even as a new object on each commit', () => {
    const { map, given } = mapWithSource();
    for (let commit = 0; commit < 10; commit += 1) setSourceData(map, 'forecast', empty());
    expect(given).toHaveLength(1);
  });

  it('is given data that changed, and the same data again after a change', () => {
    const { map, given } = mapWithSource();
    setSourceData(map, 'forecast', cell(1));
    setSourceData(map, 'forecast', cell(2));
    setSourceData(map, 'forecast', cell(2));
    setSourceData(map, 'forecast', cell(1));
    expect(given.map((data) => JSON.stringify(data))).toEqual(
      [cell(1), cell(2), cell(1)].map((data) => JSON.stringify(data)),
    );
  });

  it("is told apart from another map's source of the same name", () => {
    const room = mapWithSource();
    const review = mapWithSource();
    setSourceData(room.map, 'forecast', cell(1));
    setSourceData(review.map, 'forecast', cell(1));
    expect([room.given.length, review.given.length]).toEqual([1, 1]);
  });

  it('is given the same data again after it failed to take it', async () => {
    const { map, given } = mapWithSource({ isFailing: true });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    setSourceData(map, 'forecast', cell(1));
    await vi.waitFor(() => {
      expect(logged).toHaveBeenCalledTimes(1);
    });
    setSourceData(map, 'forecast', cell(1));
    expect(given).toHaveLength(2);
    logged.mockRestore();
  });

  it('is skipped without an error when the map has no such source yet', () => {
    const { map, given } = mapWithSource();
    expect(() => {
      setSourceData(map, 'series', cell(1));
    }).not.toThrow();
    expect(given).toHaveLength(0);
  });
});

describe("the map's sources", () => {
  it('take the same units and lines again only when something in them changed', () => {
    const incident = makeIncident(1, { location: { type: 'Point', coordinates: [48.0, 29.3] } });
    const incidents = new Map([[incident.id, incident]]);
    const at = (coordinates: [number, number]) => ({
      coordinates,
      headingDeg: null,
      speedMps: null,
      at: minutesAfterBase(0),
    });
    const unit = makeUnit('tr-1', {
      status: 'en_route',
      incidentId: incident.id,
      position: at([47.9, 29.2]),
    });
    const nowMs = Date.parse(minutesAfterBase(1));
    const changes = new SourceChanges();
    const unitsSource = {};
    const linesSource = {};
    const first = toUnitFeatures([unit], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, first.units)).toBe(true);
    expect(changes.hasChanged(linesSource, first.lines)).toBe(true);

    // The same units built again as new objects, as every update of the incidents does.
    const again = toUnitFeatures([{ ...unit }], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, again.units)).toBe(false);
    expect(changes.hasChanged(linesSource, again.lines)).toBe(false);

    // The unit moved: its point and its line to the incident change, each once.
    const moved = toUnitFeatures([{ ...unit, position: at([47.95, 29.25]) }], incidents, nowMs);
    expect(changes.hasChanged(unitsSource, moved.units)).toBe(true);
    expect(changes.hasChanged(linesSource, moved.lines)).toBe(true);
    expect(changes.hasChanged(unitsSource, moved.units)).toBe(false);

    // On scene: the line's status changes, the unit's icon too.
    const onScene = toUnitFeatures(
      [{ ...unit, status: 'on_scene', position: at([47.95, 29.25]) }],
      incidents,
      nowMs,
    );
    expect(changes.hasChanged(linesSource, onScene.lines)).toBe(true);
  });
});
