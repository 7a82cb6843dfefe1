import {
  DECISIONS_MAX,
  REVIEW_RANGE_MAX_DAYS,
  RESPONSE_BUCKETS_S,
  RESPONSE_MILESTONES,
  SECTOR_IDS,
  emptyPictureState,
  foldPicture,
  incidentsAfter,
  isActive,
  matchesReviewFilter,
  patternMatchesReviewFilter,
  secondsToMilestone,
  unitAfter,
  type ClientConfig,
  type Decision,
  type Incident,
  type MirsadEvent,
  type Moment,
  type MomentsPage,
  type Picture,
  type ResponseDistribution,
  type ResponseMilestone,
  type ReviewFilter,
  type ReviewSummary,
  type SectorId,
  type Unit,
  quantileSorted,
  rangeProblem,
} from '@mirsad/shared';
import { HttpError } from '../errors.js';
import type { EventStore } from '../store/event.store.js';
import type { ReplayService } from './replay.service.js';

/** Events read per page while scanning the log: a page of parsed events dies young, before the garbage collector moves it to the old generation. */
const SCAN_PAGE_EVENTS = 1_000;
/** Most samples of the over-time series; the step grows with the range. */
const MAX_SAMPLES = 240;
/** The smallest step between samples, ms. */
const MIN_SAMPLE_STEP_MS = 60_000;
const HOUR_MS = 3_600_000;
const BUSY_UNIT_STATUSES: ReadonlySet<Unit['status']> = new Set(['assigned', 'en_route', 'on_scene']);

/**
 * What the review keeps of an incident while it folds a month (hundreds of thousands of them):
 * no description, location or contributions, so the fold's heap stays small and the garbage
 * collector, which took more than a quarter of a month's summary, has less to walk.
 */
type ReviewedIncident = Pick<
  Incident,
  | 'id'
  | 'version'
  | 'status'
  | 'sector'
  | 'category'
  | 'severity'
  | 'governorate'
  | 'title'
  | 'reportedAt'
  | 'milestones'
>;

function reviewedOf(incident: Incident): ReviewedIncident {
  const { id, version, status, sector, category, severity, governorate, title, reportedAt, milestones } =
    incident;
  return { id, version, status, sector, category, severity, governorate, title, reportedAt, milestones };
}

/** The target of a stretch for an incident's severity, seconds; null where none is set. */
function targetOf(
  targets: ClientConfig['responseTargets'],
  severity: number,
  milestone: ResponseMilestone,
): number | null {
  const key = String(severity) as keyof ClientConfig['responseTargets'];
  if (milestone === 'acknowledge') return targets[key].acknowledgeS;
  if (milestone === 'dispatch') return targets[key].dispatchS;
  return null;
}

