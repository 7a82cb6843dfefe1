import type { AuditEntry, MirsadEvent, NewMirsadEvent } from '@mirsad/shared';
import { requestAudit, type RequestAudit } from './auth/request-audit.js';
import type { EventStore } from './store/event.store.js';

/** Told of each event, in sequence order. */
export type EventListener = (event: MirsadEvent) => void;

/** Writes one audit entry; it must join the event store's open transaction (the same connection). */
export type AuditSink = (entry: Omit<AuditEntry, 'seq' | 'at'>) => Promise<unknown>;

/**
 * Most works one group commit runs: past this, the first work of a group waits too long for
 * the last. Works left over form the next group at once.
 */
export const MAX_GROUP_WORKS = 256;
/** A group starts no new work after running this long, ms, so an answer never waits on a long queue. */
export const MAX_GROUP_MS = 20;

interface QueuedWork {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The audit entry of the request that queued the work, when it came from one. */
  audit: RequestAudit | undefined;
}

type WorkOutcome =
  | {
      queued: QueuedWork;
      isDone: true;
      value: unknown;
      events: MirsadEvent[];
      /** The request's audit entry, when this work wrote it. */
      audited: RequestAudit | null;
    }
  | { queued: QueuedWork; isDone: false; error: unknown };

/**
 * The one way into the log, with group commit. Works run one at a time, in call order, so a
 * service's read-check-append (a version check, an idempotency lookup) is atomic and sequence
 * numbers follow call order. Works that queue up together run back to back inside one
 * transaction (each work's reads see the appends of the works before it) and are made durable
 * by one commit, one fsync; only then are listeners told of their events, in log order, and
 * are the works' callers answered. A work that throws undoes only its own appends.
 *
 * Works must await nothing but the store: the group's transaction is open while they run, and
 * anything else that reached the connection then would join it.
 */
export class EventLog {
  private readonly pending: QueuedWork[] = [];
  private isRunning = false;
  /** The events appended by the work running now; null outside a work. */
  private appended: MirsadEvent[] | null = null;
  private readonly durableListeners = new Set<EventListener>();
  private readonly appendListeners = new Set<EventListener>();
  private readonly discardListeners = new Set<(events: readonly MirsadEvent[]) => void>();

  constructor(
    readonly store: EventStore,
    private readonly recordAudit: AuditSink | null = null,
    /** How long a group may take in new works, ms; a test of grouping widens it so load cannot split a group. */
    private readonly maxGroupMs = MAX_GROUP_MS,
  ) {}

  /** Calls `listener` with every event once it is durable, in log order; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  /**
   * Calls `listener` with every event as it is appended, before it is durable: for in-memory
   * state that later works of the same group must see (a unit's status). `onDiscard` is told
   * when appended events are undone after all. Never for anything seen outside the process.
   */
  onAppend(listener: EventListener): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Calls `listener` with events that were appended and then undone (a failed work or group). */
  onDiscard(listener: (events: readonly MirsadEvent[]) => void): () => void {
    this.discardListeners.add(listener);
    return () => this.discardListeners.delete(listener);
  }

