import {
  GOVERNORATE_IDS,
  GovernorateSchema,
  KUWAIT_BOUNDS,
  isInArea,
  type Governorate,
  type GovernorateId,
  type Position,
} from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { readDataFile } from './data-file.js';
import {
  GOVERNORATES_FILE,
  loadGovernorates,
  loadGovernoratesGeoJson,
  parseGovernorates,
  parseGovernoratesGeoJson,
} from './governorates.js';
import { isSimpleRing, ringSignedArea } from './ring.js';

const governorates = loadGovernorates();

const containing = (position: Position): GovernorateId[] =>
  governorates.filter((g) => isInArea(position, g.boundary)).map((g) => g.id);

const polygonsOf = (g: Governorate): Position[][][] =>
  g.boundary.type === 'Polygon' ? [g.boundary.coordinates] : g.boundary.coordinates;

const rings = governorates.flatMap((g) =>
  polygonsOf(g).flatMap((polygon) => polygon.map((ring) => ({ id: g.id, ring }))),
);

describe('loadGovernorates', () => {
  it('loads each of the six governorates once, each valid against GovernorateSchema', () => {
    expect(governorates.map((g) => g.id).sort()).toEqual([...GOVERNORATE_IDS].sort());
    for (const g of governorates) expect(GovernorateSchema.safeParse(g).success).toBe(true);
  });

  it.each<[string, Position, GovernorateId]>([
    ['Kuwait City', [47.98, 29.37], 'capital'],
    ['Salmiya', [48.08, 29.34], 'hawalli'],
    ['Farwaniya', [47.96, 29.28], 'farwaniya'],
    ['Sabah Al-Salem', [48.07, 29.25], 'mubarak-al-kabeer'],
    ['Fahaheel', [48.13, 29.08], 'ahmadi'],
    ['Jahra', [47.66, 29.34], 'jahra'],
    ['Shuwaikh', [47.94, 29.345], 'capital'],
    ['Doha', [47.812, 29.345], 'capital'],
    ['Jabriya', [48.02, 29.32], 'hawalli'],
    ['Bayan', [48.045, 29.3], 'hawalli'],
    ['Khaitan', [47.972, 29.285], 'farwaniya'],
    ['Jleeb Al-Shuyoukh', [47.935, 29.26], 'farwaniya'],
    ['Kuwait International Airport', [47.97, 29.24], 'farwaniya'],
    ['Qurain', [48.075, 29.205], 'mubarak-al-kabeer'],
    ['Fintas', [48.12, 29.17], 'ahmadi'],
    ['Ahmadi town', [48.085, 29.078], 'ahmadi'],
    ['Wafra', [47.93, 28.64], 'ahmadi'],
    ['Khiran', [48.342, 28.65], 'ahmadi'],
    ['Nuwaiseeb', [48.39, 28.56], 'ahmadi'],
    ['Sulaibiya', [47.82, 29.275], 'jahra'],
    ['Subiya', [47.935, 29.575], 'jahra'],
    ['Abdali', [47.72, 30.02], 'jahra'],
    ['Salmi', [47.1, 29.07], 'jahra'],
    ['Failaka Island', [48.32, 29.44], 'capital'],
    ['Bubiyan Island', [48.2, 29.8], 'jahra'],
    ['Warbah Island', [48.06, 30.0], 'jahra'],
  ])('puts %s in exactly one governorate, %s', (_place, position, id) => {
    expect(containing(position)).toEqual([id]);
  });

  it.each<[string, Position]>([
    ['Kuwait Bay', [47.9, 29.45]],
    ['the Gulf east of Salmiya', [48.2, 29.3]],
    ['the Gulf off Khiran', [48.5, 28.65]],
    ['Basra in Iraq', [47.8, 30.5]],
    ['Khafji in Saudi Arabia', [48.49, 28.42]],
    ['Hafar Al-Batin in Saudi Arabia', [45.97, 28.43]],
  ])('leaves %s outside every governorate', (_place, position) => {
    expect(containing(position)).toEqual([]);
  });

  it('never puts a point in two governorates, on a 0.01 degree grid over Kuwait', () => {
    const [west, south, east, north] = KUWAIT_BOUNDS;
    const landPoints = new Map<GovernorateId, number>();
    let overlaps = 0;
    const step = 0.01;
    for (let i = 0; west + i * step <= east; i++) {
      for (let j = 0; south + j * step <= north; j++) {
        const ids = containing([west + i * step, south + j * step]);
        if (ids.length > 1) overlaps++;
        for (const id of ids) landPoints.set(id, (landPoints.get(id) ?? 0) + 1);
      }
    }
    expect(overlaps).toBe(0);
    // Every governorate must hold grid points, or the check above proves nothing about it.
    for (const id of GOVERNORATE_IDS) expect(landPoints.get(id) ?? 0).toBeGreaterThan(20);
  });

  it('tiles the land: inner edges are shared exactly, and the outer edges close into the four coastlines', () => {
    const key = (p: Position): string => `${p[0]},${p[1]}`;
    const edges = new Map<string, { ids: GovernorateId[]; ends: [string, string] }>();
    for (const { id, ring } of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i];
        const b = ring[i + 1];
        if (!a || !b) continue;
        const ends: [string, string] = key(a) < key(b) ? [key(a), key(b)] : [key(b), key(a)];
        const edgeKey = ends.join('|');
        const edge = edges.get(edgeKey) ?? { ids: [], ends };
        edge.ids.push(id);
        edges.set(edgeKey, edge);
      }
    }
    const outer = [...edges.values()].filter((edge) => edge.ids.length === 1);
    const inner = [...edges.values()].filter((edge) => edge.ids.length === 2);
    expect(outer.length + inner.length).toBe(edges.size);
    expect(inner.length).toBeGreaterThan(0);
    for (const edge of inner) expect(edge.ids[0]).not.toBe(edge.ids[1]);

    // Outer edges must form closed loops only: mainland, Bubiyan, Warbah and Failaka. A gap or
    // a boundary drawn twice with different vertices would leave extra loops.
    const degree = new Map<string, number>();
    const parent = new Map<string, string>();
    const find = (v: string): string => {
      const p = parent.get(v) ?? v;
      if (p === v) return v;
      const root = find(p);
      parent.set(v, root);
      return root;
    };
    for (const { ends } of outer) {
      for (const end of ends) degree.set(end, (degree.get(end) ?? 0) + 1);
      parent.set(find(ends[0]), find(ends[1]));
    }
    expect([...degree.values()].every((d) => d === 2)).toBe(true);
    expect(new Set([...degree.keys()].map(find)).size).toBe(4);
  });

  it('keeps every vertex inside KUWAIT_BOUNDS, which the map opens on', () => {
    const [west, south, east, north] = KUWAIT_BOUNDS;
    for (const { ring } of rings) {
      for (const [lon, lat] of ring) {
        expect(lon).toBeGreaterThanOrEqual(west);
        expect(lon).toBeLessThanOrEqual(east);
        expect(lat).toBeGreaterThanOrEqual(south);
        expect(lat).toBeLessThanOrEqual(north);
      }
    }
  });

  it('draws simple rings wound counterclockwise, with enough vertices to look like a coastline', () => {
    for (const { id, ring } of rings) {
      expect(isSimpleRing(ring), id).toBe(true);
      expect(ringSignedArea(ring), id).toBeGreaterThan(0);
      expect(ring.length, id).toBeGreaterThanOrEqual(15);
    }
  });
});

