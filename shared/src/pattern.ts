import { z } from 'zod';
import { ExerciseParamSchema, listParam } from './query.js';
import { EventEnvelopeSchema } from './envelope.js';
import { GovernorateIdSchema, IncidentLocationSchema, PolygonSchema, PositionSchema } from './geo.js';
import { LocalizedTextSchema, type LocalizedText } from './i18n.js';
import { ExerciseIdSchema, SeveritySchema, SourceIdSchema } from './incident.js';
import { isCategoryOf, SectorIdSchema, type SectorId } from './sectors.js';

// Pattern watch (issue #14): history, space-time clusters, near repeats, emerging hot spots and
// the next day's risk. The server computes them in a worker; the web draws them. Everything here
// is about places and times, never about persons.

// ---------------------------------------------------------------------------------------------
// Category groups: what one scan looks at together.
// ---------------------------------------------------------------------------------------------

/** The stable ids of the groups of categories the analysis scans together. */
export const PATTERN_GROUP_IDS = [
  'burglary',
  'theft',
  'robbery',
  'drugs',
  'violence',
  'vehicle-fire',
  'collision',
] as const;

/** A category group id. */
export const PatternGroupIdSchema = z.enum(PATTERN_GROUP_IDS);

/** A category group id. */
export type PatternGroupId = z.infer<typeof PatternGroupIdSchema>;

/** One group of categories scanned together, with its name for explanations (singular and plural forms come from `Intl.PluralRules`). */
export interface PatternGroup {
  id: PatternGroupId;
  /** The `sector`/`category` pairs in the group. */
  categories: readonly { sector: SectorId; category: string }[];
  /** The group's name, for a key and a filter. */
  name: LocalizedText;
  /** Whether the Knox near-repeat test applies (burglary, theft, robbery: ISO/Ratcliffe's property crimes). */
  hasNearRepeats: boolean;
}

/** The groups the analysis scans, each on its own. */
export const PATTERN_GROUPS: readonly PatternGroup[] = [
  {
    id: 'burglary',
    categories: [{ sector: 'criminal-security', category: 'burglary' }],
    name: { en: 'Burglary', ar: 'السطو' },
    hasNearRepeats: true,
  },
  {
    id: 'theft',
    categories: [{ sector: 'criminal-security', category: 'theft' }],
    name: { en: 'Theft', ar: 'السرقة' },
    hasNearRepeats: true,
  },
  {
    id: 'robbery',
    categories: [{ sector: 'criminal-security', category: 'armed-robbery' }],
    name: { en: 'Armed robbery', ar: 'السطو المسلح' },
    hasNearRepeats: true,
  },
  {
    id: 'drugs',
    categories: [{ sector: 'criminal-security', category: 'drugs' }],
    name: { en: 'Narcotics', ar: 'المخدرات' },
    hasNearRepeats: false,
  },
  {
    id: 'violence',
    categories: [
      { sector: 'public-security', category: 'assault' },
      { sector: 'public-security', category: 'disturbance' },
    ],
    name: { en: 'Assault and disturbance', ar: 'الاعتداء والإخلال بالأمن' },
    hasNearRepeats: false,
  },
  {
    id: 'vehicle-fire',
    categories: [{ sector: 'fire-marine-rescue', category: 'vehicle-fire' }],
    name: { en: 'Vehicle fires', ar: 'حرائق المركبات' },
    hasNearRepeats: false,
  },
  {
    id: 'collision',
    categories: [{ sector: 'traffic', category: 'collision' }],
    name: { en: 'Traffic collisions', ar: 'الحوادث المرورية' },
    hasNearRepeats: false,
  },
];

/** The group a sector's category belongs to, or null when no scan looks at it. */
export function patternGroupOf(sector: SectorId, category: string): PatternGroupId | null {
  for (const group of PATTERN_GROUPS)
    if (group.categories.some((c) => c.sector === sector && c.category === category)) return group.id;
  return null;
}

/** The group with this id. */
export function patternGroupById(id: PatternGroupId): PatternGroup {
  const group = PATTERN_GROUPS.find((g) => g.id === id);
  if (!group) throw new Error(`unknown pattern group ${id}`);
  return group;
}

/** The groups a `category` filter names: a group id, or a category id of one of the groups. */
export function patternGroupsMatching(names: readonly string[] | undefined): PatternGroupId[] {
  if (!names) return PATTERN_GROUPS.map((g) => g.id);
  return PATTERN_GROUPS.filter((g) =>
    names.some((name) => name === g.id || g.categories.some((c) => c.category === name)),
  ).map((g) => g.id);
}

