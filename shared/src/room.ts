import { z } from 'zod';
import { PointSchema } from './geo.js';
import { type LocalizedText } from './i18n.js';
import { ExerciseIdSchema } from './incident.js';
import { SectorIdSchema, type SectorId } from './sectors.js';

/** Who did something, as the room shows it. */
export const PersonRefSchema = z.object({
  /** `user:<name>`, `key:<id>` or `source:<id>`. */
  actor: z.string(),
  displayName: z.string(),
});

/** Who did something. */
export type PersonRef = z.infer<typeof PersonRefSchema>;

/** A line in an incident's live log. */
export const NoteSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  text: z.string().min(1).max(2000),
  author: PersonRefSchema,
  at: z.iso.datetime(),
});

/** A line in an incident's live log. */
export type Note = z.infer<typeof NoteSchema>;

/** The body of `POST /api/incidents/:id/notes`. */
export const NewNoteSchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

/** Where a support request stands. */
export const SupportStatusSchema = z.enum(['pending', 'accepted', 'declined', 'withdrawn']);

/** Where a support request stands. */
export type SupportStatus = z.infer<typeof SupportStatusSchema>;

/** One sector asking another for help on an incident. */
export const SupportRequestSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  fromSector: SectorIdSchema,
  toSector: SectorIdSchema,
  /** What is needed, such as "a rescue team with a boat". */
  request: z.string().min(1).max(500),
  status: SupportStatusSchema,
  requestedBy: PersonRefSchema,
  requestedAt: z.iso.datetime(),
  answeredBy: PersonRefSchema.nullable(),
  answeredAt: z.iso.datetime().nullable(),
  /** Why it was declined, or what is coming. */
  answer: z.string().max(500).nullable(),
  exerciseId: ExerciseIdSchema,
});

/** One sector asking another for help on an incident. */
export type SupportRequest = z.infer<typeof SupportRequestSchema>;

/** The body of `POST /api/incidents/:id/support-requests`. */
export const NewSupportRequestSchema = z
  .object({
    toSector: SectorIdSchema,
    request: z.string().trim().min(1).max(500),
    /** Which of the requester's sectors asks; defaults to the incident's owner when the caller works it. */
    fromSector: SectorIdSchema.optional(),
  })
  .strict();

/** The body of `POST /api/support-requests/:id/accept` and `/decline`. */
export const SupportAnswerSchema = z.object({ answer: z.string().trim().max(500).optional() }).strict();

/** Where a proposed link between two reports stands. */
export const LinkStatusSchema = z.enum(['proposed', 'merged', 'dismissed']);

/** A proposal that two reports from different sectors are one incident. */
export const LinkSchema = z.object({
  id: z.uuid(),
  /** The earlier report first. */
  incidentIds: z.tuple([z.uuid(), z.uuid()]),
  sectors: z.tuple([SectorIdSchema, SectorIdSchema]),
  distanceM: z.number().min(0),
  minutesApart: z.number().min(0),
  status: LinkStatusSchema,
  proposedAt: z.iso.datetime(),
  decidedBy: PersonRefSchema.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  exerciseId: ExerciseIdSchema,
});

/** A proposal that two reports from different sectors are one incident. */
export type Link = z.infer<typeof LinkSchema>;

/** The body of `POST /api/links/:id/merge`: which incident survives (the earlier one by default). */
export const MergeRequestSchema = z.object({ survivorId: z.uuid().optional() }).strict();

/** Related categories across sectors: reports of these within the radius and window may be one incident. */
export const RELATED_CATEGORIES: readonly (readonly string[])[] = [
  [
    'traffic/collision',
    'fire-marine-rescue/vehicle-fire',
    'fire-marine-rescue/rescue',
    'operations/emergency-call',
  ],
  [
    'traffic/flooded-road',
    'traffic/stranded-vehicle',
    'civil-defence/flooding',
    'fire-marine-rescue/rescue',
    'operations/emergency-call',
  ],
  [
    'fire-marine-rescue/building-fire',
    'fire-marine-rescue/industrial-fire',
    'civil-defence/evacuation',
    'civil-defence/hazmat',
    'operations/emergency-call',
    'operations/major-incident',
  ],
  ['border-coast-guard/vessel-distress', 'fire-marine-rescue/marine-rescue', 'operations/emergency-call'],
  [
    'public-security/disturbance',
    'public-security/crowd-control',
    'criminal-security/armed-robbery',
    'public-security/assault',
    'operations/emergency-call',
  ],
  [
    'civil-defence/structural-collapse',
    'fire-marine-rescue/rescue',
    'operations/emergency-call',
    'operations/major-incident',
  ],
  ['criminal-security/theft', 'criminal-security/burglary', 'public-security/suspicious-object'],
];