  /**
   * Runs `work` after every write queued before it; nothing else writes while it runs. Resolves
   * once what it appended is durable.
   */
  serialised<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
        audit: requestAudit.getStore(),
      });
      this.schedule();
    });
  }

  /** Appends events in one go, all or none, in the running work (imports); call only inside `serialised`. */
  async commitBatch(events: readonly NewMirsadEvent[]): Promise<MirsadEvent[]> {
    const appended = this.requireWork();
    const stored = await this.store.appendBatch(events);
    appended.push(...stored);
    for (const event of stored) for (const listener of this.appendListeners) listener(event);
    return stored;
  }

  /** Appends an event to the running work; call only inside `serialised`. */
  async commit(event: NewMirsadEvent): Promise<MirsadEvent> {
    const appended = this.requireWork();
    const stored = await this.store.append(event);
    appended.push(stored);
    for (const listener of this.appendListeners) listener(stored);
    return stored;
  }

  private requireWork(): MirsadEvent[] {
    if (!this.appended) throw new Error('EventLog.commit runs only inside serialised()');
    return this.appended;
  }

  private schedule(): void {
    if (this.isRunning || this.pending.length === 0) return;
    this.isRunning = true;
    // setImmediate runs after the poll phase, so every request that arrived with this one (or
    // during the last group's fsync) is parsed and queued before the group starts.
    setImmediate(() => {
      // Outside the context of the request that happened to start it: what the group sets off
      // (a listener's own write) must not be taken for that request's doing.
      requestAudit.exit(() => {
        void this.runGroup().finally(() => {
          this.isRunning = false;
          this.schedule();
        });
      });
    });
  }

  private async runGroup(): Promise<void> {
    try {
      await this.store.beginGroup();
    } catch (error) {
      for (const queued of this.pending.splice(0)) queued.reject(error);
      return;
    }
    const started = performance.now();
    const outcomes: WorkOutcome[] = [];
    let groupFailure: Error | null = null;
    while (
      this.pending.length > 0 &&
      outcomes.length < MAX_GROUP_WORKS &&
      performance.now() - started < this.maxGroupMs
    ) {
      const queued = this.pending.shift();
      if (!queued) break;
      const { outcome, lostGroup } = await this.runWork(queued);
      outcomes.push(outcome);
      if (lostGroup !== null) {
        groupFailure = lostGroup;
        break;
      }
    }
    try {
      // The store has already undone the whole group when it reports it lost.
      if (groupFailure !== null) throw groupFailure;
      await this.store.commitGroup();
    } catch (error) {
      this.discard(outcomes.flatMap((outcome) => (outcome.isDone ? outcome.events : [])));
      for (const outcome of outcomes) {
        if (outcome.isDone && outcome.audited) outcome.audited.isRecorded = false;
        outcome.queued.reject(error);
      }
      return;
    }
    // Durable: tell listeners in log order, then answer each work's caller.
    for (const outcome of outcomes) {
      if (!outcome.isDone) continue;
      for (const event of outcome.events) for (const listener of this.durableListeners) listener(event);
    }
    for (const outcome of outcomes) {
      if (outcome.isDone) outcome.queued.resolve(outcome.value);
      else outcome.queued.reject(outcome.error);
    }
  }

  /** Runs one work inside its own savepoint; `lostGroup` when SQLite dropped the whole transaction. */
  private async runWork(queued: QueuedWork): Promise<{ outcome: WorkOutcome; lostGroup: Error | null }> {
    const appended: MirsadEvent[] = [];
    this.appended = appended;
    let audited: RequestAudit | null = null;
    try {
      await this.store.beginWork();
      const value = await (this.store.runWork ? this.store.runWork(queued.work) : queued.work());
      audited = await this.auditInGroup(queued.audit, appended);
      await this.store.endWork(true);
      return { outcome: { queued, isDone: true, value, events: appended, audited }, lostGroup: null };
    } catch (error) {
      if (audited) audited.isRecorded = false;
      let lostGroup: Error | null = null;
      try {
        await this.store.endWork(false);
      } catch (lost) {
        lostGroup = lost instanceof Error ? lost : new Error('the group transaction was lost');
      }
      // After the rollback, so a listener that reads the store back sees it undone.
      this.discard(appended);
      return { outcome: { queued, isDone: false, error }, lostGroup };
    } finally {
      this.appended = null;
    }
  }

  /**
   * Writes the audit entry of the request whose work appended events, inside that work: the
   * change and the record of who made it commit together or not at all.
   */
  private async auditInGroup(
    audit: RequestAudit | undefined,
    events: readonly MirsadEvent[],
  ): Promise<RequestAudit | null> {
    const first = events[0];
    const last = events.at(-1);
    if (!audit || audit.isRecorded || audit.isClosed || !this.recordAudit || !first || !last) return null;
    await this.recordAudit({
      ...audit.entry,
      outcome: 'ok',
      // The events the request committed, so the trail points into the log.
      detail: first === last ? `seq ${first.seq}` : `seq ${first.seq}-${last.seq}`,
    });
    audit.isRecorded = true;
    return audit;
  }

  private discard(events: readonly MirsadEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.discardListeners) listener(events);
  }
}
