import {
  emptyPictureState,
  foldPicture,
  parsePictureState,
  serialisePictureState,
  type MirsadEvent,
  type Picture,
  type PictureState,
  type UnitPosition,
} from '@mirsad/shared';
import type { EventLog } from '../event-log.js';
import type { EventStore } from '../store/event.store.js';

/**
 * A snapshot of the live picture is written every this many events: replay folds at most this
 * many. Folding runs at about 25,000 events a second on a busy 2-core machine, so 1,000 keeps a
 * replay's fold near 40 ms, well inside its 300 ms; each snapshot costs the size of the open
 * picture (about 200 KB with 300 incidents open).
 */
export const SNAPSHOT_INTERVAL_EVENTS = 1_000;
/** Events read per page while folding, to bound memory. */
const FOLD_PAGE_EVENTS = 5_000;
/** A unit's position is kept for replay at most this often, ms. */
export const POSITION_HISTORY_INTERVAL_MS = 30_000;

const isLive = (event: MirsadEvent): boolean => event.exerciseId === null;

/** Runs a store write: at once, or queued into the log's next group commit (`EventLog.serialised`). */
export type SnapshotWriter = (write: () => Promise<void>) => Promise<void>;

/**
 * The picture at any moment, rebuilt from the log: the newest snapshot before the moment,
 * then the events after it, folded with the same pure function the clients use.
 */
export class ReplayService {
  private live: PictureState = emptyPictureState();
  private lastSnapshotSeq = 0;
  private snapshotting: Promise<void> = Promise.resolve();
  private readonly lastRecorded = new Map<string, number>();
  private pendingPositions: { unitId: string; position: UnitPosition }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly snapshotInterval = SNAPSHOT_INTERVAL_EVENTS,
    /**
     * Whether this node writes the snapshots: on several nodes, the leader alone (every node
     * folds the same log into the same picture, so one writer is enough).
     */
    private readonly isSnapshotWriter: () => boolean = () => true,
    /**
     * How a snapshot reaches the store. The live server on SQLite queues it into the log's next
     * group commit: written on its own, it was a commit at synchronous=FULL, whose fsync of
     * the snapshot (7 MB with 10,000 incidents open) held the event loop.
     */
    private readonly writeSnapshot: SnapshotWriter = (write) => write(),
  ) {}

  /**
   * Builds the live picture from the newest snapshot and the events up to `head` (the log's
   * head now when left out), then follows the events `log` tells of after it: this node's log,
   * or on several nodes the tailer that hands on everyone's.
   */
  async start(log: Pick<EventLog, 'onEvent'>, head?: number): Promise<void> {
    head ??= await this.store.headSeq();
    const snapshot = await this.store.snapshotAtOrBefore(head);
    this.live = snapshot ? parsePictureState(snapshot.json) : emptyPictureState();
    this.lastSnapshotSeq = snapshot?.seq ?? 0;
    await this.fold(this.live, this.live.seq, head);
    log.onEvent((event) => {
      this.follow(event);
    });
  }

  private follow(event: MirsadEvent): void {
    if (isLive(event)) foldPicture(this.live, event);
    else this.live.seq = event.seq;
    if (event.seq - this.lastSnapshotSeq < this.snapshotInterval) return;
    this.lastSnapshotSeq = event.seq;
    if (!this.isSnapshotWriter()) return;
    const json = serialisePictureState(this.live);
    // Written after the event's own commit; a snapshot lost in a crash is simply rebuilt later.
    this.snapshotting = this.snapshotting
      .then(() => this.writeSnapshot(() => this.store.saveSnapshot(event.seq, json)))
      .catch((error: unknown) => {
        console.error('saving a snapshot failed', error);
      });
  }

  private async fold(state: PictureState, after: number, upTo: number): Promise<void> {
    let cursor = after;
    while (cursor < upTo) {
      const page = await this.store.readEvents(cursor, FOLD_PAGE_EVENTS, upTo);
      const last = page.at(-1);
      if (!last) break;
      for (const event of page) {
        if (isLive(event)) foldPicture(state, event);
      }
      state.seq = last.seq;
      cursor = last.seq;
    }
  }

  /** The live picture as it stood at `at`: active incidents, units with their positions then, open shelters. */
  async pictureAt(at: Date): Promise<Picture> {
    const iso = at.toISOString();
    const seq = await this.store.seqAt(iso);
    const snapshot = await this.store.snapshotAtOrBefore(seq);
    const state = snapshot ? parsePictureState(snapshot.json) : emptyPictureState();
    await this.fold(state, state.seq, seq);
    const positions = await this.store.positionsAt(iso);
    return {
      at: iso,
      seq,
      incidents: [...state.incidents.values()].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt)),
      units: [...state.units.values()].map((unit) => ({ ...unit, position: positions.get(unit.id) ?? null })),
      shelters: [...state.shelters.values()],
    };
  }

  /** Samples a unit's position for replay, at most once per POSITION_HISTORY_INTERVAL_MS. */
  samplePosition(unitId: string, position: UnitPosition): void {
    const atMs = Date.parse(position.at);
    const last = this.lastRecorded.get(unitId);
    if (last !== undefined && atMs - last < POSITION_HISTORY_INTERVAL_MS) return;
    this.lastRecorded.set(unitId, atMs);
    this.pendingPositions.push({ unitId, position });
  }

  /** Writes the sampled positions. */
  async flushPositions(): Promise<void> {
    if (this.pendingPositions.length === 0) return;
    const batch = this.pendingPositions;
    this.pendingPositions = [];
    await this.store.recordPositionHistory(batch);
  }

  /** Waits for snapshots being written, then writes pending positions. */
  async drain(): Promise<void> {
    await this.snapshotting;
    await this.flushPositions();
  }
}