/** What a decision was, or null for events that decide nothing about an incident. */
function decisionOf(
  event: MirsadEvent,
  incidentOf: (id: string) => ReviewedIncident | undefined,
): Omit<Decision, 'seq' | 'at' | 'actor'> | null {
  const about = (incident: ReviewedIncident) => ({
    incidentId: incident.id,
    incidentTitle: incident.title,
    sector: incident.sector,
  });
  switch (event.type) {
    case 'incident.updated': {
      const { changes, reason, incident } = event.data;
      const status = changes.status ?? null;
      const edited = Object.keys(changes).filter((key) => key !== 'status');
      return {
        ...about(incident),
        kind: status ? 'status' : 'edit',
        status,
        detail:
          [status && edited.length ? edited.join(', ') : !status ? edited.join(', ') : '', reason ?? '']
            .filter(Boolean)
            .join(' — ') || null,
      };
    }
    case 'unit.assigned':
    case 'unit.released':
      return {
        ...about(event.data.incident),
        kind: event.type === 'unit.assigned' ? 'assigned' : 'released',
        status: null,
        detail: event.data.unit.callSign,
      };
    case 'incident.merged':
      return {
        ...about(event.data.survivor),
        kind: 'merged',
        status: null,
        detail: event.data.merged.title,
      };
    case 'support.requested':
    case 'support.answered': {
      const { request } = event.data;
      const incident = incidentOf(request.incidentId);
      if (!incident) return null;
      return {
        ...about(incident),
        kind: event.type === 'support.requested' ? 'support-requested' : 'support-answered',
        status: null,
        detail:
          event.type === 'support.requested'
            ? `${request.fromSector} → ${request.toSector}: ${request.request}`
            : `${request.toSector}: ${request.status}${request.answer ? ` — ${request.answer}` : ''}`,
      };
    }
    case 'note.added': {
      const incident = incidentOf(event.data.note.incidentId);
      if (!incident) return null;
      return { ...about(incident), kind: 'note', status: null, detail: event.data.note.text };
    }
    case 'link.dismissed': {
      const incident = incidentOf(event.data.link.incidentIds[0]);
      if (!incident) return null;
      return {
        ...about(incident),
        kind: 'link-dismissed',
        status: null,
        detail: event.data.link.incidentIds.join(' + '),
      };
    }
    case 'incident.reported':
    case 'link.proposed':
    case 'unit.registered':
    case 'unit.updated':
    case 'shelter.opened':
    case 'shelter.updated':
    case 'shelter.closed':
    case 'exercise.updated':
    case 'exercise.overlay':
    case 'patrol.defined':
    case 'patrol.changed':
    case 'patrol.assigned':
    case 'sensor.registered':
    case 'sensor.updated':
    case 'detection.recorded':
    // A pattern's events are about a series, not an incident: patternDecisionOf.
    case 'pattern.detected':
    case 'pattern.ended':
    case 'pattern.acknowledged':
    case 'warning.drafted':
    case 'warning.issued':
    case 'warning.withdrawn':
    case 'warning.received':
      return null;
  }
}

/**
 * The incident a decision is about (decisionOf's `incidentId`), or null for events that decide
 * nothing about an incident: what counting a decision needs, without building its text.
 */
function decisionSubjectOf(event: MirsadEvent): string | null {
  // The same events as decisionOf's, whose exhaustive switch is where a new kind is decided.
  if (event.type === 'incident.updated' || event.type === 'unit.assigned' || event.type === 'unit.released')
    return event.data.incident.id;
  if (event.type === 'incident.merged') return event.data.survivor.id;
  if (event.type === 'support.requested' || event.type === 'support.answered')
    return event.data.request.incidentId;
  if (event.type === 'note.added') return event.data.note.incidentId;
  if (event.type === 'link.dismissed') return event.data.link.incidentIds[0];
  return null;
}

/** What a pattern's event was, with the series' sectors and categories for the filter; null for any other event. */
function patternDecisionOf(event: MirsadEvent): {
  decision: Omit<Decision, 'seq' | 'at' | 'actor'>;
  series: { sectors: readonly SectorId[]; categories: readonly string[] };
} | null {
  if (
    event.type !== 'pattern.detected' &&
    event.type !== 'pattern.acknowledged' &&
    event.type !== 'pattern.ended'
  )
    return null;
  const { pattern } = event.data;
  const kinds = {
    'pattern.detected': 'pattern-detected',
    'pattern.acknowledged': 'pattern-acknowledged',
    'pattern.ended': 'pattern-ended',
  } as const satisfies Record<typeof event.type, Decision['kind']>;
  return {
    decision: {
      kind: kinds[event.type],
      incidentId: pattern.id,
      incidentTitle: pattern.cluster.explanation.en,
      sector: pattern.sectors[0] ?? 'criminal-security',
      explanation: pattern.cluster.explanation,
      status: null,
      detail: event.type === 'pattern.acknowledged' ? event.data.acknowledgement.note : null,
    },
    series: { sectors: pattern.sectors, categories: pattern.cluster.categories },
  };
}

/** Counts what matches as the fold goes: open incidents and busy units, kept up to date one change at a time. */
class RunningCounts {
  readonly incidents = new Map<string, ReviewedIncident>();
  readonly units = new Map<string, Unit>();
  open = 0;
  busy = 0;

  constructor(
    private readonly filter: ReviewFilter,
    private readonly unitSectors: ReadonlySet<SectorId>,
  ) {}

  private isOpen(incident: ReviewedIncident | undefined): boolean {
    return incident !== undefined && isActive(incident) && matchesReviewFilter(incident, this.filter);
  }

