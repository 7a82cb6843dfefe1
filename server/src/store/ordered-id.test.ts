import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { orderedId } from './ordered-id.js';

describe('orderedId', () => {
  it('makes UUIDs of version 7 that the shared schemas accept', () => {
    const id = orderedId();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });

  it('puts the millisecond first, so ids made later sort after earlier ones', () => {
    const at = Date.parse('2026-12-01T00:00:00Z');
    const ids = [at, at + 1, at + 2, at + 1_000, at + 86_400_000].map((ms) => orderedId(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]?.replace(/-/g, '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
  });

  it('keeps ids of the same millisecond apart by their random bits', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => orderedId(0)));
    expect(ids.size).toBe(10_000);
  });
});
