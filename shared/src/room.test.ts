import { describe, expect, it } from 'vitest';
import { RELATED_CATEGORIES, areCategoriesRelated, relatedCategoriesOf } from './room.js';
import type { SectorId } from './sectors.js';

/** Every pair RELATED_CATEGORIES names, and one it does not. */
const pairs = [...new Set([...RELATED_CATEGORIES.flat(), 'traffic/no-such-category'])].map((key) => {
  const [sector, category] = key.split('/');
  return { sector: sector as SectorId, category: category ?? '' };
});
const keyOf = (pair: { sector: string; category: string }): string => `${pair.sector}/${pair.category}`;

describe('related categories', () => {
  it('relates two pairs exactly when one group of RELATED_CATEGORIES holds both', () => {
    for (const a of pairs)
      for (const b of pairs)
        expect(areCategoriesRelated(a, b), `${keyOf(a)} ~ ${keyOf(b)}`).toBe(
          RELATED_CATEGORIES.some((group) => group.includes(keyOf(a)) && group.includes(keyOf(b))),
        );
  });

  it('lists for each pair the related pairs of other sectors, the same answer however often asked', () => {
    for (const a of pairs) {
      const expected = pairs.filter((b) => b.sector !== a.sector && areCategoriesRelated(a, b)).map(keyOf);
      expect(relatedCategoriesOf(a).map(keyOf).sort(), keyOf(a)).toEqual(expected.sort());
      expect(relatedCategoriesOf(a)).toEqual(relatedCategoriesOf({ ...a }));
    }
    expect(relatedCategoriesOf({ sector: 'traffic', category: 'flooded-road' }).map(keyOf)).toContain(
      'civil-defence/flooding',
    );
  });
});