  private isBusy(unit: Unit | undefined): boolean {
    return unit !== undefined && this.unitSectors.has(unit.sector) && BUSY_UNIT_STATUSES.has(unit.status);
  }

  get totalUnits(): number {
    let total = 0;
    for (const unit of this.units.values()) if (this.unitSectors.has(unit.sector)) total += 1;
    return total;
  }

  setIncident(full: Incident): void {
    const before = this.incidents.get(full.id);
    if (before && before.version > full.version) return;
    const incident = reviewedOf(full);
    this.open += Number(this.isOpen(incident)) - Number(this.isOpen(before));
    this.incidents.set(incident.id, incident);
  }

  setUnit(unit: Unit): void {
    this.busy += Number(this.isBusy(unit)) - Number(this.isBusy(this.units.get(unit.id)));
    this.units.set(unit.id, unit);
  }
}

/**
 * The commander's review, computed from the log: what happened in a time range, for the
 * charts and the after-action report. The live log starts from the replayed picture at the
 * range's start (snapshots keep that fast) and folds only the events inside the range; an
 * exercise, whose events the snapshots do not hold, is folded from its first event.
 */
export class ReviewService {
  constructor(
    private readonly store: EventStore,
    private readonly replay: ReplayService,
    private readonly targets: ClientConfig['responseTargets'],
    /** Told after each page of the log read: a reader tells its pool that a long fold is moving. */
    private readonly onPage: () => void = () => undefined,
  ) {}

  /** One log's events with `after < seq <= upTo`, page by page through its index: never another log's. */
  private async *scan(exerciseId: string | null, after: number, upTo: number): AsyncGenerator<MirsadEvent> {
    let cursor = after;
    while (cursor < upTo) {
      const page = await this.store.readLog({ exerciseId, after: cursor, upTo, limit: SCAN_PAGE_EVENTS });
      const last = page.at(-1);
      if (!last) return;
      this.onPage();
      yield* page;
      cursor = last.seq;
    }
  }

