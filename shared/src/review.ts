import { z } from 'zod';
import { ExerciseParamSchema, listParam } from './query.js';
import { GovernorateIdSchema } from './geo.js';
import { LocalizedTextSchema } from './i18n.js';
import { IncidentStatusSchema, type Incident, type Milestones } from './incident.js';
import { SectorIdSchema, type SectorId } from './sectors.js';

/** The filters of the commander's review: each list matches any of its values; an empty list matches all. */
export const ReviewFilterSchema = z.object({
  sector: listParam(SectorIdSchema),
  governorate: listParam(GovernorateIdSchema),
  category: listParam(z.string().min(1).max(64)),
  severity: listParam(z.coerce.number().int().min(1).max(5)),
  /** An exercise instead of the live log; only for its trainer, its trainees, commanders and admins. */
  exercise: ExerciseParamSchema.optional(),
});

/** The filters of the commander's review. */
export type ReviewFilter = z.infer<typeof ReviewFilterSchema>;

/** The longest range one review summary covers, days: a month of the room's log, folded in a worker. */
export const REVIEW_RANGE_MAX_DAYS = 31;

/** The longest range one export covers, days: a year of the log, streamed as it is read. */
export const EXPORT_RANGE_MAX_DAYS = 366;

const DAY_MS = 86_400_000;

/** REVIEW_RANGE_MAX_DAYS in ms, for a client that picks a default range the server will answer. */
export const REVIEW_RANGE_MAX_MS = REVIEW_RANGE_MAX_DAYS * DAY_MS;

/** Why a range is refused, or null when `from`…`to` (ms) spans at most `maxDays`; names the limit. */
export function rangeProblem(fromMs: number, toMs: number, maxDays: number, what: string): string | null {
  if (toMs - fromMs <= maxDays * DAY_MS) return null;
  const days = Math.ceil((toMs - fromMs) / DAY_MS);
  return `${what} covers at most ${maxDays} days; this range is ${days} days: give \`from\` and \`to\` at most ${maxDays} days apart`;
}

