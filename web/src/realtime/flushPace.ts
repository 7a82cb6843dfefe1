/**
 * Events a second from which the room is in a storm (a cloudburst's reports, a thousand updates
 * in five seconds), and below which it is calm again: apart, so that a rate near one line does
 * not have the pace change at every flush.
 */
export const STORM_EVENTS_PER_S = 50;
export const CALM_EVENTS_PER_S = 25;

/**
 * Shortest time between two writes in a storm, in ms. Every write re-renders the list, the
 * header and the map's readers, and has the browser lay out, paint and draw a whole frame
 * again: on a machine drawing on the CPU (SwiftShader) a frame costs 0.2–0.5 s, so ten writes a
 * second in a burst kept it drawing all the time, and the page's own frames waited behind.
 * Twice a second still shows each change within half a second, with every event applied in order.
 */
export const STORM_FLUSH_INTERVAL_MS = 500;

/**
 * How often the realtime session writes events into the cache: every `calmIntervalMs`
 * (EVENT_FLUSH_INTERVAL_MS) while events come at a few a second, every STORM_FLUSH_INTERVAL_MS
 * while they pour in. The
 * rate is the events of the last write over the time since the one before; the first event
 * after a quiet spell is written at once (see `createCoalescer`), and that write ends a storm.
 */
export class FlushPace {
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private isStorm = false;

  constructor(
    /** Shortest time between two writes while calm, in ms. */
    private readonly calmIntervalMs: number,
  ) {}

  /** Notes a write of `events` events at `nowMs` (epoch ms), which sets the pace of the next. */
  noteFlush(events: number, nowMs: number): void {
    const elapsedS = (nowMs - this.lastFlushAt) / 1_000;
    this.lastFlushAt = nowMs;
    const perS = elapsedS > 0 ? events / elapsedS : 0;
    this.isStorm = perS >= (this.isStorm ? CALM_EVENTS_PER_S : STORM_EVENTS_PER_S);
  }

  /** Whether events are pouring in, as of the last write. */
  get isInStorm(): boolean {
    return this.isStorm;
  }

  /** Shortest time from the last write to the next, in ms. */
  intervalMs(): number {
    return this.isStorm ? Math.max(STORM_FLUSH_INTERVAL_MS, this.calmIntervalMs) : this.calmIntervalMs;
  }
}