  /** The picture of an exercise at a moment: its own events folded from its first (positions are not kept for exercises). */
  async exercisePictureAt(exerciseId: string, at: Date): Promise<Picture> {
    const iso = at.toISOString();
    const seq = await this.store.seqAt(iso);
    const state = emptyPictureState();
    for await (const event of this.scan(exerciseId, 0, seq)) foldPicture(state, event);
    return {
      at: iso,
      seq,
      incidents: [...state.incidents.values()].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt)),
      units: [...state.units.values()],
      shelters: [...state.shelters.values()],
    };
  }

  /** The first and last event of the live log or of an exercise. */
  async bounds(exerciseId: string | null): Promise<{ first: Moment | null; last: Moment | null }> {
    const [first] = await this.store.logMoments(exerciseId, { after: 0, limit: 1 });
    const [last] = await this.store.logMoments(exerciseId, { before: Number.MAX_SAFE_INTEGER, limit: 1 });
    return { first: first ?? null, last: last ?? null };
  }

  /** Events after (or before) a sequence, oldest first, for step-by-step playback. */
  async moments(
    query: { after?: number | undefined; before?: number | undefined; limit: number },
    exerciseId: string | null,
  ): Promise<MomentsPage> {
    const moments = await this.store.logMoments(exerciseId, query);
    return { moments, ...(await this.bounds(exerciseId)) };
  }

  /** The figures, series, distributions and decisions of a time range. */
  async summary(range: { from: Date | null; to: Date | null }, filter: ReviewFilter): Promise<ReviewSummary> {
    const exerciseId = filter.exercise ?? null;
    const bounds = await this.bounds(exerciseId);
    const from = range.from ?? new Date(bounds.first?.at ?? Date.now());
    const to = range.to ?? new Date(bounds.last?.at ?? from.getTime());
    const fromMs = from.getTime();
    const toMs = Math.max(fromMs, to.getTime());
    // A range left open takes the log's first or last event, which may lie far apart.
    const tooLong = rangeProblem(fromMs, toMs, REVIEW_RANGE_MAX_DAYS, 'a review');
    if (tooLong) throw new HttpError(400, 'bad_request', tooLong, [{ path: 'query.to', message: tooLong }]);
    const unitSectors = new Set<SectorId>(filter.sector ?? SECTOR_IDS);
    const counts = new RunningCounts(filter, unitSectors);

    // Where the range begins: the replayed live picture, or an exercise folded from its start.
    const seqBefore = await this.store.seqAt(new Date(fromMs - 1).toISOString());
    const seqTo = await this.store.seqAt(new Date(toMs).toISOString());
    let startSeq: number;
    if (exerciseId === null) {
      const start = await this.replay.pictureAt(new Date(fromMs - 1));
      for (const incident of start.incidents) counts.setIncident(incident);
      for (const unit of start.units) counts.setUnit(unit);
      startSeq = start.seq;
    } else {
      for await (const event of this.scan(exerciseId, 0, seqBefore)) {
        for (const incident of incidentsAfter(event)) counts.setIncident(incident);
        const unit = unitAfter(event);
        if (unit) counts.setUnit(unit);
      }
      startSeq = seqBefore;
    }
    const openAtStart = counts.open;

    const step = Math.max(
      MIN_SAMPLE_STEP_MS,
      Math.ceil((toMs - fromMs) / MAX_SAMPLES / MIN_SAMPLE_STEP_MS) * MIN_SAMPLE_STEP_MS,
    );
    const openOverTime: ReviewSummary['openOverTime'] = [];
    const unitsBusyOverTime: ReviewSummary['unitsBusyOverTime'] = [];
    let nextSampleMs = fromMs;
    let peakOpen = counts.open;
    let peakOpenAt: string | null = counts.open > 0 ? from.toISOString() : null;
    let peakUnitsBusy = counts.busy;
    const sampleUpTo = (ms: number): void => {
      while (nextSampleMs <= ms && nextSampleMs <= toMs) {
        const at = new Date(nextSampleMs).toISOString();
        openOverTime.push({ at, open: counts.open });
        unitsBusyOverTime.push({ at, busy: counts.busy, total: counts.totalUnits });
        nextSampleMs += step;
      }
    };

    const reportedInRange = new Set<string>();
    const decisions: Decision[] = [];
    let decisionCount = 0;
    let supportRequests = 0;
    for await (const event of this.scan(exerciseId, startSeq, seqTo)) {
      const eventMs = Date.parse(event.at);
      sampleUpTo(eventMs - 1);
      for (const incident of incidentsAfter(event)) {
        counts.setIncident(incident);
        if (event.type === 'incident.reported' && eventMs >= fromMs) reportedInRange.add(incident.id);
      }
      const unit = unitAfter(event);
      if (unit) counts.setUnit(unit);
      if (counts.open > peakOpen) {
        peakOpen = counts.open;
        peakOpenAt = event.at;
      }
      peakUnitsBusy = Math.max(peakUnitsBusy, counts.busy);
      if (eventMs < fromMs) continue;
      const aboutSeries = patternDecisionOf(event);
      if (aboutSeries) {
        if (!patternMatchesReviewFilter(aboutSeries.series, filter)) continue;
        decisionCount += 1;
        if (decisions.length < DECISIONS_MAX)
          decisions.push({ seq: event.seq, at: event.at, actor: event.actor, ...aboutSeries.decision });
        continue;
      }
      // Every decision is counted, but only the first DECISIONS_MAX are written out: a month
      // holds hundreds of thousands, and building each one's text was a tenth of the fold.
      const subjectId = decisionSubjectOf(event);
      const incident = subjectId === null ? undefined : counts.incidents.get(subjectId);
      if (!incident || !matchesReviewFilter(incident, filter)) continue;
      decisionCount += 1;
      if (event.type === 'support.requested') supportRequests += 1;
      if (decisions.length >= DECISIONS_MAX) continue;
      const decision = decisionOf(event, (id) => counts.incidents.get(id));
      if (decision) decisions.push({ seq: event.seq, at: event.at, actor: event.actor, ...decision });
    }
    sampleUpTo(toMs);
    const end = new Date(toMs).toISOString();
    if (openOverTime.at(-1)?.at !== end) {
      openOverTime.push({ at: end, open: counts.open });
      unitsBusyOverTime.push({ at: end, busy: counts.busy, total: counts.totalUnits });
    }

    const reported = [...reportedInRange]
      .map((id) => counts.incidents.get(id))
      .filter(
        (incident): incident is ReviewedIncident =>
          incident !== undefined && matchesReviewFilter(incident, filter),
      );

    const perHour = new Map<number, Partial<Record<SectorId, number>>>();
    for (let hour = Math.floor(fromMs / HOUR_MS) * HOUR_MS; hour <= toMs; hour += HOUR_MS)
      perHour.set(hour, {});
    for (const incident of reported) {
      const hour = Math.floor(Date.parse(incident.reportedAt) / HOUR_MS) * HOUR_MS;
      const row = perHour.get(hour) ?? {};
      row[incident.sector] = (row[incident.sector] ?? 0) + 1;
      perHour.set(hour, row);
    }

    const responseTimes = this.distributions(reported);
    const all = (milestone: ResponseMilestone): number[] =>
      reported
        .map((incident) => secondsToMilestone(incident, milestone))
        .filter((s): s is number => s !== null)
        .sort((a, b) => a - b);
    const acknowledged = responseTimes.filter((d) => d.milestone === 'acknowledge');
    const ackCount = acknowledged.reduce((sum, d) => sum + d.count, 0);

    return {
      from: new Date(fromMs).toISOString(),
      to: end,
      exerciseId,
      incidentsPerHour: [...perHour.entries()]
        .sort(([a], [b]) => a - b)
        .map(([hour, row]) => ({ start: new Date(hour).toISOString(), counts: row })),
      responseTimes,
      openOverTime,
      unitsBusyOverTime,
      figures: {
        reported: reported.length,
        closed: reported.filter((i) => i.status === 'closed').length,
        cancelled: reported.filter((i) => i.status === 'cancelled').length,
        openAtStart,
        openAtEnd: counts.open,
        peakOpen,
        peakOpenAt,
        medianAcknowledgeS: quantileSorted(all('acknowledge'), 0.5),
        medianDispatchS: quantileSorted(all('dispatch'), 0.5),
        acknowledgedWithinTarget:
          ackCount === 0 ? null : acknowledged.reduce((sum, d) => sum + (d.withinTarget ?? 0), 0) / ackCount,
        supportRequests,
        decisions: decisionCount,
        peakUnitsBusy,
      },
      decisions,
      isDecisionsTruncated: decisionCount > decisions.length,
    };
  }

  private distributions(reported: readonly ReviewedIncident[]): ResponseDistribution[] {
    const result: ResponseDistribution[] = [];
    // Grouped once: filtering a month's incidents again for every sector and milestone took a tenth of the summary.
    const bySector = new Map<SectorId, ReviewedIncident[]>();
    for (const incident of reported) {
      const mine = bySector.get(incident.sector);
      if (mine) mine.push(incident);
      else bySector.set(incident.sector, [incident]);
    }
    const sectors = SECTOR_IDS.filter((sector) => bySector.has(sector));
    for (const milestone of RESPONSE_MILESTONES) {
      for (const sector of sectors) {
        const mine = bySector.get(sector) ?? [];
        const timed = mine.flatMap((incident) => {
          const seconds = secondsToMilestone(incident, milestone);
          return seconds === null
            ? []
            : [{ seconds, target: targetOf(this.targets, incident.severity, milestone) }];
        });
        const sorted = timed.map((t) => t.seconds).sort((a, b) => a - b);
        const buckets = new Array<number>(RESPONSE_BUCKETS_S.length + 1).fill(0);
        for (const seconds of sorted) {
          const index = RESPONSE_BUCKETS_S.findIndex((limit) => seconds <= limit);
          const bucket = index === -1 ? RESPONSE_BUCKETS_S.length : index;
          buckets[bucket] = (buckets[bucket] ?? 0) + 1;
        }
        const hasTarget = milestone === 'acknowledge' || milestone === 'dispatch';
        result.push({
          milestone,
          sector,
          count: timed.length,
          pending: mine.filter(
            (incident) => isActive(incident) && secondsToMilestone(incident, milestone) === null,
          ).length,
          medianS: quantileSorted(sorted, 0.5),
          p90S: quantileSorted(sorted, 0.9),
          buckets,
          withinTarget: hasTarget
            ? timed.filter((t) => t.target !== null && t.seconds <= t.target).length
            : null,
        });
      }
    }
    return result;
  }
}