/** A time range, each end optional (ISO with an offset). */
const RangeShape = {
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** Refuses a range whose `from` is after its `to` or that spans more than `maxDays`, naming the limit. */
function checkRange(maxDays: number, what: string) {
  return (q: { from?: string | undefined; to?: string | undefined }, context: z.RefinementCtx): void => {
    if (!q.from || !q.to) return;
    const fromMs = Date.parse(q.from);
    const toMs = Date.parse(q.to);
    const message =
      fromMs > toMs ? '`from` must not be after `to`' : rangeProblem(fromMs, toMs, maxDays, what);
    if (message) context.addIssue({ code: 'custom', message, path: ['to'] });
  };
}

/** The query of `GET /api/review/summary`: a time range (the whole log when left out) and the filters. */
export const ReviewQuerySchema = ReviewFilterSchema.extend(RangeShape)
  .strict()
  .superRefine(checkRange(REVIEW_RANGE_MAX_DAYS, 'a review'));

/** The query of `GET /api/review/summary`. */
export type ReviewQuery = z.infer<typeof ReviewQuerySchema>;

/**
 * Whether a crime series passes the review's filters: one of its sectors and categories is
 * chosen. A series has no severity or governorate, so a filter on either leaves it out.
 */
export function patternMatchesReviewFilter(
  series: { sectors: readonly SectorId[]; categories: readonly string[] },
  filter: ReviewFilter,
): boolean {
  return (
    (!filter.sector || series.sectors.some((s) => filter.sector?.includes(s))) &&
    (!filter.category || series.categories.some((c) => filter.category?.includes(c))) &&
    !filter.severity &&
    !filter.governorate
  );
}

/** Whether an incident passes the review's filters. */
export function matchesReviewFilter(
  incident: Pick<Incident, 'sector' | 'governorate' | 'category' | 'severity'>,
  filter: ReviewFilter,
): boolean {
  return (
    (!filter.sector || filter.sector.includes(incident.sector)) &&
    (!filter.governorate ||
      (incident.governorate !== null && filter.governorate.includes(incident.governorate))) &&
    (!filter.category || filter.category.includes(incident.category)) &&
    (!filter.severity || filter.severity.includes(incident.severity))
  );
}

/** The stretches of a response the review measures, each from the report. */
export const RESPONSE_MILESTONES = ['acknowledge', 'dispatch', 'onScene', 'contained', 'closed'] as const;

/** A stretch of a response, measured from the report. */
export const ResponseMilestoneSchema = z.enum(RESPONSE_MILESTONES);

/** A stretch of a response, measured from the report. */
export type ResponseMilestone = z.infer<typeof ResponseMilestoneSchema>;

/**
 * Seconds from report to a milestone, or null before it is reached. An incident dispatched
 * without a separate acknowledgement counts as acknowledged when dispatched, as the watch
 * figures do.
 */
export function secondsToMilestone(
  incident: { reportedAt: string; milestones: Milestones },
  milestone: ResponseMilestone,
): number | null {
  const m = incident.milestones;
  const reached = {
    acknowledge: m.acknowledgedAt ?? m.dispatchedAt,
    dispatch: m.dispatchedAt,
    onScene: m.onSceneAt,
    contained: m.containedAt,
    closed: m.closedAt,
  }[milestone];
  if (reached === null) return null;
  return Math.max(0, Math.round((Date.parse(reached) - Date.parse(incident.reportedAt)) / 1000));
}

/** Upper bounds of the response-time histogram's buckets, seconds; the last bucket is open-ended. */
export const RESPONSE_BUCKETS_S = [60, 120, 300, 600, 900, 1800, 3600, 7200] as const;

/** The distribution of one stretch of the response for one sector. */
export const ResponseDistributionSchema = z.object({
  milestone: ResponseMilestoneSchema,
  sector: SectorIdSchema,
  /** Incidents that reached the milestone. */
  count: z.number().int().min(0),
  /** Incidents reported in the range that had not reached it by its end. */
  pending: z.number().int().min(0),
  medianS: z.number().nullable(),
  p90S: z.number().nullable(),
  /** Counts per bucket of RESPONSE_BUCKETS_S, plus one for longer: `buckets.length === RESPONSE_BUCKETS_S.length + 1`. */
  buckets: z.array(z.number().int().min(0)),
  /** Incidents within their own severity's target; null for stretches without a target. */
  withinTarget: z.number().int().min(0).nullable(),
});

/** The distribution of one stretch of the response for one sector. */
export type ResponseDistribution = z.infer<typeof ResponseDistributionSchema>;

/**
 * A decision taken in the log: who did what to which incident, and when. Pattern watch's
 * events are in it too (a series detected, acknowledged, ended), about the series rather than
 * an incident: what the room was told and how it answered belongs in the same timeline.
 */
export const DecisionSchema = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  /** `user:<id>` for a person, `source:<id>` for a system. */
  actor: z.string(),
  kind: z.enum([
    'status',
    'edit',
    'assigned',
    'released',
    'merged',
    'support-requested',
    'support-answered',
    'note',
    'link-dismissed',
    'pattern-detected',
    'pattern-acknowledged',
    'pattern-ended',
  ]),
  /** The incident's id; for a pattern's event, the series' id. */
  incidentId: z.string(),
  /** The incident's title; for a pattern's event, the series' explanation in English. */
  incidentTitle: z.string(),
  /** The incident's sector; for a pattern's event, the first of the series' sectors. */
  sector: SectorIdSchema,
  /** For a pattern's event only: the series' explanation in both languages, shown in the reader's. */
  explanation: LocalizedTextSchema.optional(),
  /** The status it moved to, for status changes. */
  status: IncidentStatusSchema.nullable(),
  /** What was decided, in the words of the log (a reason, a note, a call sign, a sector); never HTML. */
  detail: z.string().nullable(),
});

/** A decision taken in the log. */
export type Decision = z.infer<typeof DecisionSchema>;

/** Most decisions one summary carries; the export has them all. */
export const DECISIONS_MAX = 2_000;