/** Correlation window: reports closer than this, metres… */
export const CORRELATION_RADIUS_M = 300;
/** …and nearer in time than this, minutes, with related categories, are proposed as one. */
export const CORRELATION_WINDOW_MIN = 15;

/** Each sector/category pair's related pairs (itself included), from RELATED_CATEGORIES, built once. */
const RELATED_BY_KEY = new Map<string, Set<string>>();
for (const group of RELATED_CATEGORIES)
  for (const key of group) {
    const related = RELATED_BY_KEY.get(key) ?? new Set<string>();
    for (const other of group) related.add(other);
    RELATED_BY_KEY.set(key, related);
  }

/** `relatedCategoriesOf`'s answers by pair, computed on first use: every report on the write path asks. */
const RELATED_OF = new Map<string, readonly { sector: SectorId; category: string }[]>();

/** The sector/category pairs of other sectors that a report of `a` may be correlated with. */
export function relatedCategoriesOf(a: {
  sector: SectorId;
  category: string;
}): readonly { sector: SectorId; category: string }[] {
  const key = `${a.sector}/${a.category}`;
  let pairs = RELATED_OF.get(key);
  if (!pairs) {
    pairs = [...(RELATED_BY_KEY.get(key) ?? [])].flatMap((other) => {
      const [sector, category] = other.split('/');
      return sector && category && sector !== a.sector ? [{ sector: sector as SectorId, category }] : [];
    });
    RELATED_OF.set(key, pairs);
  }
  return pairs;
}

/** Whether two sector/category pairs are related enough to be one incident. */
export function areCategoriesRelated(
  a: { sector: SectorId; category: string },
  b: { sector: SectorId; category: string },
): boolean {
  return RELATED_BY_KEY.get(`${a.sector}/${a.category}`)?.has(`${b.sector}/${b.category}`) ?? false;
}

/** A temporary shelter's state. */
export const ShelterStatusSchema = z.enum(['open', 'full', 'closed']);

/** A temporary shelter opened for people displaced by rain, fire or evacuation. */
export const ShelterSchema = z.object({
  id: z.uuid(),
  /** The gazetteer site it occupies, when it is one. */
  facilityId: z.string().nullable(),
  name: z.string().min(1).max(200),
  location: PointSchema,
  capacity: z.number().int().min(1).max(100_000),
  occupancy: z.number().int().min(0).max(100_000),
  /** What it lacks now: water, blankets, medical staff… */
  needs: z.array(z.string().min(1).max(100)).max(20),
  status: ShelterStatusSchema,
  openedAt: z.iso.datetime(),
  openedBy: PersonRefSchema,
  updatedAt: z.iso.datetime(),
  version: z.number().int().min(1),
  exerciseId: ExerciseIdSchema,
});

/** A temporary shelter. */
export type Shelter = z.infer<typeof ShelterSchema>;

/** The body of `POST /api/shelters`. */
export const NewShelterSchema = z
  .object({
    facilityId: z.string().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    location: PointSchema.optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
    occupancy: z.number().int().min(0).max(100_000).default(0),
    needs: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    /** Opens it inside an exercise rather than in the live picture. */
    exerciseId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((value) => value.facilityId !== undefined || (value.name && value.location && value.capacity), {
    error: 'name a gazetteer facilityId, or give name, location and capacity',
  });

/** The body of `PATCH /api/shelters/:id`. */
export const ShelterPatchSchema = z
  .object({
    version: z.number().int().min(1),
    occupancy: z.number().int().min(0).max(100_000).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
    needs: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    status: ShelterStatusSchema.optional(),
  })
  .strict();

/** Someone in a room now, as presence shows them. */
export const PresenceEntrySchema = z.object({
  actor: z.string(),
  displayName: z.string(),
  role: z.string(),
  sectors: z.array(SectorIdSchema),
  /** Open connections (tabs, screens). */
  connections: z.number().int().min(1),
});

/** Someone in a room now. */
export type PresenceEntry = z.infer<typeof PresenceEntrySchema>;

/** The names of support request states, in both languages. */
export const SUPPORT_STATUS_NAMES: Readonly<Record<SupportStatus, LocalizedText>> = {
  pending: { en: 'Pending', ar: 'قيد الانتظار' },
  accepted: { en: 'Accepted', ar: 'مقبول' },
  declined: { en: 'Declined', ar: 'مرفوض' },
  withdrawn: { en: 'Withdrawn', ar: 'مسحوب' },
};