// ---------------------------------------------------------------------------------------------
// History: past incidents loaded in bulk (`POST /api/history`).
// ---------------------------------------------------------------------------------------------

/** Largest body `POST /api/history` accepts, bytes (other routes take 256 KiB). */
export const HISTORY_BODY_MAX_BYTES = 64 * 1024 * 1024;

/** The content type of `POST /api/history`: one JSON record a line. */
export const HISTORY_CONTENT_TYPE = 'application/x-ndjson';

/**
 * One past incident, one line of `POST /api/history`. `(source, externalRef)` makes it
 * idempotent: a line loaded twice is counted as a duplicate and kept once.
 */
export const HistoryRecordSchema = z
  .object({
    sector: SectorIdSchema,
    category: z.string().min(1).max(64),
    severity: SeveritySchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    location: IncidentLocationSchema,
    governorate: GovernorateIdSchema.optional(),
    /** When it was reported (ISO with an offset). */
    reportedAt: z.iso.datetime({ offset: true }),
    closedAt: z.iso.datetime({ offset: true }).optional(),
    source: SourceIdSchema,
    /** The source system's own id of the record. */
    externalRef: z.string().min(1).max(128),
  })
  .strict()
  .refine((r) => isCategoryOf(r.sector, r.category), {
    error: 'the category is not one of the sector’s categories (GET /api/sectors lists them)',
    path: ['category'],
  })
  .refine((r) => r.closedAt === undefined || Date.parse(r.closedAt) >= Date.parse(r.reportedAt), {
    error: '`closedAt` must not be before `reportedAt`',
    path: ['closedAt'],
  });

/** One past incident, one line of `POST /api/history`. */
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;

/** One problem of a rejected line: the field (dotted path, empty for the whole line) and what is wrong. */
export const HistoryIssueSchema = z.object({ path: z.string(), message: z.string() });

/** One problem of a rejected line. */
export type HistoryIssue = z.infer<typeof HistoryIssueSchema>;

/** The answer of `POST /api/history`: what was loaded, what was already there, and each bad line (1-based) with why. */
export const HistoryImportResultSchema = z.object({
  imported: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  rejected: z.array(z.object({ line: z.number().int().min(1), issues: z.array(HistoryIssueSchema).min(1) })),
});

/** The answer of `POST /api/history`. */
export type HistoryImportResult = z.infer<typeof HistoryImportResultSchema>;

// ---------------------------------------------------------------------------------------------
// Clusters: Kulldorff's prospective space-time permutation scan.
// ---------------------------------------------------------------------------------------------

/** The recent window a scan looks for clusters in, by default, days. */
export const CLUSTER_WINDOW_DEFAULT_DAYS = 7;

/** The longest recent window a scan may be asked for, days. */
export const CLUSTER_WINDOW_MAX_DAYS = 30;

/** The past a scan compares the recent window with, days (a year). */
export const SCAN_HISTORY_DAYS = 365;

/** Monte Carlo replications of every significance test (999: p-values in steps of 0.001). */
export const MONTE_CARLO_REPLICATIONS = 999;

/** The largest p-value a cluster is reported (and a `pattern.detected` appended) at. */
export const CLUSTER_ALPHA = 0.05;

/**
 * A space-time cluster, as the issue asks for it, with its group and sectors. `observed` cases
 * within `radiusM` of `center` between `from` and `to`, where the past year's pattern of the
 * same place and days expects `expected`; `recurrenceDays` is how often a cluster this strong
 * would arise by chance under daily surveillance (SaTScan's recurrence interval).
 */
export const ClusterSchema = z.object({
  /** Stable while the series lasts: the id of its pattern (`pattern.detected`), kept across re-runs. */
  id: z.uuid(),
  /** The category ids of its incidents. */
  categories: z.array(z.string()).min(1),
  /** The group of categories the scan that found it looked at. */
  group: PatternGroupIdSchema,
  /** The sectors whose rooms see it (the owners of its categories). */
  sectors: z.array(SectorIdSchema).min(1),
  center: PositionSchema,
  radiusM: z.number().min(0),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  observed: z.number().int().min(1),
  expected: z.number().min(0),
  relativeRisk: z.number().min(0),
  pValue: z.number().min(0).max(1),
  recurrenceDays: z.number().min(0),
  /** The live (or exercise) incidents and past records in the cluster; past records are `history:<source>:<ref>`. */
  incidentIds: z.array(z.string()).min(1),
  explanation: LocalizedTextSchema,
});

