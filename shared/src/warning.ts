import { z } from 'zod';
import { GovernorateIdSchema, PointSchema, PolygonSchema, PositionSchema } from './geo.js';
import { LocalizedTextSchema, type LocalizedText } from './i18n.js';
import { ExerciseIdSchema } from './incident.js';
import { PersonRefSchema } from './room.js';

// Public warnings, modelled on OASIS CAP 1.2 (ITU-T X.1303). One warning is one CAP message:
// an Update or a Cancel is a warning of its own that `references` the one it replaces, so that
// every message ever issued keeps its identifier and stays fetchable as CAP. The enumerations
// below are the schema's own values, spelled as CAP spells them, so they cross the wire as is.

/** CAP `status`: whether a message is real (`Actual`), an exercise, a test… */
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
/** CAP `status`. */
export const CapStatusSchema = z.enum(CAP_STATUSES);
/** CAP `status`. */
export type CapStatus = z.infer<typeof CapStatusSchema>;

/** CAP `msgType`: a new alert, or an update or cancel of earlier ones (`references`). */
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
/** CAP `msgType`. */
export const CapMsgTypeSchema = z.enum(CAP_MSG_TYPES);
/** CAP `msgType`. */
export type CapMsgType = z.infer<typeof CapMsgTypeSchema>;

/** CAP `scope`: who a message is for. Mirsad's own warnings are all `Public`. */
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
/** CAP `scope`. */
export const CapScopeSchema = z.enum(CAP_SCOPES);
/** CAP `scope`. */
export type CapScope = z.infer<typeof CapScopeSchema>;

/** CAP `category` of the subject event. */
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
/** CAP `category`. */
export const CapCategorySchema = z.enum(CAP_CATEGORIES);
/** CAP `category`. */
export type CapCategory = z.infer<typeof CapCategorySchema>;

/** CAP `responseType`: the action recommended to the public. */
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
/** CAP `responseType`. */
export const CapResponseTypeSchema = z.enum(CAP_RESPONSE_TYPES);
/** CAP `responseType`. */
export type CapResponseType = z.infer<typeof CapResponseTypeSchema>;

/** CAP `urgency`: how soon to act. */
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
/** CAP `urgency`. */
export const CapUrgencySchema = z.enum(CAP_URGENCIES);
/** CAP `urgency`. */
export type CapUrgency = z.infer<typeof CapUrgencySchema>;

/** CAP `severity`: how bad it is. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
/** CAP `severity`. */
export const CapSeveritySchema = z.enum(CAP_SEVERITIES);
/** CAP `severity`. */
export type CapSeverity = z.infer<typeof CapSeveritySchema>;

/** CAP `certainty`: how sure it is. */
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
/** CAP `certainty`. */
export const CapCertaintySchema = z.enum(CAP_CERTAINTIES);
/** CAP `certainty`. */
export type CapCertainty = z.infer<typeof CapCertaintySchema>;

/**
 * A CAP `identifier` or `sender`: CAP forbids spaces, commas and the XML-restricted `<` and `&`
 * in both (they are joined with commas and spaces in `references`).
 */
export const CapTokenSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\s,<&]+$/, 'no spaces, commas, < or &');

/** One earlier message a CAP message refers to: CAP's `sender,identifier,sent` triple. */
export const CapReferenceSchema = z.object({
  sender: CapTokenSchema,
  identifier: CapTokenSchema,
  /** When it was sent, with its offset as CAP wrote it (`2026-11-30T20:00:00+03:00`). */
  sent: z.iso.datetime({ offset: true }),
});
/** One earlier message a CAP message refers to. */
export type CapReference = z.infer<typeof CapReferenceSchema>;

/**
 * A language tag of an `info` block (RFC 3066 as CAP says: `ar`, `en`, `en-US`, `ur`, `hi`…).
 * Mirsad writes Arabic and English always and Kuwait's residents' languages when given.
 */
export const CapLanguageSchema = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/, 'a language tag such as ar, en or ur');

/** Longest `headline`: CAP advises under 160 characters, for text messages and sirens' displays. */
export const WARNING_HEADLINE_MAX = 160;

/** One `info` block: the message in one language (received ones may be long: a weather service's bulletin). */
export const WarningInfoSchema = z.object({
  language: CapLanguageSchema,
  headline: z.string().trim().min(1).max(WARNING_HEADLINE_MAX),
  description: z.string().trim().min(1).max(20_000),
  /** What the public should do; may be empty only in a received warning that gave none. */
  instruction: z.string().trim().max(10_000),
});

