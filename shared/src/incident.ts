import { z } from 'zod';
import { GovernorateIdSchema, IncidentLocationSchema } from './geo.js';
import { type LocalizedText } from './i18n.js';
import { isCategoryOf, SectorIdSchema } from './sectors.js';

/** Severity from 1 (minor) to 5 (critical); 5 takes over the wall display. */
export const SeveritySchema = z.number().int().min(1).max(5);

/** Severity from 1 (minor) to 5 (critical). */
export type Severity = 1 | 2 | 3 | 4 | 5;

/** The name of each severity, in both languages. */
export const SEVERITY_NAMES: Readonly<Record<Severity, LocalizedText>> = {
  1: { en: 'Minor', ar: 'بسيط' },
  2: { en: 'Moderate', ar: 'متوسط' },
  3: { en: 'Serious', ar: 'خطير' },
  4: { en: 'Severe', ar: 'شديد' },
  5: { en: 'Critical', ar: 'حرج' },
};

/** Where an incident stands in its response. */
export const INCIDENT_STATUSES = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'contained',
  'closed',
  'reopened',
  'cancelled',
] as const;

/** Where an incident stands in its response. */
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);

/** Where an incident stands in its response. */
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** The name of each status, in both languages. */
export const STATUS_NAMES: Readonly<Record<IncidentStatus, LocalizedText>> = {
  reported: { en: 'Reported', ar: 'مُبلَّغ' },
  acknowledged: { en: 'Acknowledged', ar: 'مُستلَم' },
  dispatched: { en: 'Dispatched', ar: 'تم الإرسال' },
  on_scene: { en: 'On scene', ar: 'في الموقع' },
  contained: { en: 'Contained', ar: 'تمت السيطرة' },
  closed: { en: 'Closed', ar: 'مغلق' },
  reopened: { en: 'Reopened', ar: 'أعيد فتحه' },
  cancelled: { en: 'Cancelled', ar: 'ملغى' },
};

/** The statuses in which an incident still needs attention. */
export const ACTIVE_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'contained',
  'reopened',
];

/** Each status's allowed next statuses: the response moves forward, cancels early, or reopens. */
export const STATUS_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  reported: ['acknowledged', 'dispatched', 'cancelled'],
  acknowledged: ['dispatched', 'cancelled'],
  dispatched: ['on_scene', 'contained', 'cancelled'],
  on_scene: ['contained', 'closed'],
  contained: ['closed', 'on_scene'],
  closed: ['reopened'],
  reopened: ['acknowledged', 'dispatched', 'on_scene', 'contained', 'closed'],
  cancelled: ['reopened'],
};

/** Why a status change is refused, or null when it is allowed. */
export function transitionProblem(from: IncidentStatus, to: IncidentStatus): string | null {
  if (from === to) return `the incident is already ${to}`;
  return STATUS_TRANSITIONS[from].includes(to)
    ? null
    : `an incident cannot move from ${from} to ${to}; from ${from} it may move to ${STATUS_TRANSITIONS[from].join(', ')}`;
}

/** An id of a reporting system or client, such as `traffic-cad` or `mirsad-web`. */
export const SourceIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore');

/**
 * The source an incident carries: a reporting system's id, or a device's `<kind>:<id>` (such
 * as `thermal:cam-3`), which only the server sets: a report over HTTP names a plain source.
 */
export const IncidentSourceSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^([a-z]+:)?[a-z0-9][a-z0-9._-]*$/, 'a source id, or kind:id for a device');

/** An exercise id; null marks the real world. */
export const ExerciseIdSchema = z.string().min(1).max(64).nullable();

const TitleSchema = z.string().trim().min(1).max(200);
const DescriptionSchema = z.string().trim().max(4000);

/** Another report folded into this incident by a merge: every sector's contribution stays visible. */
export const ContributionSchema = z.object({
  incidentId: z.uuid(),
  sector: SectorIdSchema,
  category: z.string(),
  title: z.string(),
  source: z.string(),
  externalRef: z.string().nullable(),
  reportedAt: z.iso.datetime(),
});

/** Another report folded into this incident by a merge. */
export type Contribution = z.infer<typeof ContributionSchema>;

/** When the response first reached each milestone; null until it does. */
export const MilestonesSchema = z.object({
  acknowledgedAt: z.iso.datetime().nullable(),
  dispatchedAt: z.iso.datetime().nullable(),
  onSceneAt: z.iso.datetime().nullable(),
  containedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
});

/** When the response first reached each milestone. */
export type Milestones = z.infer<typeof MilestonesSchema>;

/** Milestones of an incident nobody has touched yet. */
export const NO_MILESTONES: Milestones = {
  acknowledgedAt: null,
  dispatchedAt: null,
  onSceneAt: null,
  containedAt: null,
  closedAt: null,
};

/** The milestone field a status reaches, if it is one. */
export const MILESTONE_OF_STATUS: Partial<Record<IncidentStatus, keyof Milestones>> = {
  acknowledged: 'acknowledgedAt',
  dispatched: 'dispatchedAt',
  on_scene: 'onSceneAt',
  contained: 'containedAt',
  closed: 'closedAt',
};