/** A space-time cluster. */
export type Cluster = z.infer<typeof ClusterSchema>;

// ---------------------------------------------------------------------------------------------
// Near repeats: the Knox test.
// ---------------------------------------------------------------------------------------------

/** One cell of a Knox table: pairs of incidents this close in space and time, against chance. */
export const KnoxBandSchema = z.object({
  /** Distance band, metres: `[from, to)`. */
  distanceM: z.tuple([z.number().min(0), z.number().min(0)]),
  /** Time band, days: `[from, to)`. */
  days: z.tuple([z.number().min(0), z.number().min(0)]),
  observed: z.number().int().min(0),
  /** Mean of the Monte Carlo replications (times permuted). */
  expected: z.number().min(0),
  /** observed / expected (Ratcliffe's Knox ratio); 0 when nothing is expected. */
  ratio: z.number().min(0),
  pValue: z.number().min(0).max(1),
});

/** One cell of a Knox table. */
export type KnoxBand = z.infer<typeof KnoxBandSchema>;

/**
 * A zone of raised risk around a recent incident: within `radiusM` and until `until`, the
 * Knox test of its group found significantly more repeats than chance.
 */
export const NearRepeatZoneSchema = z.object({
  /** `<group>:<incident id>`. */
  id: z.string(),
  group: PatternGroupIdSchema,
  sectors: z.array(SectorIdSchema).min(1),
  /** The incident the risk follows. */
  incidentId: z.string(),
  center: PositionSchema,
  radiusM: z.number().min(0),
  /** When the incident was reported. */
  from: z.iso.datetime(),
  /** When the raised risk ends. */
  until: z.iso.datetime(),
  /** The Knox ratio of the band that raised it. */
  ratio: z.number().min(0),
  pValue: z.number().min(0).max(1),
  explanation: LocalizedTextSchema,
});

/** A zone of raised risk around a recent incident. */
export type NearRepeatZone = z.infer<typeof NearRepeatZoneSchema>;

/** The Knox test of one group: its table, and the zones it raises around recent incidents. */
export const NearRepeatGroupSchema = z.object({
  group: PatternGroupIdSchema,
  /** Incidents the test was run on (the past year up to `at`). */
  incidents: z.number().int().min(0),
  bands: z.array(KnoxBandSchema),
  zones: z.array(NearRepeatZoneSchema),
  explanation: LocalizedTextSchema,
});

/** The Knox test of one group. */
export type NearRepeatGroup = z.infer<typeof NearRepeatGroupSchema>;

// ---------------------------------------------------------------------------------------------
// Emerging hot spots: Getis-Ord Gi* over H3 cells and weekly bins, with a Mann-Kendall trend.
// ---------------------------------------------------------------------------------------------

/** The H3 resolution of hot spot and forecast cells (8: about 0.74 km², 460 m edge). */
export const PATTERN_H3_RESOLUTION = 8;

/** The width of one time bin of the emerging hot spot analysis, days. */
export const HOTSPOT_BIN_DAYS = 7;

/** How many weekly bins the emerging hot spot analysis looks back over. */
export const HOTSPOT_BINS = 52;

/** ArcGIS's emerging hot spot classes (hot spots only; cold spots are not shown). */
export const HOTSPOT_CLASSES = [
  'new',
  'consecutive',
  'intensifying',
  'persistent',
  'diminishing',
  'sporadic',
  'oscillating',
  'historical',
] as const;

/** An emerging hot spot class. */
export const HotspotClassSchema = z.enum(HOTSPOT_CLASSES);

/** An emerging hot spot class. */
export type HotspotClass = z.infer<typeof HotspotClassSchema>;

/** The name and meaning of each class, for the map's key (ArcGIS's definitions, shortened). */
export const HOTSPOT_CLASS_NAMES: Readonly<Record<HotspotClass, LocalizedText>> = {
  new: { en: 'New hot spot', ar: 'بؤرة جديدة' },
  consecutive: { en: 'Consecutive hot spot', ar: 'بؤرة متتالية' },
  intensifying: { en: 'Intensifying hot spot', ar: 'بؤرة متصاعدة' },
  persistent: { en: 'Persistent hot spot', ar: 'بؤرة مستمرة' },
  diminishing: { en: 'Diminishing hot spot', ar: 'بؤرة متراجعة' },
  sporadic: { en: 'Sporadic hot spot', ar: 'بؤرة متقطعة' },
  oscillating: { en: 'Oscillating hot spot', ar: 'بؤرة متذبذبة' },
  historical: { en: 'Historical hot spot', ar: 'بؤرة سابقة' },
};

