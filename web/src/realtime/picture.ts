import {
  applyEvents,
  isActive,
  type Incident,
  type IncidentList,
  type MirsadEvent,
  type SectorId,
} from '@mirsad/shared';

/** Counts for the header and the sector chips, over every active incident whatever the filter. */
export interface PictureCounts {
  active: number;
  critical: number;
  bySector: ReadonlyMap<SectorId, number>;
}

/** What one fold changed: the ids of incidents added, updated or removed since `baseRevision`. */
export interface PictureChange {
  /** The revision this change was made on; a reader that saw another one starts over. */
  baseRevision: number;
  ids: readonly string[];
}

/**
 * How many of the latest folds' changes a picture keeps: a reader that missed fewer revisions
 * than this (React rendered once for several flushes, as it does when the page is busy) still
 * follows by the changes, instead of reading all 50,000 incidents again just when it is late.
 */
const KEPT_CHANGES = 256;

/** The shared, growing part of the pictures of one load: the incidents by id, and the newest revision. */
interface PictureBody {
  byId: Map<string, Incident>;
  revision: number;
  /** The latest folds' changes, oldest first, at most KEPT_CHANGES of them. */
  changes: PictureChange[];
  /** Kept up to date by each fold, so that the header's counts cost nothing per event. */
  critical: number;
  bySector: Map<SectorId, number>;
}

/** Adds (`by` 1) or takes away (`by` -1) an incident from the body's counts. */
function count(body: PictureBody, incident: Incident, by: 1 | -1): void {
  if (incident.severity === 5) body.critical += by;
  const inSector = (body.bySector.get(incident.sector) ?? 0) + by;
  if (inSector === 0) body.bySector.delete(incident.sector);
  else body.bySector.set(incident.sector, inSector);
}

/**
 * The active picture, normalized: the incidents by id, so that folding an event touches its
 * incident's entry only, whatever the picture's size (at 50,000 active incidents, copying the
 * whole picture for every event was what kept the room from its frame rate).
 *
 * Each fold returns a new Picture (react-query and React see a new reference) over the same
 * map, which the fold updated in place: a Picture is a handle on the newest state of its load,
 * not a frozen copy. `revision` and `changedSince` tell a reader what moved since the revision
 * it last read (see `selectors.ts`), so it can follow by the changes alone, even after missing
 * some; one too far behind (KEPT_CHANGES) reads the whole picture again.
 */
export class Picture {
  private listed: Incident[] | null = null;
  private counted: PictureCounts | null = null;

  private constructor(
    /** The log's sequence number this picture is current to. */
    readonly seq: number,
    private readonly body: PictureBody,
    /** Counts the folds of this load; the first picture of a load is revision 0. */
    readonly revision: number,
    /** What the fold that made this picture changed; null for the first of a load. */
    readonly change: PictureChange | null,
  ) {}

  /** A picture from `GET /api/incidents?scope=active`'s answer (or a test's list). */
  static from(list: IncidentList): Picture {
    const body: PictureBody = { byId: new Map(), revision: 0, changes: [], critical: 0, bySector: new Map() };
    for (const incident of list.incidents) {
      if (!isActive(incident) || body.byId.has(incident.id)) continue;
      body.byId.set(incident.id, incident);
      count(body, incident, 1);
    }
    return new Picture(list.seq, body, 0, null);
  }

  /**
   * The ids of the incidents added, updated or removed from `earlier` to this picture, each
   * once; null when `earlier` is of another load, later, or further back than the changes kept.
   */
  changedSince(earlier: Picture): readonly string[] | null {
    if (earlier.body !== this.body || earlier.revision > this.revision) return null;
    if (earlier.revision === this.revision) return [];
    const { changes } = this.body;
    const oldest = changes[0];
    if (!oldest || oldest.baseRevision > earlier.revision) return null;
    const ids = new Set<string>();
    for (const change of changes) {
      if (change.baseRevision < earlier.revision || change.baseRevision >= this.revision) continue;
      for (const id of change.ids) ids.add(id);
    }
    return [...ids];
  }

  /** One incident by id, if it is in the active picture. */
  get(id: string): Incident | undefined {
    return this.body.byId.get(id);
  }

  /** How many incidents the picture holds. */
  get size(): number {
    return this.body.byId.size;
  }

  /** The picture's counts (made once per picture, from counts each fold keeps). */
  get counts(): PictureCounts {
    this.counted ??= {
      active: this.body.byId.size,
      critical: this.body.critical,
      bySector: new Map(this.body.bySector),
    };
    return this.counted;
  }

  /** Every incident of the picture, in no particular order (made once per picture, on demand). */
  get incidents(): readonly Incident[] {
    this.listed ??= [...this.body.byId.values()];
    return this.listed;
  }

  /**
   * Folds events into the picture. Events at or below its `seq` are already in it and are
   * skipped, so a replayed batch cannot bring back an incident closed since: the same picture
   * comes back. Newer events fold in through shared's `applyEvents`, which keeps the higher
   * version of each incident; incidents that stop being active leave the picture, as they
   * would from `GET /api/incidents?scope=active`.
   */
  fold(events: readonly MirsadEvent[]): Picture {
    const fresh = events.filter((event) => event.seq > this.seq);
    if (fresh.length === 0) return this;
    if (this.revision !== this.body.revision) {
      throw new Error('a picture can only be folded at its newest revision');
    }
    const seq = fresh.reduce((highest, event) => Math.max(highest, event.seq), this.seq);
    const touched = new Map<string, Incident>();
    applyEvents(touched, fresh);
    const ids: string[] = [];
    const { byId } = this.body;
    for (const [id, next] of touched) {
      const held = byId.get(id);
      if (held && held.version >= next.version) continue;
      if (held) count(this.body, held, -1);
      if (isActive(next)) {
        byId.set(id, next);
        count(this.body, next, 1);
      } else if (held) byId.delete(id);
      else continue;
      ids.push(id);
    }
    this.body.revision += 1;
    const change: PictureChange = { baseRevision: this.revision, ids };
    this.body.changes.push(change);
    if (this.body.changes.length > KEPT_CHANGES) this.body.changes.shift();
    return new Picture(seq, this.body, this.body.revision, change);
  }
}

/** Folds events into a picture: see `Picture.fold`. */
export function applyEventsToPicture(picture: Picture, events: readonly MirsadEvent[]): Picture {
  return picture.fold(events);
}
