import type { MirsadEvent } from '@mirsad/shared';
import type { EventStore } from '../store/event.store.js';

/** Events read per page while catching up with the log. */
export const TAIL_PAGE_EVENTS = 500;
/**
 * How often the tailer reads the log without being woken, ms: the safety net under the
 * wake-ups (a NOTIFY lost with its connection), so a missed wake-up costs at most this long.
 */
export const TAIL_POLL_MS = 2_000;
/** How soon a read that found a hole before a later sequence is tried again, ms. */
const HOLE_RETRY_MS = 50;

/** Told of each event of the log, once, in sequence order. */
export type TailListener = (event: MirsadEvent) => void;

/**
 * Follows the log by sequence and hands every event to its listener exactly once, in order,
 * whichever node wrote it. Events this node committed are offered as soon as they are durable
 * (no round trip through the store when nothing came between); everything else is read from
 * the store, from the last sequence delivered, when woken (LISTEN/NOTIFY on PostgreSQL) or
 * every TAIL_POLL_MS. A page that does not continue the sequence (a number still being
 * committed elsewhere) is cut at the hole and read again shortly: the tailer never skips.
 */
export class LogTailer {
  private delivered: number;
  private reading: Promise<void> | null = null;
  private isWakeQueued = false;
  private readonly timer: NodeJS.Timeout;
  private holeTimer: NodeJS.Timeout | null = null;
  private isStopped = false;

  constructor(
    private readonly store: Pick<EventStore, 'readEvents'>,
    /** The last sequence already handed on (the head when the node started). */
    after: number,
    private readonly listener: TailListener,
    pollMs = TAIL_POLL_MS,
    private readonly onError: (error: unknown) => void = (error) => {
      console.error('reading the log failed', error);
    },
  ) {
    this.delivered = after;
    this.timer = setInterval(() => {
      this.wake();
    }, pollMs);
    this.timer.unref();
  }

  /** The newest sequence handed to the listener. */
  get seq(): number {
    return this.delivered;
  }

  /** An event this node has just made durable: delivered now if it is next, else read in order with the rest. */
  offer(event: MirsadEvent): void {
    if (this.isStopped || event.seq <= this.delivered) return;
    if (event.seq === this.delivered + 1 && this.reading === null) {
      this.deliver(event);
      return;
    }
    this.wake();
  }

  /** Reads the log from the last sequence delivered; a wake-up during a read runs one more read after it. */
  wake(): void {
    if (this.isStopped) return;
    if (this.reading) {
      this.isWakeQueued = true;
      return;
    }
    this.reading = this.readAll()
      .catch(this.onError)
      .finally(() => {
        this.reading = null;
        if (this.isWakeQueued) {
          this.isWakeQueued = false;
          this.wake();
        }
      });
  }

  /** Resolves once everything up to `seq` has been handed on (tests, and the catch-up of a new leader). */
  async caughtUpTo(seq: number): Promise<void> {
    while (this.delivered < seq && !this.isStopped) {
      this.wake();
      await (this.reading ?? new Promise((resolve) => setTimeout(resolve, HOLE_RETRY_MS)));
    }
  }

  private deliver(event: MirsadEvent): void {
    this.delivered = event.seq;
    try {
      this.listener(event);
    } catch (error) {
      this.onError(error);
    }
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const page = await this.store.readEvents(this.delivered, TAIL_PAGE_EVENTS);
      if (this.isStopped) return;
      for (const event of page) {
        if (event.seq <= this.delivered) continue;
        if (event.seq !== this.delivered + 1) {
          // A later number is visible before an earlier one: wait for it rather than skip it.
          this.retrySoon();
          return;
        }
        this.deliver(event);
      }
      if (page.length < TAIL_PAGE_EVENTS) return;
    }
  }

  private retrySoon(): void {
    if (this.holeTimer) return;
    this.holeTimer = setTimeout(() => {
      this.holeTimer = null;
      this.wake();
    }, HOLE_RETRY_MS);
    this.holeTimer.unref();
  }

  /** Stops reading; nothing more is delivered. */
  async stop(): Promise<void> {
    this.isStopped = true;
    clearInterval(this.timer);
    if (this.holeTimer) clearTimeout(this.holeTimer);
    await this.reading;
  }
}
