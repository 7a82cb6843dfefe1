import { z } from 'zod';
import { MirsadEventSchema } from './event.js';
import { GovernorateIdSchema } from './geo.js';
import { IncidentSchema, IncidentStatusSchema } from './incident.js';
import { SectorIdSchema } from './sectors.js';
import { listParam } from './query.js';

/** Most events one page of `GET /api/events` returns. */
export const EVENTS_PAGE_MAX = 1000;

/** The most incidents one page of `GET /api/incidents` holds. */
export const INCIDENTS_PAGE_MAX = 1000;

/** The longest cursor `GET /api/incidents` takes, characters. */
export const INCIDENTS_CURSOR_MAX = 200;

export { listParam } from './query.js';

/** The query of `GET /api/incidents`: each filter is a list, matching any of its values. */
export const IncidentQuerySchema = z
  .object({
    status: listParam(IncidentStatusSchema),
    sector: listParam(SectorIdSchema),
    governorate: listParam(GovernorateIdSchema),
    /**
     * `active` (the default) keeps incidents that still need attention, `all` keeps closed and
     * cancelled ones too. A `status` filter, when given, decides alone.
     */
    scope: z.enum(['active', 'all']).default('active'),
    /** An exercise's picture instead of the live one; only for those taking part. */
    exercise: z.string().min(1).max(64).optional(),
    /**
     * Incidents per page, newest first, when the list is paged: every list but the active
     * picture (which is bounded by what is open). Defaults to the most, INCIDENTS_PAGE_MAX.
     */
    limit: z.coerce.number().int().min(1).max(INCIDENTS_PAGE_MAX).optional(),
    /** Where the page starts: the `next` of the page before. */
    cursor: z.string().min(1).max(INCIDENTS_CURSOR_MAX).optional(),
  })
  .strict();

/** The query of `GET /api/incidents`. */
export type IncidentQuery = z.infer<typeof IncidentQuerySchema>;

/** The answer of `GET /api/incidents`: the picture and the log position it stands at. */
export const IncidentListSchema = z.object({
  /** Sequence of the last event folded into this picture; subscribe from here. */
  seq: z.number().int().min(0),
  incidents: z.array(IncidentSchema),
  /**
   * A paged list's cursor for the next page, null after the last; absent from the active
   * picture, which comes whole. A page may hold fewer incidents than its limit (those the
   * caller may not see are left out), so only `next: null` ends the list.
   */
  next: z.string().nullable().optional(),
});

/** The answer of `GET /api/incidents`. */
export type IncidentList = z.infer<typeof IncidentListSchema>;

/** The query of `GET /api/events`. */
export const EventsQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(EVENTS_PAGE_MAX).default(EVENTS_PAGE_MAX),
  })
  .strict();

/** The query of `GET /api/events`. */
export type EventsQuery = z.infer<typeof EventsQuerySchema>;

/** One page of the log, in sequence order. */
export const EventPageSchema = z.object({
  events: z.array(MirsadEventSchema),
  /** Sequence to pass as `after` for the next page; null on the last page. */
  nextAfter: z.number().int().min(0).nullable(),
  /** The log's newest sequence when the page was read. */
  headSeq: z.number().int().min(0),
});

/** One page of the log. */
export type EventPage = z.infer<typeof EventPageSchema>;

/** One problem with a request, naming the field it is in. */
export const FieldIssueSchema = z.object({
  /** Dotted path of the field, such as `body.location.coordinates.0`; empty for the whole input. */
  path: z.string(),
  message: z.string(),
});

/** One problem with a request. */
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** Every error answer of the API. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  statusCode: z.number().int(),
  issues: z.array(FieldIssueSchema).optional(),
});

/** Every error answer of the API. */
export type ApiError = z.infer<typeof ApiErrorSchema>;

/**
 * A 429 answer: too many attempts (a locked account, or a rate limit per address or account).
 * The client shows the wait from these fields, never from the English message.
 */
