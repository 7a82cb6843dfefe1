import { createHash } from 'node:crypto';
import {
  CLUSTER_ALPHA,
  CLUSTER_WINDOW_DEFAULT_DAYS,
  MONTE_CARLO_REPLICATIONS,
  PATTERN_GROUP_IDS,
  distanceMetres,
  mayAcknowledgePattern,
  maySeePattern,
  patternGroupById,
  patternGroupOf,
  patternGroupsMatching,
  patternSectorsInView,
  standingIn,
  type Cluster,
  type ClusterList,
  type ClusterQuery,
  type ForecastList,
  type ForecastQuery,
  type HotspotList,
  type HotspotQuery,
  type MirsadEvent,
  type NearRepeatList,
  type NearRepeatQuery,
  type Pattern,
  type PatternAcknowledge,
  type PatternGroupId,
  type PatternList,
  type PatternQuery,
  type Principal,
  type SectorId,
} from '@mirsad/shared';
import { ensure, forbidden, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { orderedId } from '../store/ordered-id.js';
import { personOf } from '../incidents/incident.service.js';
import type { FoundCluster } from './analysis.js';
import type { PatternPool } from './pattern.pool.js';

/** A series is alerted (a `pattern.detected` appended) at this p-value or below: by chance once in 100 days of daily scans. */
export const PATTERN_ALERT_MAX_P = 0.01;

/** How long the scan waits after a report for more before it runs, ms (a burst of reports is one run). */
export const PATTERN_DEBOUNCE_MS = 5_000;

/**
 * The least time between the starts of two scans of one log, ms. A scan reads the log's month
 * and runs 999 replications on a core; under a steady stream of reports (a busy room never
 * pauses for the debounce) it would otherwise run back to back and keep a core of two busy.
 * A series planted now is still shown within a minute: this, plus the debounce at worst, plus
 * the scan itself (seconds).
 */
export const PATTERN_MIN_INTERVAL_MS = 30_000;

/** How often every watched log is scanned again even without reports, ms, so a series that stops ends. */
export const PATTERN_RESCAN_INTERVAL_MS = 3_600_000;

/** The actor of the analysis's own events. */
export const PATTERN_ACTOR = 'source:pattern-watch';

/** Answers kept per log for repeated questions, until its cases change. */
const CACHE_MAX = 64;
/**
 * How long an answer for "now" (a question without `at`) serves later questions while the log's
 * cases are unchanged, ms: every room and wall asks every few minutes, and each exact moment
 * would otherwise cost the worker a computation of its own (seconds for a scan). A report of a
 * scanned category makes the answers stale at once, whatever their age.
 */
export const PATTERN_NOW_REUSE_MS = 60_000;

/** What a service is tuned with (tests make the scan smaller and quicker). */
export interface PatternOptions {
  replications: number;
  seed: number;
  debounceMs: number;
  minIntervalMs: number;
}

/** The defaults: SaTScan's 999 replications, a fixed seed (a p-value is the same when asked twice). */
export const DEFAULT_PATTERN_OPTIONS: PatternOptions = {
  replications: MONTE_CARLO_REPLICATIONS,
  seed: 14,
  debounceMs: PATTERN_DEBOUNCE_MS,
  minIntervalMs: PATTERN_MIN_INTERVAL_MS,
};

const keyOf = (exerciseId: string | null): string => exerciseId ?? '';

/** The moment a question is asked about: a given one, or now (`isFresh`: compute, never reuse). */
interface Moment {
  at: number;
  isNow: boolean;
  isFresh?: boolean;
}

/** A stable UUID for a cluster that is not (yet) a series in the log, from what it is made of. */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Whether a found cluster is the same series as a pattern: same group and a shared incident, or overlapping circles. */
function isSameSeries(cluster: FoundCluster, pattern: Pattern): boolean {
  if (cluster.group !== pattern.cluster.group) return false;
  const ids = new Set(pattern.cluster.incidentIds);
  if (cluster.incidentIds.some((id) => ids.has(id))) return true;
  return (
    distanceMetres(cluster.center, pattern.cluster.center) <=
    Math.max(cluster.radiusM, pattern.cluster.radiusM)
  );
}

/**
 * Pattern watch: runs the analysis in its worker as reports arrive (debounced), turns a new
 * significant series into `pattern.detected` and a finished one into `pattern.ended`, answers
 * the `/api/patterns` questions for the sectors each caller sees, and records acknowledgements.
 * Each exercise has its own scan of its own reports; the live scan never sees them.
 */
export class PatternService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** When each log's last scan started, ms (performance.now()). */
  private readonly lastScanAt = new Map<string, number>();
  /** Bumped when a log's cases change: cached answers of an older version are stale. */
  private readonly versions = new Map<string, number>();
  private readonly cache = new Map<string, { version: number; madeAt: number; value: Promise<unknown> }>();
  private readonly watched = new Set<string | null>([null]);
  private rescanTimer: NodeJS.Timeout | null = null;
  private isClosed = false;
  /**
   * Whether this node scans (and appends what scans find). One node at a time leads, so two
   * nodes never detect the same series twice; every node answers the GET routes.
   */
  private isLeading = false;
  /** Logs whose cases changed while another node led: a node that takes over scans them. */
  private readonly changedWhileFollowing = new Set<string | null>();

  constructor(
    private readonly log: EventLog,
    private readonly pool: PatternPool,
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
    private readonly options: PatternOptions = DEFAULT_PATTERN_OPTIONS,
  ) {}

  /**
   * Starts watching the log's events, every node's (`events`; this node's log alone when it is
   * the only one): reports of scanned categories make cached answers stale and, on the leading
   * node, schedule a scan of their log.
   */
  start(events: { onEvent(listener: (event: MirsadEvent) => void): unknown } = this.log): void {
    events.onEvent((event) => {
      this.onEvent(event);
    });
    this.rescanTimer = setInterval(() => {
      for (const exerciseId of this.watched) this.schedule(exerciseId);
    }, PATTERN_RESCAN_INTERVAL_MS);
    this.rescanTimer.unref();
  }

  private onEvent(event: MirsadEvent): void {
    if (event.type !== 'incident.reported' && event.type !== 'incident.updated') return;
    const incident = event.data.incident;
    if (patternGroupOf(incident.sector, incident.category) === null) {
      if (event.type === 'incident.reported' || !event.data.changes.category) return;
    }
    this.changed(event.exerciseId);
    this.schedule(event.exerciseId);
  }

  /** The log's cases changed (reports, a history load): answers are computed again. */
  changed(exerciseId: string | null): void {
    const key = keyOf(exerciseId);
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
    this.watched.add(exerciseId);
    if (!this.isLeading) this.changedWhileFollowing.add(exerciseId);
  }

  /**
   * This node leads now: it scans, first the logs whose cases changed while another node led,
   * then every log with a series still active. A series ends only when a scan no longer finds
   * it, and a node that started after an exercise's last report has never heard of that log:
   * without this, its series would stay active until the exercise's next report, if any.
   */
  async lead(): Promise<void> {
    this.isLeading = true;
    for (const exerciseId of this.changedWhileFollowing) this.schedule(exerciseId);
    this.changedWhileFollowing.clear();
    try {
      // One read over every log, not one per exercise: years of exercises would each cost one.
      for (const exerciseId of await this.log.store.logsWithEntities('pattern', ['active'])) {
        // Watched from now on: the hourly rescan ends the series as its window moves past it.
        this.watched.add(exerciseId);
        this.schedule(exerciseId);
      }
    } catch {
      // The store could not be read: these logs are scanned with their next report, as before.
    }
  }

  /** This node no longer leads: it stops scheduling scans (one running finishes). */
  follow(): void {
    this.isLeading = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Schedules a scan of a log after the debounce, and no sooner than the least interval after
   * its last scan; reports meanwhile join it. A pending scan is never put off again, so a
   * steady stream of reports cannot starve it. Only the leading node scans.
   */
  schedule(exerciseId: string | null): void {
    if (this.isClosed || !this.isLeading) return;
    const key = keyOf(exerciseId);
    if (this.timers.has(key)) return;
    const last = this.lastScanAt.get(key);
    const sinceLast = last === undefined ? Infinity : performance.now() - last;
    const delay = Math.max(this.options.debounceMs, this.options.minIntervalMs - sinceLast);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.scanNow(exerciseId).catch(() => {
        // A failed scan is tried again with the next report or the hourly rescan.
      });
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  /**
   * Scans a log now (after a scan already running for it) and records what it finds in the
   * log: new series detected, finished ones ended. Resolves once the events are durable.
   */
  scanNow(exerciseId: string | null): Promise<void> {
    const key = keyOf(exerciseId);
    const current = this.running.get(key);
    if (current) {
      return current.then(() => this.scanNow(exerciseId));
    }
    this.lastScanAt.set(key, performance.now());
    const run = (async () => {
      try {
        const at = this.now().getTime();
        const found = await this.scan(
          exerciseId,
          { at, isNow: true, isFresh: true },
          CLUSTER_WINDOW_DEFAULT_DAYS,
        );
        if (!this.isClosed) await this.record(exerciseId, found);
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, run);
    return run;
  }

  private scan(exerciseId: string | null, moment: Moment, days: number): Promise<FoundCluster[]> {
    const { at } = moment;
    return this.cached(exerciseId, moment, `scan:${days}`, () =>
      this.pool.run({
        kind: 'scan',
        exerciseId,
        at,
        days,
        groups: [...PATTERN_GROUP_IDS],
        replications: this.options.replications,
        seed: this.options.seed,
      }),
    );
  }

  /**
   * An answer of the worker, computed once per log version and moment: a question for "now" is
   * answered from one computed within PATTERN_NOW_REUSE_MS, a fresh one (a scheduled scan)
   * always computes and then serves the others.
   */
  private cached<T>(
    exerciseId: string | null,
    moment: Moment,
    what: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = `${keyOf(exerciseId)}|${moment.isNow ? 'now' : moment.at}|${what}`;
    const version = this.versions.get(keyOf(exerciseId)) ?? 0;
    const hit = this.cache.get(key);
    const madeAt = performance.now();
    if (
      hit &&
      hit.version === version &&
      !moment.isFresh &&
      (!moment.isNow || madeAt - hit.madeAt <= PATTERN_NOW_REUSE_MS)
    )
      return hit.value as Promise<T>;
    const value = compute();
    value.catch(() => this.cache.delete(key));
    this.cache.delete(key);
    this.cache.set(key, { version, madeAt, value });
    if (this.cache.size > CACHE_MAX) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  /**
   * Appends `pattern.detected` for each new alerting series and `pattern.ended` for each that is
   * no longer found. They are stamped when they enter the log, not when the scan began (which
   * may be many seconds earlier on a busy server): a log's events keep the order of their `at`,
   * which finding a moment's sequence relies on.
   */
  private async record(exerciseId: string | null, found: readonly FoundCluster[]): Promise<void> {
    // Most scans change nothing: they then never queue behind (or hold up) the room's writes.
    const before = await this.log.store.listEntities<Pattern>('pattern', exerciseId, ['active']);
    if (before.length === 0 && !found.some((cluster) => cluster.pValue <= PATTERN_ALERT_MAX_P)) return;
    await this.log.serialised(async () => {
      const active = await this.log.store.listEntities<Pattern>('pattern', exerciseId, ['active']);
      const at = this.now().toISOString();
      const alive = new Set<string>();
      for (const cluster of found) {
        const series = active.find((pattern) => isSameSeries(cluster, pattern));
        if (series) {
          alive.add(series.id);
          continue;
        }
        if (cluster.pValue > PATTERN_ALERT_MAX_P) continue;
        const pattern: Pattern = {
          id: orderedId(),
          status: 'active',
          exerciseId,
          sectors: cluster.sectors,
          cluster: { ...cluster, id: '' },
          detectedAt: at,
          endedAt: null,
          acknowledgements: [],
        };
        pattern.cluster.id = pattern.id;
        active.push(pattern);
        alive.add(pattern.id);
        await this.log.commit({
          id: orderedId(),
          type: 'pattern.detected',
          at,
          actor: PATTERN_ACTOR,
          exerciseId,
          sectors: pattern.sectors,
          data: { pattern },
        });
      }
      for (const pattern of active) {
        if (alive.has(pattern.id)) continue;
        const ended: Pattern = { ...pattern, status: 'ended', endedAt: at };
        await this.log.commit({
          id: orderedId(),
          type: 'pattern.ended',
          at,
          actor: PATTERN_ACTOR,
          exerciseId,
          sectors: pattern.sectors,
          data: { pattern: ended },
        });
      }
    });
  }

  /** The sectors a caller sees of a log's analysis; 403 when none or outside the exercise. */
  private viewOf(by: Principal, exerciseId: string | null): readonly SectorId[] | null {
    const members = exerciseId === null ? null : this.roster.require(exerciseId);
    ensure(standingIn(by, exerciseId, members) !== 'outside', `you are not in exercise ${exerciseId ?? ''}`);
    const view = patternSectorsInView(by, exerciseId, members);
    if (view !== null && view.length === 0)
      throw forbidden(
        `a ${by.role} sees no sectors' patterns in ${exerciseId === null ? 'the live picture' : `exercise ${exerciseId}`}`,
      );
    return view;
  }

  /** The groups a caller may ask about: those named (all when none) whose sectors they see. */
  private groupsFor(
    view: readonly SectorId[] | null,
    names: readonly string[] | undefined,
    sectors?: readonly SectorId[],
  ): PatternGroupId[] {
    return patternGroupsMatching(names).filter((group) => {
      const owners = patternGroupById(group).categories.map((c) => c.sector);
      return (
        (view === null || owners.some((s) => view.includes(s))) &&
        (!sectors || owners.some((s) => sectors.includes(s)))
      );
    });
  }

  private momentOf(at: string | undefined): Moment {
    return at ? { at: Date.parse(at), isNow: false } : { at: this.now().getTime(), isNow: true };
  }

  /** `GET /api/patterns/clusters`: the significant clusters alive at `at` that the caller sees. */
  async clusters(by: Principal, query: ClusterQuery): Promise<ClusterList> {
    const exerciseId = query.exercise ?? null;
    const view = this.viewOf(by, exerciseId);
    const groups = this.groupsFor(view, query.category, query.sector);
    const moment = this.momentOf(query.at);
    const found = await this.scan(exerciseId, moment, query.days);
    const patterns = await this.log.store.listEntities<Pattern>('pattern', exerciseId);
    const clusters: Cluster[] = found
      .filter((cluster) => groups.includes(cluster.group) && cluster.pValue <= CLUSTER_ALPHA)
      .map((cluster) => {
        const series = patterns.find((pattern) => isSameSeries(cluster, pattern));
        return { ...cluster, id: series?.id ?? uuidOf(`${cluster.group}|${cluster.incidentIds.join(',')}`) };
      });
    return { at: new Date(moment.at).toISOString(), clusters };
  }

  /** `GET /api/patterns/near-repeats`: the Knox test and zones of the property-crime groups the caller sees. */
  async nearRepeats(by: Principal, query: NearRepeatQuery): Promise<NearRepeatList> {
    const exerciseId = query.exercise ?? null;
    const view = this.viewOf(by, exerciseId);
    const groups = this.groupsFor(view, query.category, query.sector).filter(
      (group) => patternGroupById(group).hasNearRepeats,
    );
    const moment = this.momentOf(query.at);
    const { at } = moment;
    const result = await this.cached(exerciseId, moment, `near:${groups.join(',')}`, () =>
      this.pool.run({
        kind: 'near-repeats',
        exerciseId,
        at,
        groups,
        replications: this.options.replications,
        seed: this.options.seed,
      }),
    );
    return { at: new Date(at).toISOString(), groups: result };
  }

  /** `GET /api/patterns/hotspots`: the emerging hot spots of one group the caller sees. */
  async hotspots(by: Principal, query: HotspotQuery): Promise<HotspotList> {
    const exerciseId = query.exercise ?? null;
    const view = this.viewOf(by, exerciseId);
    const [group] = patternGroupsMatching([query.category]);
    if (!group)
      throw new HttpError(
        400,
        'bad_request',
        `invalid query: ${query.category} is not a scanned category or group`,
        [
          {
            path: 'query.category',
            message: `one of ${PATTERN_GROUP_IDS.join(', ')} or one of their categories`,
          },
        ],
      );
    ensure(this.groupsFor(view, [group]).length > 0, `you do not see the sectors of ${group}`);
    const moment = this.momentOf(query.at);
    const { at } = moment;
    return this.cached(exerciseId, moment, `hot:${group}`, () =>
      this.pool.run({ kind: 'hotspots', exerciseId, at, group }),
    );
  }

  /** `GET /api/patterns/forecast`: the next hours' riskiest cells, over the groups the caller sees. */
  async forecast(by: Principal, query: ForecastQuery): Promise<ForecastList> {
    const exerciseId = query.exercise ?? null;
    const view = this.viewOf(by, exerciseId);
    const groups = this.groupsFor(view, query.category);
    const moment = this.momentOf(query.at);
    const { at } = moment;
    return this.cached(exerciseId, moment, `forecast:${query.hours}:${query.top}:${groups.join(',')}`, () =>
      this.pool.run({ kind: 'forecast', exerciseId, at, hours: query.hours, top: query.top, groups }),
    );
  }

  /** `GET /api/patterns`: the log's series the caller sees, newest first. */
  async list(by: Principal, query: PatternQuery): Promise<PatternList> {
    const exerciseId = query.exercise ?? null;
    this.viewOf(by, exerciseId);
    const members = this.roster.of(exerciseId);
    const patterns = await this.log.store.listEntities<Pattern>(
      'pattern',
      exerciseId,
      query.scope === 'active' ? ['active'] : undefined,
    );
    return {
      patterns: patterns
        .filter((pattern) => maySeePattern(by, pattern, members))
        .sort((a, b) => b.detectedAt.localeCompare(a.detectedAt)),
    };
  }

  /** `POST /api/patterns/:id/acknowledge`: an officer of its sectors or a commander answers the alert. */
  acknowledge(by: Principal, id: string, body: PatternAcknowledge): Promise<Pattern> {
    return this.log.serialised(async () => {
      const current = await this.log.store.getEntity<Pattern>('pattern', id);
      const members = current ? this.roster.of(current.exerciseId) : null;
      // One that the caller may not see is answered as one that does not exist.
      if (!current || !maySeePattern(by, current, members)) throw notFound(`pattern ${id}`);
      ensure(
        mayAcknowledgePattern(by, current, members),
        'only an officer of the pattern’s sectors, or a commander, acknowledges it',
      );
      const person = personOf(by);
      if (current.acknowledgements.some((a) => a.by === person.actor))
        throw new HttpError(409, 'conflict', `you already acknowledged pattern ${id}`);
      const acknowledgement = {
        by: person.actor,
        displayName: person.displayName,
        at: this.now().toISOString(),
        note: body.note ?? null,
      };
      const pattern: Pattern = {
        ...current,
        acknowledgements: [...current.acknowledgements, acknowledgement],
      };
      await this.log.commit({
        id: orderedId(),
        type: 'pattern.acknowledged',
        at: acknowledgement.at,
        actor: person.actor,
        exerciseId: pattern.exerciseId,
        sectors: pattern.sectors,
        data: { pattern, acknowledgement },
      });
      return pattern;
    });
  }

  /** Stops scheduling, waits for scans in flight. */
  async close(): Promise<void> {
    this.isClosed = true;
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}
