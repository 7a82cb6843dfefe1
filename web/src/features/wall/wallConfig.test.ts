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
