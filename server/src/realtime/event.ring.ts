import type { MirsadEvent } from '@mirsad/shared';

/**
 * How many of the newest published events the gateway keeps in memory for catch-up. A socket
 * that reconnects within this many events of the head (a blip, a restarted balancer, a storm of
 * wall displays) reads nothing from the store; one further behind pages through the store up to
 * the ring. About 1 KB an event: a few MB.
 */
export const RECENT_EVENTS_KEPT = 2_000;

/**
 * The newest events of the log in sequence order, without gaps: `push` takes each published
 * event once, in order, and `after` answers a page of catch-up from memory when the ring holds
 * every event it asks for, or null when the store must answer.
 */
export class EventRing {
  /** The kept events, oldest first, consecutive sequences; trimmed in chunks, not per event. */
  private events: MirsadEvent[] = [];

  constructor(private readonly capacity = RECENT_EVENTS_KEPT) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a ring of ${capacity} events`);
  }

  push(event: MirsadEvent): void {
    const last = this.events.at(-1);
    // A gap would let `after` skip events: start over from this one.
    if (last && event.seq !== last.seq + 1) this.events = [];
    this.events.push(event);
    if (this.events.length >= 2 * this.capacity) this.events = this.events.slice(-this.capacity);
  }

  /**
   * The oldest sequence served from memory (Infinity when empty). Only the newest `capacity`
   * count as kept, so what is served does not depend on when the chunk was trimmed.
   */
  oldestKept(): number {
    const first = this.events[0];
    const last = this.events.at(-1);
    return first && last ? Math.max(first.seq, last.seq - this.capacity + 1) : Number.POSITIVE_INFINITY;
  }

  /**
   * The events after `cursor` up to `upTo`, at most `limit`, as the store's `readEvents` answers;
   * null when the ring does not hold all of them (older than its first, or newer than its last).
   */
  after(cursor: number, limit: number, upTo: number): MirsadEvent[] | null {
    const first = this.events[0];
    const last = this.events.at(-1);
    if (!first || !last || cursor + 1 < this.oldestKept() || upTo > last.seq) return null;
    const start = cursor + 1 - first.seq;
    const end = Math.min(start + limit, upTo - first.seq + 1);
    return end > start ? this.events.slice(start, end) : [];
  }
}
