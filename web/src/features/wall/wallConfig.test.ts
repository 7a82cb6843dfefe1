import { SECTOR_IDS } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { parseWallConfig, sumOverSectors } from './wallConfig.js';

describe('the wall display’s address', () => {
  it('shows every sector and every panel when it names none', () => {
    const config = parseWallConfig('');
    expect(config.sectors).toEqual(SECTOR_IDS);
    expect([...config.panels]).toEqual(['map', 'figures', 'ticker']);
  });

  it('keeps only the sectors and panels it names, dropping unknown ones', () => {
    const config = parseWallConfig('?sectors=traffic,nowhere,civil-defence&panels=figures,chart');
    expect(config.sectors).toEqual(['traffic', 'civil-defence']);
    expect([...config.panels]).toEqual(['figures']);
  });

  it('tours the map every N seconds within bounds, and not at all without a number', () => {
    expect(parseWallConfig('?tour=45').tourSeconds).toBe(45);
    expect(parseWallConfig('?tour=2').tourSeconds).toBe(10);
    expect(parseWallConfig('?tour=99999').tourSeconds).toBe(3600);
    expect(parseWallConfig('?tour=soon').tourSeconds).toBeNull();
    expect(parseWallConfig('').tourSeconds).toBeNull();
  });

  it('sounds alerts only when the address asks for it', () => {
    expect(parseWallConfig('?sound=1').isSoundOn).toBe(true);
    expect(parseWallConfig('?sound=yes').isSoundOn).toBe(false);
    expect(parseWallConfig('').isSoundOn).toBe(false);
  });

  it('keeps only the governorates it names, singular or plural, dropping unknown ones', () => {
    expect(parseWallConfig('?governorates=capital,atlantis,hawalli').governorates).toEqual([
      'capital',
      'hawalli',
    ]);
    expect(parseWallConfig('?governorate=jahra').governorates).toEqual(['jahra']);
    expect(parseWallConfig('?governorates=ahmadi&governorate=ahmadi').governorates).toEqual(['ahmadi']);
  });

  it('shows the whole country when it names no governorate or only unknown ones', () => {
    expect(parseWallConfig('').governorates).toBeNull();
    expect(parseWallConfig('?governorates=atlantis').governorates).toBeNull();
  });

  it('falls back to every sector when it names only unknown ones', () => {
    expect(parseWallConfig('?sectors=nowhere').sectors).toEqual(SECTOR_IDS);
  });
});

describe('sumOverSectors', () => {
  it('adds the figures of the sectors shown only', () => {
    expect(sumOverSectors({ traffic: 3, 'civil-defence': 2, police: 9 }, ['traffic', 'civil-defence'])).toBe(
      5,
    );
  });
});
