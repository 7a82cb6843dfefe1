import { governorateOf, isInArea, type Position } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { loadGovernorates } from './governorates.js';
import { INCIDENT_PLANS } from './incident-plans.js';
import { PLACE_KINDS, PLACES, ROADS } from './places.js';

const governorates = loadGovernorates();
const isOnLand = (position: Position): boolean => governorates.some((g) => isInArea(position, g.boundary));
const ARABIC = /[\u0600-\u06ff]/;

describe('PLACES', () => {
  it('puts every land place inside a governorate', () => {
    const offLand = PLACES.filter((p) => p.kind !== 'sea' && !isOnLand(p.position)).map((p) => p.name.en);
    expect(offLand).toEqual([]);
  });

  it('puts every sea place offshore but within reach of a governorate', () => {
    for (const place of PLACES.filter((p) => p.kind === 'sea')) {
      expect(isOnLand(place.position), place.name.en).toBe(false);
      expect(
        governorateOf({ type: 'Point', coordinates: place.position }, governorates),
        place.name.en,
      ).not.toBeNull();
    }
  });

  it('has places of every kind, each with a positive weight and radius', () => {
    expect(new Set(PLACES.map((p) => p.kind))).toEqual(new Set(PLACE_KINDS));
    for (const place of PLACES) {
      expect(place.weight, place.name.en).toBeGreaterThan(0);
      expect(place.radiusM, place.name.en).toBeGreaterThan(0);
    }
  });

  it('writes every where-phrase in Arabic script and in English without it', () => {
    for (const place of PLACES) {
      expect(place.at.ar, place.name.en).toMatch(ARABIC);
      expect(place.at.en, place.name.en).not.toMatch(ARABIC);
    }
  });

  it('offers a place for every kind the incident plans ask for', () => {
    const wanted = new Set(
      Object.values(INCIDENT_PLANS).flatMap((sector) =>
        Object.values<{ where: readonly (readonly [string, number])[] }>(sector.categories).flatMap((plan) =>
          plan.where.map(([kind]) => kind),
        ),
      ),
    );
    const offered = new Set<string>([...PLACE_KINDS, 'road', 'station', 'shelter']);
    expect([...wanted].filter((kind) => !offered.has(kind))).toEqual([]);
  });
});

describe('ROADS', () => {
  it('keeps every road stretch on land along its whole length', () => {
    for (const road of ROADS) {
      for (let i = 0; i <= 10; i++) {
        const t = i / 10;
        const position: Position = [
          road.from[0] + t * (road.to[0] - road.from[0]),
          road.from[1] + t * (road.to[1] - road.from[1]),
        ];
        expect(isOnLand(position), `${road.name.en} near ${road.near.en} at ${t}`).toBe(true);
      }
    }
  });
});