export const TooManyAttemptsSchema = ApiErrorSchema.extend({
  error: z.enum(['locked', 'rate_limited']),
  statusCode: z.literal(429),
  /** Seconds until another attempt may succeed. */
  retryAfterSeconds: z.number().int().min(0),
  /** When a locked account opens again (ISO), for `locked`. */
  lockedUntil: z.iso.datetime().optional(),
});

/** A 429 answer. */
export type TooManyAttempts = z.infer<typeof TooManyAttemptsSchema>;

/** Converts zod issues to field issues, each path prefixed with where the input came from. */
export function toFieldIssues(error: z.ZodError, where: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

/** The answer of `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  protocolVersion: z.number().int(),
  store: z.string(),
  headSeq: z.number().int().min(0),
  uptimeS: z.number(),
  /** This node among the nodes of one room (one node alone on SQLite always leads). */
  node: z.object({
    /** This node's name (NODE_ID, or made up at start). */
    id: z.string(),
    isLeader: z.boolean(),
    /** The name of the node that leads, as last seen (within about a second); null while none does. */
    leaderId: z.string().nullable(),
    /** The last sequence this node has sent on to its sockets. */
    tailSeq: z.number().int().min(0),
    /** Events committed that this node has not sent on yet (headSeq − tailSeq). */
    lagEvents: z.number().int().min(0),
  }),
});

/** The answer of `GET /api/health`. */
export type Health = z.infer<typeof HealthSchema>;

/** The answer of `GET /api/config`: what the web client needs to know before it draws. */
export const ClientConfigSchema = z.object({
  /** Changes with every build; a client that sees another one reloads itself. */
  buildId: z.string(),
  protocolVersion: z.number().int(),
  /** An on-premises MapLibre style to use instead of the built-in offline basemap. */
  mapStyleUrl: z.string().nullable(),
  /** Whether the server seeded demo data. */
  isDemo: z.boolean(),
  /** Seconds from report to acknowledge and to dispatch, per severity, before an incident is overdue. */
  responseTargets: z.record(
    z.enum(['1', '2', '3', '4', '5']),
    z.object({ acknowledgeS: z.number().int().min(1), dispatchS: z.number().int().min(1) }),
  ),
});

/** Default response targets per severity, seconds: critical incidents are acknowledged within a minute. */
export const DEFAULT_RESPONSE_TARGETS: ClientConfig['responseTargets'] = {
  '1': { acknowledgeS: 900, dispatchS: 3600 },
  '2': { acknowledgeS: 600, dispatchS: 1800 },
  '3': { acknowledgeS: 300, dispatchS: 900 },
  '4': { acknowledgeS: 120, dispatchS: 420 },
  '5': { acknowledgeS: 60, dispatchS: 240 },
};

/** The answer of `GET /api/config`. */
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

/** The query of `GET /api/stats`: the live picture or one exercise's, optionally of some governorates only. */
export const StatsQuerySchema = z
  .object({
    /** An exercise's figures instead of the live ones; only for those taking part. */
    exercise: z.string().min(1).max(64).optional(),
    /** Only incidents in these governorates, and units positioned in them (a wall screen's slice). */
    governorate: listParam(GovernorateIdSchema),
  })
  .strict();

/** The query of `GET /api/stats`. */
export type StatsQuery = z.infer<typeof StatsQuerySchema>;

/** The figures a watch officer checks, as `GET /api/stats` gives them for the caller's sectors. */
export const StatsSchema = z.object({
  at: z.iso.datetime(),
  seq: z.number().int().min(0),
  openBySector: z.record(z.string(), z.number().int()),
  openBySeverity: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().int()),
  /** Incidents reported in the last hour, whatever their status now. */
  lastHour: z.number().int(),
  /** Median seconds from report to acknowledge / to dispatch, of incidents reported in the last hour; null without any. */
  medianAcknowledgeS: z.number().nullable(),
  medianDispatchS: z.number().nullable(),
  unitsAvailableBySector: z.record(z.string(), z.number().int()),
  shelters: z.object({ open: z.number().int(), occupancy: z.number().int(), capacity: z.number().int() }),
});

/** The figures a watch officer checks. */
export type Stats = z.infer<typeof StatsSchema>;