/** One H3 cell of the emerging hot spot analysis, with its boundary so the web needs no H3. */
export const HotspotCellSchema = z.object({
  /** The H3 index. */
  h3: z.string(),
  class: HotspotClassSchema,
  /** The cell's hexagon, a closed GeoJSON ring of `[lon, lat]`. */
  boundary: PolygonSchema,
  center: PositionSchema,
  /** Gi* z-score of the latest weekly bin. */
  zScore: z.number(),
  /** How many of the weekly bins were significant hot spots (p ≤ 0.05). */
  hotBins: z.number().int().min(0),
  /** Mann-Kendall trend of the cell's Gi* z-scores over the bins: Kendall's tau and its p-value. */
  trend: z.object({ tau: z.number().min(-1).max(1), pValue: z.number().min(0).max(1) }),
  /** Incidents in the cell over all bins. */
  count: z.number().int().min(0),
});

/** One H3 cell of the emerging hot spot analysis. */
export type HotspotCell = z.infer<typeof HotspotCellSchema>;

// ---------------------------------------------------------------------------------------------
// Forecast: the next hours' risk per cell.
// ---------------------------------------------------------------------------------------------

/** One H3 cell of the forecast, ranked by risk. */
export const ForecastCellSchema = z.object({
  h3: z.string(),
  boundary: PolygonSchema,
  center: PositionSchema,
  /** 1 for the riskiest cell. */
  rank: z.number().int().min(1),
  /** Expected incidents in the cell over the forecast's hours. */
  expected: z.number().min(0),
  /** Share of the whole forecast's expected incidents in this cell (0–1). */
  share: z.number().min(0).max(1),
  /** Of `expected`, the part raised by recent incidents nearby (self-excitation), not the usual rate. */
  triggered: z.number().min(0),
});

/** One H3 cell of the forecast. */
export type ForecastCell = z.infer<typeof ForecastCellSchema>;

// ---------------------------------------------------------------------------------------------
// The API.
// ---------------------------------------------------------------------------------------------

const AtParamSchema = z.iso.datetime({ offset: true }).optional();

/** The query of `GET /api/patterns/clusters`: at a moment (now by default), over `days`, filtered by sector and category (group or category id). */
export const ClusterQuerySchema = z
  .object({
    at: AtParamSchema,
    days: z.coerce.number().int().min(1).max(CLUSTER_WINDOW_MAX_DAYS).default(CLUSTER_WINDOW_DEFAULT_DAYS),
    sector: listParam(SectorIdSchema),
    category: listParam(z.string().min(1).max(64)),
    exercise: ExerciseParamSchema.optional(),
  })
  .strict();

/** The query of `GET /api/patterns/clusters`. */
export type ClusterQuery = z.infer<typeof ClusterQuerySchema>;

/** The answer of `GET /api/patterns/clusters`: significant clusters alive at `at`. */
export const ClusterListSchema = z.object({
  at: z.iso.datetime(),
  clusters: z.array(ClusterSchema),
});

/** The answer of `GET /api/patterns/clusters`. */
export type ClusterList = z.infer<typeof ClusterListSchema>;

/** The query of `GET /api/patterns/near-repeats`. */
export const NearRepeatQuerySchema = z
  .object({
    at: AtParamSchema,
    sector: listParam(SectorIdSchema),
    category: listParam(z.string().min(1).max(64)),
    exercise: ExerciseParamSchema.optional(),
  })
  .strict();

/** The query of `GET /api/patterns/near-repeats`. */
export type NearRepeatQuery = z.infer<typeof NearRepeatQuerySchema>;

/** The answer of `GET /api/patterns/near-repeats`: each property-crime group's Knox test and zones. */
export const NearRepeatListSchema = z.object({
  at: z.iso.datetime(),
  groups: z.array(NearRepeatGroupSchema),
});

/** The answer of `GET /api/patterns/near-repeats`. */
export type NearRepeatList = z.infer<typeof NearRepeatListSchema>;

/** The query of `GET /api/patterns/hotspots`: one group (or a category of it), burglary by default. */
export const HotspotQuerySchema = z
  .object({
    at: AtParamSchema,
    category: z.string().min(1).max(64).default('burglary'),
    exercise: ExerciseParamSchema.optional(),
  })
  .strict();

/** The query of `GET /api/patterns/hotspots`. */
export type HotspotQuery = z.infer<typeof HotspotQuerySchema>;

