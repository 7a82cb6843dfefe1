import {
  emptyPictureState,
  foldPicture,
  parsePictureState,
  type Incident,
  type MirsadEvent,
  type Picture,
  type PictureState,
  type Shelter,
  type Unit,
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
/**
 * Open incidents a snapshot holds per event between two snapshots: past SNAPSHOT_INTERVAL_EVENTS ×
 * this, snapshots come less often, so a storm's picture (50,000 incidents open, 35 MB a snapshot)
 * is not written again every 1,000 events. The snapshot's cost per event stays about this many
 * incidents, and a replay's fold grows with the picture it has to parse anyway.
 */
export const SNAPSHOT_INCIDENTS_PER_EVENT = 5;
/**
 * Incidents serialised per turn of the event loop while a snapshot is written (about 4 ms each):
 * 50,000 serialised in one go held the loop for 212 ms, in the middle of a storm.
 */
export const SNAPSHOT_SLICE_INCIDENTS = 1_000;
/** Events read per page while folding, to bound memory. */
const FOLD_PAGE_EVENTS = 5_000;
/** A unit's position is kept for replay at most this often, ms. */
export const POSITION_HISTORY_INTERVAL_MS = 30_000;

const isLive = (event: MirsadEvent): boolean => event.exerciseId === null;

/** Runs a store write: at once, or queued into the log's next group commit (`EventLog.serialised`). */
export type SnapshotWriter = (write: () => Promise<void>) => Promise<void>;

/** A picture state's entries at one moment, in `serialisePictureState`'s order. */
interface PictureCopy {
  seq: number;
  incidents: readonly Incident[];
  units: readonly Unit[];
  shelters: readonly Shelter[];
}

/**
 * The same text as `serialisePictureState`, with the incidents serialised a slice per turn of
 * the event loop so that a big picture does not hold it.
 */
export async function serialiseInSlices(picture: PictureCopy): Promise<string> {
  const slices: string[] = [];
  for (let start = 0; start < picture.incidents.length; start += SNAPSHOT_SLICE_INCIDENTS) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    // `[a,b]` without its brackets, to be joined with the other slices.
    slices.push(
      JSON.stringify(picture.incidents.slice(start, start + SNAPSHOT_SLICE_INCIDENTS)).slice(1, -1),
    );
  }
  const units = JSON.stringify(picture.units);
  const shelters = JSON.stringify(picture.shelters);
  return `{"seq":${JSON.stringify(picture.seq)},"incidents":[${slices.join(',')}],"units":${units},"shelters":${shelters}}`;
}

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
    const interval = Math.max(
      this.snapshotInterval,
      Math.ceil(this.live.incidents.size / SNAPSHOT_INCIDENTS_PER_EVENT),
    );
    if (event.seq - this.lastSnapshotSeq < interval) return;
    this.lastSnapshotSeq = event.seq;
    if (!this.isSnapshotWriter()) return;
    // The picture as it stands now, by reference: folding replaces an incident, unit or shelter
    // with the object of a newer event and never changes one in place, so the copy stays this
    // moment's picture while later events are folded during its serialisation.
    const picture: PictureCopy = {
      seq: event.seq,
      incidents: [...this.live.incidents.values()],
      units: [...this.live.units.values()],
      shelters: [...this.live.shelters.values()],
    };
    // Written after the event's own commit; a snapshot lost in a crash is simply rebuilt later.
    this.snapshotting = this.snapshotting
      .then(async () => {
        const json = await serialiseInSlices(picture);
        await this.writeSnapshot(() => this.store.saveSnapshot(picture.seq, json));
      })
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