/** An incident as the current picture holds it. */
export const IncidentSchema = z.object({
  id: z.uuid(),
  sector: SectorIdSchema,
  category: z.string().min(1),
  severity: SeveritySchema,
  status: IncidentStatusSchema,
  title: TitleSchema,
  description: DescriptionSchema,
  location: IncidentLocationSchema,
  /** Null when the location is outside every governorate (at sea, across a border). */
  governorate: GovernorateIdSchema.nullable(),
  reportedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Starts at 1 and grows by one with each change; a PATCH must name the version it changes. */
  version: z.number().int().min(1),
  source: IncidentSourceSchema,
  /** The reporting system's own id; with `source` it makes a report idempotent. */
  externalRef: z.string().min(1).max(128).nullable(),
  exerciseId: ExerciseIdSchema,
  /** The owning sector first, then every sector that joined by support or merge: their rooms see it. */
  involvedSectors: z.array(SectorIdSchema).min(1),
  /** Units working it now. */
  assignedUnitIds: z.array(z.string()),
  /** Set when this report was merged into another incident; it is then cancelled. */
  mergedInto: z.uuid().nullable(),
  /** Reports merged into this one. */
  contributions: z.array(ContributionSchema),
  milestones: MilestonesSchema,
});

/** An incident as the current picture holds it. */
export type Incident = z.infer<typeof IncidentSchema>;

const categoryMatchesSector = (value: {
  sector: z.infer<typeof SectorIdSchema>;
  category: string;
}): boolean => isCategoryOf(value.sector, value.category);

/** The body of `POST /api/incidents`: a new report. */
export const NewIncidentSchema = z
  .object({
    sector: SectorIdSchema,
    category: z.string().min(1),
    severity: SeveritySchema,
    title: TitleSchema,
    description: DescriptionSchema.default(''),
    location: IncidentLocationSchema,
    governorate: GovernorateIdSchema.optional(),
    /** When the reporting system took the report; the server's clock when left out. */
    reportedAt: z.iso.datetime().optional(),
    source: SourceIdSchema.default('mirsad-web'),
    externalRef: z.string().min(1).max(128).nullable().default(null),
  })
  .strict()
  .refine(categoryMatchesSector, {
    error: 'the category is not one of the sector’s categories (GET /api/sectors lists them)',
    path: ['category'],
  });

/** The body of `POST /api/incidents`: a new report. */
export type NewIncident = z.infer<typeof NewIncidentSchema>;

/** The fields of an incident that a PATCH may change. */
export const IncidentChangesSchema = z
  .object({
    status: IncidentStatusSchema,
    /** Reassigns the incident to another sector (with a category of that sector). */
    sector: SectorIdSchema,
    severity: SeveritySchema,
    title: TitleSchema,
    description: DescriptionSchema,
    category: z.string().min(1),
    location: IncidentLocationSchema,
    governorate: GovernorateIdSchema.nullable(),
  })
  .partial()
  .strict();

/** The fields of an incident that a PATCH may change. */
export type IncidentChanges = z.infer<typeof IncidentChangesSchema>;

/** The body of `PATCH /api/incidents/:id`: the version it was read at, and the changes. */
export const IncidentPatchSchema = IncidentChangesSchema.extend({
  version: z.number().int().min(1),
  /** Why, for status changes; kept in the event. */
  reason: z.string().trim().max(500).optional(),
})
  .strict()
  .refine((patch) => Object.keys(patch).some((key) => key !== 'version' && key !== 'reason'), {
    error: 'a patch must change at least one field',
  });

/** The body of `PATCH /api/incidents/:id`. */
export type IncidentPatch = z.infer<typeof IncidentPatchSchema>;

/** Whether an incident still needs attention. */
export function isActive(incident: Pick<Incident, 'status'>): boolean {
  return ACTIVE_STATUSES.includes(incident.status);
}

/** What a report says and where it came from: everything a new incident does not start with by rule. */
export type ReportedFields = Pick<
  Incident,
  | 'id'
  | 'sector'
  | 'category'
  | 'severity'
  | 'title'
  | 'description'
  | 'location'
  | 'governorate'
  | 'reportedAt'
  | 'updatedAt'
  | 'source'
  | 'externalRef'
  | 'exerciseId'
>;

/**
 * A new incident as it is first reported: version 1, status `reported`, involving only its own
 * sector, with no units, merges, contributions or milestones yet. One definition for the
 * incident service, test fixtures and benchmark generators.
 */
export function reportedIncident(fields: ReportedFields): Incident {
  // Spelled out in the schema's order, so a stored body reads as it always has.
  return {
    id: fields.id,
    sector: fields.sector,
    category: fields.category,
    severity: fields.severity,
    status: 'reported',
    title: fields.title,
    description: fields.description,
    location: fields.location,
    governorate: fields.governorate,
    reportedAt: fields.reportedAt,
    updatedAt: fields.updatedAt,
    version: 1,
    source: fields.source,
    externalRef: fields.externalRef,
    exerciseId: fields.exerciseId,
    involvedSectors: [fields.sector],
    assignedUnitIds: [],
    mergedInto: null,
    contributions: [],
    milestones: NO_MILESTONES,
  };
}