/** The key figures of a time range. */
export const ReviewFiguresSchema = z.object({
  /** Reported in the range. */
  reported: z.number().int(),
  /** Of those, closed, cancelled or merged away by the end of the range. */
  closed: z.number().int(),
  cancelled: z.number().int(),
  /** Open (matching the filters) at the start and at the end of the range. */
  openAtStart: z.number().int(),
  openAtEnd: z.number().int(),
  peakOpen: z.number().int(),
  peakOpenAt: z.iso.datetime().nullable(),
  medianAcknowledgeS: z.number().nullable(),
  medianDispatchS: z.number().nullable(),
  /** Share of acknowledgements within their severity's target, 0..1; null without any. */
  acknowledgedWithinTarget: z.number().nullable(),
  supportRequests: z.number().int(),
  decisions: z.number().int(),
  peakUnitsBusy: z.number().int(),
});

/** The key figures of a time range. */
export type ReviewFigures = z.infer<typeof ReviewFiguresSchema>;

/** The answer of `GET /api/review/summary`: what the charts and the after-action report show. */
export const ReviewSummarySchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  exerciseId: z.string().nullable(),
  /** Incidents reported per hour (Kuwait has no daylight saving: UTC hours are its hours), per sector. */
  incidentsPerHour: z.array(
    z.object({ start: z.iso.datetime(), counts: z.partialRecord(SectorIdSchema, z.number().int()) }),
  ),
  responseTimes: z.array(ResponseDistributionSchema),
  /** Open incidents matching the filters, sampled through the range (and at its end). */
  openOverTime: z.array(z.object({ at: z.iso.datetime(), open: z.number().int() })),
  /** Units assigned, en route or on scene (of the filtered sectors), sampled alike. */
  unitsBusyOverTime: z.array(
    z.object({ at: z.iso.datetime(), busy: z.number().int(), total: z.number().int() }),
  ),
  figures: ReviewFiguresSchema,
  /** Oldest first; at most DECISIONS_MAX. */
  decisions: z.array(DecisionSchema),
  isDecisionsTruncated: z.boolean(),
});

/** The answer of `GET /api/review/summary`. */
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;

/** The query of `GET /api/export/events`: the review's filters, a time range and the file's format. */
export const ExportQuerySchema = ReviewFilterSchema.extend({
  ...RangeShape,
  format: z.enum(['json', 'csv']).default('json'),
})
  .strict()
  .superRefine(checkRange(EXPORT_RANGE_MAX_DAYS, 'an export'));

/** The query of `GET /api/export/events`. */
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** Most moments one page of `GET /api/review/moments` returns. */
export const MOMENTS_PAGE_MAX = 5_000;

/** The query of `GET /api/review/moments`: the events after (or before) a sequence, for stepping. */
export const MomentsQuerySchema = z
  .object({
    exercise: ExerciseParamSchema.optional(),
    after: z.coerce.number().int().min(0).optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(MOMENTS_PAGE_MAX).default(1000),
  })
  .strict()
  .refine((q) => q.after === undefined || q.before === undefined, {
    error: 'give `after` or `before`, not both',
    path: ['before'],
  });

/** The query of `GET /api/review/moments`. */
export type MomentsQuery = z.infer<typeof MomentsQuerySchema>;

/** One event's place in the log, for step-by-step playback. */
export const MomentSchema = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  type: z.string(),
});

/** One event's place in the log. */
export type Moment = z.infer<typeof MomentSchema>;

/** The answer of `GET /api/review/moments`: oldest first, and where the replayed log begins and ends. */
export const MomentsPageSchema = z.object({
  moments: z.array(MomentSchema),
  /** The first and last event of the live log (or of the exercise); null when it is empty. */
  first: MomentSchema.nullable(),
  last: MomentSchema.nullable(),
});

/** The answer of `GET /api/review/moments`. */
export type MomentsPage = z.infer<typeof MomentsPageSchema>;

/** The roles that review the live log; trainers review their own exercises only. */
export const LIVE_REVIEW_ROLES = ['commander', 'admin'] as const;

/** Whether a role may open the review at all (the live log, or an exercise it takes part in). */
export function mayOpenReview(role: string): boolean {
  return role === 'commander' || role === 'admin' || role === 'trainer';
}