/** One `info` block as the room writes it: short enough for a phone's screen, with an instruction. */
export const NewWarningInfoSchema = WarningInfoSchema.extend({
  description: z.string().trim().min(1).max(4000),
  instruction: z.string().trim().min(1).max(2000),
});
/** One `info` block: the message in one language. */
export type WarningInfo = z.infer<typeof WarningInfoSchema>;

/** A CAP circle: a centre and a radius in kilometres (CAP writes `lat,lon radius`). */
export const CircleSchema = z.object({
  /** `[longitude, latitude]`, as GeoJSON orders it (CAP's text reverses it). */
  center: PositionSchema,
  radiusKm: z.number().positive().max(1000),
});
/** A CAP circle. */
export type Circle = z.infer<typeof CircleSchema>;

/** A CAP `geocode`: a code of a named area in some scheme (`valueName`), as other authorities send them. */
export const GeocodeSchema = z.object({
  valueName: z.string().min(1).max(256),
  value: z.string().min(1).max(256),
});

/**
 * Where a warning applies. Authored warnings give one of a polygon, a circle or governorates
 * (written as CAP polygons of their boundaries); received ones keep what the sender gave.
 */
export const WarningAreaSchema = z.object({
  description: LocalizedTextSchema,
  polygons: z.array(PolygonSchema).max(64),
  circles: z.array(CircleSchema).max(64),
  governorates: z.array(GovernorateIdSchema),
  geocodes: z.array(GeocodeSchema).max(256),
});
/** Where a warning applies. */
export type WarningArea = z.infer<typeof WarningAreaSchema>;

/**
 * Where a warning stands. `draft` waits for a second person's approval; `issued` is public
 * and active; `received` is another authority's active warning; `updated` and `cancelled`
 * were replaced by a later message; `withdrawn` is a draft dropped before issue; `expired` is
 * an issued or received one past its `expires` (worked out on reading: time needs no event).
 */
export const WARNING_STATES = [
  'draft',
  'issued',
  'received',
  'updated',
  'cancelled',
  'withdrawn',
  'expired',
] as const;
/** Where a warning stands. */
export const WarningStateSchema = z.enum(WARNING_STATES);
/** Where a warning stands. */
export type WarningState = z.infer<typeof WarningStateSchema>;

/** The name of each warning state, in both languages. */
export const WARNING_STATE_NAMES: Readonly<Record<WarningState, LocalizedText>> = {
  draft: { en: 'Draft', ar: 'مسودة' },
  issued: { en: 'Issued', ar: 'صادر' },
  received: { en: 'Received', ar: 'وارد' },
  updated: { en: 'Updated', ar: 'مُحدَّث' },
  cancelled: { en: 'Cancelled', ar: 'ملغى' },
  withdrawn: { en: 'Withdrawn', ar: 'مسحوب' },
  expired: { en: 'Expired', ar: 'منتهي' },
};

/** Whether a warning was written in the room or taken in from another authority over CAP. */
export const WarningOriginSchema = z.enum(['authored', 'received']);

/** One warning: one CAP message, authored in the room or received from another authority. */
export const WarningSchema = z.object({
  id: z.uuid(),
  origin: WarningOriginSchema,
  state: WarningStateSchema,
  /** CAP `identifier`; an authored draft has its own from the start, so approvers see what will go out. */
  identifier: CapTokenSchema,
  /** CAP `sender`: Mirsad's configured sender, or the received message's. */
  sender: CapTokenSchema,
  /** CAP `senderName`: the authority as people read it. */
  senderName: z.string().min(1).max(200),
  /** CAP `sent` (UTC ISO here; written with Kuwait's offset in CAP); null while a draft. */
  sent: z.iso.datetime().nullable(),
  status: CapStatusSchema,
  msgType: CapMsgTypeSchema,
  scope: CapScopeSchema,
  /** CAP `references`: the messages this one updates or cancels. */
  references: z.array(CapReferenceSchema),
  /** CAP `note`: why a cancel or update was sent. */
  note: z.string().max(2000).nullable(),
  event: z.string().min(1).max(200),
  category: z.array(CapCategorySchema).min(1),
  responseType: z.array(CapResponseTypeSchema),
  urgency: CapUrgencySchema,
  severity: CapSeveritySchema,
  certainty: CapCertaintySchema,
  /** When the hazard begins (UTC ISO), if said. */
  onset: z.iso.datetime().nullable(),
  /** When the warning stops being active (UTC ISO). */
  expires: z.iso.datetime(),
  /** The message in each language, Arabic and English first for authored warnings. */
  info: z.array(WarningInfoSchema).min(1).max(16),
  area: WarningAreaSchema,
  /** The incident it is about, when authored from one. */
  incidentId: z.uuid().nullable(),
  /** The warning (id) this one updates or cancels; null for a first alert. */
  replaces: z.uuid().nullable(),
  /** The warning (id) that updated or cancelled this one. */
  replacedBy: z.uuid().nullable(),
  /** Who wrote it (authored) or the key that delivered it (received). */
  author: PersonRefSchema,
  /** The second person, a commander other than the author, who released it. */
  approvedBy: PersonRefSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().min(1),
  exerciseId: ExerciseIdSchema,
});
/** One warning: one CAP message. */
export type Warning = z.infer<typeof WarningSchema>;