describe('loadGovernoratesGeoJson', () => {
  it('returns the FeatureCollection whose features carry the same boundaries and names', () => {
    const collection = loadGovernoratesGeoJson();
    expect(collection.type).toBe('FeatureCollection');
    expect(
      collection.features.map((f) => ({
        id: f.properties.id,
        name: { ar: f.properties.name_ar, en: f.properties.name_en },
        boundary: f.geometry,
      })),
    ).toEqual(governorates);
  });
});

describe('parseGovernorates', () => {
  const raw = (): {
    features: { properties: Record<string, unknown>; geometry: { coordinates: unknown[] } }[];
  } => {
    const parsed = parseGovernoratesGeoJson(readDataFile(GOVERNORATES_FILE));
    return structuredClone(parsed);
  };

  it('names the feature and the field when a property is wrong', () => {
    const file = raw();
    const feature = file.features[1];
    if (!feature) throw new Error('the file has fewer than two features');
    feature.properties.id = 'kuwait-city';
    expect(() => parseGovernorates(file)).toThrow(
      /feature 1 \("kuwait-city"\) has a bad field properties\.id/,
    );
  });

  it('names the feature when a ring does not close', () => {
    const file = raw();
    const feature = file.features[0];
    if (!feature) throw new Error('the file has no features');
    feature.geometry.coordinates = [
      [
        [48, 29],
        [48.1, 29],
        [48.1, 29.1],
        [48, 29.1],
      ],
    ];
    expect(() => parseGovernorates(file)).toThrow(/feature 0 \("capital"\) has a bad field geometry/);
  });

  it('refuses a file that lacks a governorate', () => {
    const file = raw();
    file.features.pop();
    expect(() => parseGovernorates(file)).toThrow(/governorate "jahra" appears 0 times/);
  });

  it('refuses something that is not a FeatureCollection', () => {
    expect(() => parseGovernorates({ type: 'Feature' })).toThrow(/not a GeoJSON FeatureCollection/);
  });
});