/** The answer of `GET /api/patterns/hotspots`: the classified cells (cells with no pattern are left out). */
export const HotspotListSchema = z.object({
  at: z.iso.datetime(),
  group: PatternGroupIdSchema,
  resolution: z.number().int(),
  binDays: z.number().int(),
  bins: z.number().int(),
  cells: z.array(HotspotCellSchema),
});

/** The answer of `GET /api/patterns/hotspots`. */
export type HotspotList = z.infer<typeof HotspotListSchema>;

/** The query of `GET /api/patterns/forecast`: the next `hours` from `at`, the `top` riskiest cells, of a group (all crime groups when left out). */
export const ForecastQuerySchema = z
  .object({
    at: AtParamSchema,
    hours: z.coerce.number().int().min(1).max(168).default(24),
    top: z.coerce.number().int().min(1).max(500).default(50),
    category: listParam(z.string().min(1).max(64)),
    exercise: ExerciseParamSchema.optional(),
  })
  .strict();

/** The query of `GET /api/patterns/forecast`. */
export type ForecastQuery = z.infer<typeof ForecastQuerySchema>;

/** The answer of `GET /api/patterns/forecast`. */
export const ForecastListSchema = z.object({
  at: z.iso.datetime(),
  hours: z.number().int(),
  /** The method, for the key: `hawkes` (a self-exciting point process with a seasonal background). */
  method: z.string(),
  /** Expected incidents over all cells in the hours. */
  total: z.number().min(0),
  cells: z.array(ForecastCellSchema),
});

/** The answer of `GET /api/patterns/forecast`. */
export type ForecastList = z.infer<typeof ForecastListSchema>;

// ---------------------------------------------------------------------------------------------
// Patterns in the log: the durable record of a detected cluster.
// ---------------------------------------------------------------------------------------------

/** Whether a pattern is still going on. */
export const PatternStatusSchema = z.enum(['active', 'ended']);

/** Whether a pattern is still going on. */
export type PatternStatus = z.infer<typeof PatternStatusSchema>;

/** Who acknowledged a pattern, and when. */
export const PatternAcknowledgementSchema = z.object({
  /** `user:<name>`. */
  by: z.string(),
  displayName: z.string(),
  at: z.iso.datetime(),
  note: z.string().nullable(),
});

/** Who acknowledged a pattern, and when. */
export type PatternAcknowledgement = z.infer<typeof PatternAcknowledgementSchema>;

/**
 * A detected series as the log keeps it (entity kind `pattern`): the cluster when it was
 * detected (or last seen, once ended), its log, and who acknowledged it.
 */
export const PatternSchema = z.object({
  /** The cluster's id. */
  id: z.uuid(),
  status: PatternStatusSchema,
  exerciseId: ExerciseIdSchema,
  sectors: z.array(SectorIdSchema).min(1),
  cluster: ClusterSchema,
  detectedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  acknowledgements: z.array(PatternAcknowledgementSchema),
});

/** A detected series as the log keeps it. */
export type Pattern = z.infer<typeof PatternSchema>;

/** The body of `POST /api/patterns/:id/acknowledge`: nothing, or a short note. */
export const PatternAcknowledgeSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();

/** The body of `POST /api/patterns/:id/acknowledge`. */
export type PatternAcknowledge = z.infer<typeof PatternAcknowledgeSchema>;

/** The query of `GET /api/patterns`: the log's patterns (active by default, `all` with ended ones). */
export const PatternQuerySchema = z
  .object({
    scope: z.enum(['active', 'all']).default('active'),
    exercise: ExerciseParamSchema.optional(),
  })
  .strict();

/** The query of `GET /api/patterns`. */
export type PatternQuery = z.infer<typeof PatternQuerySchema>;

/** The answer of `GET /api/patterns`. */
export const PatternListSchema = z.object({ patterns: z.array(PatternSchema) });

/** The answer of `GET /api/patterns`. */
export type PatternList = z.infer<typeof PatternListSchema>;

/** A significant cluster was found alive at the end of the scan's window: a new series, pushed to the rooms of its sectors. */
export const PatternDetectedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('pattern.detected'),
  data: z.object({ pattern: PatternSchema }),
});

/** A series stopped: no longer significant, or no longer alive at the end of the window. */
export const PatternEndedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('pattern.ended'),
  data: z.object({ pattern: PatternSchema }),
});

/** An officer of the series' sectors, or a commander, acknowledged it (the room's alert is answered). */
export const PatternAcknowledgedEventSchema = EventEnvelopeSchema.extend({
  type: z.literal('pattern.acknowledged'),
  data: z.object({ pattern: PatternSchema, acknowledgement: PatternAcknowledgementSchema }),
});