/**
 * The body of `POST /api/warnings`: a draft. `polygon` (GeoJSON), `circle` or `governorates`
 * give the area (at least one). `info` holds Arabic and English, and may add more languages.
 */
export const NewWarningSchema = z
  .object({
    event: z.string().trim().min(1).max(200),
    category: CapCategorySchema,
    urgency: CapUrgencySchema,
    severity: CapSeveritySchema,
    certainty: CapCertaintySchema,
    responseType: CapResponseTypeSchema.optional(),
    onset: z.iso.datetime({ offset: true }).optional(),
    expires: z.iso.datetime({ offset: true }),
    /** CAP `senderName`; the configured authority's name when left out. */
    senderName: z.string().trim().min(1).max(200).optional(),
    info: z.array(NewWarningInfoSchema).min(2).max(12),
    area: z
      .object({
        description: LocalizedTextSchema,
        polygon: PolygonSchema.optional(),
        circle: CircleSchema.optional(),
        governorates: z.array(GovernorateIdSchema).min(1).optional(),
      })
      .strict()
      .refine((a) => a.polygon !== undefined || a.circle !== undefined || a.governorates !== undefined, {
        error: 'give a polygon, a circle or governorates',
      }),
    incidentId: z.uuid().optional(),
    /** Drafts it inside an exercise rather than for the public. */
    exerciseId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const languages = value.info.map((info) => info.language.toLowerCase());
    for (const required of ['ar', 'en'])
      if (!languages.includes(required))
        ctx.addIssue({ code: 'custom', path: ['info'], message: `an info block in ${required} is required` });
    if (new Set(languages).size !== languages.length)
      ctx.addIssue({ code: 'custom', path: ['info'], message: 'one info block per language' });
    if (value.onset !== undefined && Date.parse(value.onset) >= Date.parse(value.expires))
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'expires must be after onset' });
  });
/** The body of `POST /api/warnings`. */
export type NewWarning = z.infer<typeof NewWarningSchema>;

/** The body of `POST /api/warnings/:id/update`: the whole new message, drafted as a CAP Update of the issued one. */
export const WarningUpdateSchema = NewWarningSchema.safeExtend({
  /** CAP `note`: what changed and why. */
  note: z.string().trim().min(1).max(2000).optional(),
});
/** The body of `POST /api/warnings/:id/update`. */
export type WarningUpdate = z.infer<typeof WarningUpdateSchema>;

