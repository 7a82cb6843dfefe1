import type { MirsadEvent, NewMirsadEvent } from '@mirsad/shared';
import type { EventStore } from './store/event.store.js';

/** Told of each event once it is durable, in sequence order. */
export type EventListener = (event: MirsadEvent) => void;

/**
 * The one way into the log. Writes run one at a time, in call order, so that a service's
 * read-check-append (a version check, an idempotency lookup) is atomic, sequence numbers
 * follow call order, and listeners (the socket gateway) see events in log order.
 */
export class EventLog {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<EventListener>();

  constructor(readonly store: EventStore) {}

  /** Calls `listener` with every event after it is committed; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `work` after every write queued before it; nothing else writes while it runs. */
  serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Appends events in one transaction, all or none, then tells listeners of each; call only inside `serialised`. */
  async commitBatch(events: readonly NewMirsadEvent[]): Promise<MirsadEvent[]> {
    const stored = await this.store.appendBatch(events);
    for (const event of stored) for (const listener of this.listeners) listener(event);
    return stored;
  }

  /** Appends an event; call only inside `serialised`. */
  async commit(event: NewMirsadEvent): Promise<MirsadEvent> {
    const stored = await this.store.append(event);
    // Listeners run synchronously after the commit and before the next write starts, so a
    // broadcast can never overtake or fall behind the log's order.
    for (const listener of this.listeners) listener(stored);
    return stored;
  }
}
