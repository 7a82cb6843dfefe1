import type { MirsadEvent } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { EventRing } from './event.ring.js';

/** Only `seq` matters to the ring. */
const event = (seq: number): MirsadEvent => ({ seq }) as MirsadEvent;
const seqs = (events: readonly MirsadEvent[] | null): number[] | null => events?.map((e) => e.seq) ?? null;

describe('EventRing', () => {
  it('answers pages after a cursor, up to a sequence, as the store would', () => {
    const ring = new EventRing(10);
    for (let seq = 5; seq <= 9; seq++) ring.push(event(seq));
    expect(seqs(ring.after(4, 100, 9))).toEqual([5, 6, 7, 8, 9]);
    expect(seqs(ring.after(5, 2, 9))).toEqual([6, 7]);
    expect(seqs(ring.after(6, 100, 8))).toEqual([7, 8]);
    expect(seqs(ring.after(9, 100, 9))).toEqual([]);
  });

  it('leaves to the store what it does not hold: older than its first, newer than its last', () => {
    const ring = new EventRing(10);
    expect(ring.after(0, 100, 1)).toBeNull();
    for (let seq = 5; seq <= 9; seq++) ring.push(event(seq));
    expect(ring.after(3, 100, 9)).toBeNull();
    expect(ring.after(4, 100, 10)).toBeNull();
    expect(ring.oldestKept()).toBe(5);
  });

  it('keeps only the newest events, whenever it trims', () => {
    const ring = new EventRing(3);
    for (let seq = 1; seq <= 20; seq++) {
      ring.push(event(seq));
      expect(seqs(ring.after(Math.max(0, seq - 3), 100, seq))).toEqual(
        [seq - 2, seq - 1, seq].filter((s) => s > 0),
      );
      if (seq > 3) expect(ring.after(seq - 4, 100, seq)).toBeNull();
    }
  });

  it('starts over after a gap rather than skip the missing events', () => {
    const ring = new EventRing(10);
    ring.push(event(1));
    ring.push(event(2));
    ring.push(event(5));
    expect(ring.after(1, 100, 5)).toBeNull();
    expect(seqs(ring.after(4, 100, 5))).toEqual([5]);
  });
});