/** The body of `POST /api/warnings/:id/cancel`: a draft is withdrawn at once; an issued one gets a CAP Cancel draft. */
export const WarningCancelSchema = z
  .object({
    /** CAP `note`: why it is cancelled, shown to the public. */
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
/** The body of `POST /api/warnings/:id/cancel`. */
export type WarningCancel = z.infer<typeof WarningCancelSchema>;

/** The body of `POST /api/warnings/:id/approve`: nothing; the approver is who calls. */
export const WarningApproveSchema = z.object({}).strict();

/** The query of `GET /api/warnings`. */
export const WarningQuerySchema = z
  .object({
    /** `active` (drafts, issued and received in force, the default) or `all`. */
    scope: z.enum(['active', 'all']).default('active'),
    exercise: z.string().min(1).max(64).optional(),
  })
  .strict();
/** The query of `GET /api/warnings`. */
export type WarningQuery = z.infer<typeof WarningQuerySchema>;

/** The answer of `GET /api/warnings`. */
export const WarningListSchema = z.object({
  /** Sequence of the last event folded in; realtime `warning.*` events follow it. */
  seq: z.number().int().min(0),
  warnings: z.array(WarningSchema),
});
/** The answer of `GET /api/warnings`. */
export type WarningList = z.infer<typeof WarningListSchema>;

/** The answer of `POST /api/cap`: the warning the message became (or acted on). */
export const CapAcceptedSchema = z.object({ warning: WarningSchema });

/** The states in which a warning is in force (until it expires). */
export const ACTIVE_WARNING_STATES: readonly WarningState[] = ['issued', 'received'];

/**
 * The state of a warning at `now` (ms since the epoch): `expired` once an issued or received
 * warning is past its expiry, else its stored state. Used by the server, the feed and the web.
 */
export function warningStateAt(warning: Pick<Warning, 'state' | 'expires'>, now: number): WarningState {
  return ACTIVE_WARNING_STATES.includes(warning.state) && Date.parse(warning.expires) <= now
    ? 'expired'
    : warning.state;
}

/** Whether a warning is in force at `now`: issued or received, not replaced, not expired. */
export function isWarningActive(
  warning: Pick<Warning, 'state' | 'expires' | 'msgType'>,
  now: number,
): boolean {
  return warning.msgType !== 'Cancel' && ACTIVE_WARNING_STATES.includes(warningStateAt(warning, now));
}

// ---- What `/public` may show: no ids of people, incidents or notes; no drafts. ----

/** A warning as the public page and `GET /api/public/warnings` show it: nothing internal. */
export const PublicWarningSchema = WarningSchema.pick({
  id: true,
  identifier: true,
  senderName: true,
  /** Whether the room issued it or another authority (the Meteorological Department…) did. */
  origin: true,
  msgType: true,
  event: true,
  category: true,
  responseType: true,
  urgency: true,
  severity: true,
  certainty: true,
  onset: true,
  expires: true,
  info: true,
}).extend({
  sent: z.iso.datetime(),
  area: WarningAreaSchema.omit({ geocodes: true }),
  /** Where its CAP message is: `/api/cap/alerts/<id>`. */
  capUrl: z.string(),
});
/** A warning as the public sees it. */
export type PublicWarning = z.infer<typeof PublicWarningSchema>;

/** The answer of `GET /api/public/warnings`: the warnings in force now. */
export const PublicWarningListSchema = z.object({
  /** When this answer was made (UTC ISO). */
  generatedAt: z.iso.datetime(),
  warnings: z.array(PublicWarningSchema),
});
/** The answer of `GET /api/public/warnings`. */
export type PublicWarningList = z.infer<typeof PublicWarningListSchema>;

/** An open shelter as the public sees it: where it is and whether it has room, never who is in it. */
export const PublicShelterSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The gazetteer's bilingual name, when the shelter is a known site. */
  localizedName: LocalizedTextSchema.nullable(),
  location: PointSchema,
  hasRoom: z.boolean(),
  updatedAt: z.iso.datetime(),
});
/** An open shelter as the public sees it. */
export type PublicShelter = z.infer<typeof PublicShelterSchema>;

/** The answer of `GET /api/public/shelters`: open shelters of the live picture. */
export const PublicShelterListSchema = z.object({
  generatedAt: z.iso.datetime(),
  shelters: z.array(PublicShelterSchema),
});
/** The answer of `GET /api/public/shelters`. */
export type PublicShelterList = z.infer<typeof PublicShelterListSchema>;

// ---- Events ----

/**
 * The `warning.*` events: `drafted` (a new alert, update or cancel awaiting approval),
 * `issued` (approved and public), `withdrawn` (a draft dropped), `received` (taken in over CAP).
 */
export const WARNING_EVENT_TYPES = [
  'warning.drafted',
  'warning.issued',
  'warning.withdrawn',
  'warning.received',
] as const;

/** The type of a `warning.*` event. */
export type WarningEventType = (typeof WARNING_EVENT_TYPES)[number];

/**
 * What a `warning.*` event carries: the warning whole after it, and the earlier warnings an
 * issued or received Update or Cancel replaced, each whole after it (now `updated` or `cancelled`).
 */
export const WarningEventDataSchema = z.object({
  warning: WarningSchema,
  replaced: z.array(WarningSchema),
});
