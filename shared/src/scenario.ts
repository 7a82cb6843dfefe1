import { z } from 'zod';
import { IncidentLocationSchema, PointSchema, PolygonSchema, PositionSchema } from './geo.js';
import { LocalizedTextSchema } from './i18n.js';
import { IncidentStatusSchema, SeveritySchema } from './incident.js';
import { isCategoryOf, SectorIdSchema } from './sectors.js';
import { UnitTypeSchema } from './unit.js';

/** A stable id inside a scenario file: lower-case letters, digits and dashes. */
const SlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

/** Minutes from the start of the exercise, in scenario time. */
const MinuteSchema = z
  .number()
  .min(0)
  .max(24 * 60);

/** A line of road, `[lon, lat]` positions. */
export const LineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(PositionSchema).min(2),
});

/**
 * A condition on an earlier incident inject, checked when this inject is due: it fires only
 * if the trainees have NOT yet brought that incident to `status` (or any later one).
 */
export const InjectConditionSchema = z
  .object({
    unlessIncident: SlugSchema,
    /** The status that, once reached, cancels this inject (e.g. acknowledged). */
    hasReached: IncidentStatusSchema,
  })
  .strict();

const InjectBase = z.object({
  /** Unique within the scenario; other injects and expectations refer to it. */
  id: SlugSchema,
  atMin: MinuteSchema,
  condition: InjectConditionSchema.optional(),
});

/** A new incident report from a sector, as if its system reported it. */
export const IncidentInjectSchema = InjectBase.extend({
  kind: z.literal('incident'),
  sector: SectorIdSchema,
  category: z.string().min(1),
  severity: SeveritySchema,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema,
  location: IncidentLocationSchema,
}).strict();

/** A change to an incident an earlier inject reported: escalation, spread, a new description. */
export const IncidentUpdateInjectSchema = InjectBase.extend({
  kind: z.literal('incident-update'),
  target: SlugSchema,
  severity: SeveritySchema.optional(),
  location: IncidentLocationSchema.optional(),
  description: LocalizedTextSchema.optional(),
}).strict();

/** A call from the public to the operations room (an operations/emergency-call incident). */
export const PublicCallInjectSchema = InjectBase.extend({
  kind: z.literal('public-call'),
  text: LocalizedTextSchema,
  location: PointSchema,
  severity: SeveritySchema.default(3),
}).strict();

/** A weather bulletin: rain intensity over an area, and the wind that moves smoke. */
export const WeatherInjectSchema = InjectBase.extend({
  kind: z.literal('weather'),
  text: LocalizedTextSchema,
  /** Rain rate, mm per hour; 0 when dry. */
  rainMmPerHour: z.number().min(0).max(300),
  /** Where it rains that hard; the whole exercise area when left out. */
  area: PolygonSchema.optional(),
  /** Direction the wind blows FROM, degrees clockwise from north. */
  windFromDeg: z.number().min(0).max(360),
  windSpeedKmh: z.number().min(0).max(200),
}).strict();

/** Map overlays that change as the scenario runs. */
export const OverlayInjectSchema = InjectBase.extend({
  kind: z.enum(['flooded-zone', 'fire-perimeter', 'smoke-plume', 'power-cut', 'evacuation-zone']),
  /** Overlays with the same key replace each other: a spreading fire, rising water. */
  key: SlugSchema,
  name: LocalizedTextSchema,
  area: PolygonSchema,
  /** Water depth in centimetres, for flooded zones. */
  depthCm: z.number().min(0).max(1000).optional(),
}).strict();

/** A road closed (or reopened) by the scenario. */
export const RoadClosureInjectSchema = InjectBase.extend({
  kind: z.literal('road-closure'),
  key: SlugSchema,
  name: LocalizedTextSchema,
  line: LineStringSchema,
  isOpen: z.boolean().default(false),
}).strict();

/** A unit of the exercise fleet breaks down (out of service). */
export const UnitBreakdownInjectSchema = InjectBase.extend({
  kind: z.literal('unit-breakdown'),
  unitId: SlugSchema,
  text: LocalizedTextSchema,
}).strict();

/** A CAP scenario file's name: `mock-data/scenarios/cap/<name>.xml`. */
const CapFileSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.xml$/, 'a file name such as met-rain-warning.xml');

/**
 * A CAP 1.2 message from another authority (the Meteorological Department), taken into the
 * exercise as if it had arrived at `POST /api/cap`. Its text is a file of
 * `mock-data/scenarios/cap/`, read into `xml` by the scenario loader.
 */
export const CapInjectSchema = InjectBase.extend({
  kind: z.literal('cap'),
  /** What it is, for the trainer's timeline: "Meteorological Department: heavy rain warning". */
  text: LocalizedTextSchema,
  file: CapFileSchema,
  xml: z
    .string()
    .min(1)
    .max(1024 * 1024)
    .optional(),
}).strict();

/** Any inject of a scenario timeline. */
export const InjectSchema = z.discriminatedUnion('kind', [
  IncidentInjectSchema,
  IncidentUpdateInjectSchema,
  PublicCallInjectSchema,
  WeatherInjectSchema,
  OverlayInjectSchema,
  RoadClosureInjectSchema,
  UnitBreakdownInjectSchema,
  CapInjectSchema,
]);

/** Any inject of a scenario timeline. */
export type Inject = z.infer<typeof InjectSchema>;

/** A unit of the exercise's own fleet, kept apart from real units. */
export const ScenarioUnitSchema = z
  .object({
    id: SlugSchema,
    sector: SectorIdSchema,
    type: UnitTypeSchema,
    callSign: z.string().min(1).max(32),
    base: PositionSchema,
  })
  .strict();

/** What trainees are expected to do, and how soon, for the debrief's scoring. */
export const ExpectationSchema = z
  .object({
    id: SlugSchema,
    /** The incident inject it is about; for `public-warning`, an incident or a CAP inject. */
    target: SlugSchema,
    /** `public-warning`: the trainees issue a public warning (drafted and approved) after the target. */
    action: z.enum([
      'acknowledge',
      'dispatch',
      'on-scene',
      'open-shelter',
      'request-support',
      'public-warning',
    ]),
    /** Minutes of scenario time from the target's report (or the CAP inject's arrival). */
    withinMin: z.number().min(0.5).max(240),
    description: LocalizedTextSchema,
  })
  .strict();

/** An exercise scenario file in mock-data/scenarios. */
export const ScenarioSchema = z
  .object({
    id: SlugSchema,
    kind: z.enum(['heavy-rain', 'fire', 'other']),
    name: LocalizedTextSchema,
    summary: LocalizedTextSchema,
    /** Length of the scenario in minutes of scenario time. */
    durationMin: z
      .number()
      .min(1)
      .max(24 * 60),
    /** Where the map opens for this exercise. */
    view: z.object({ center: PositionSchema, zoom: z.number().min(5).max(16) }).strict(),
    units: z.array(ScenarioUnitSchema),
    injects: z.array(InjectSchema).min(1),
    expectations: z.array(ExpectationSchema),
  })
  .strict()
  .superRefine((scenario, context) => {
    const ids = new Map<string, Inject>();
    scenario.injects.forEach((inject, index) => {
      if (ids.has(inject.id)) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'id'],
          message: `inject id ${inject.id} is used twice`,
        });
      }
      ids.set(inject.id, inject);
      if (inject.atMin > scenario.durationMin) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'atMin'],
          message: `after the scenario ends (${scenario.durationMin} min)`,
        });
      }
    });
    const isIncident = (id: string): boolean => {
      const inject = ids.get(id);
      return inject?.kind === 'incident' || inject?.kind === 'public-call';
    };
    const unitIds = new Set(scenario.units.map((u) => u.id));
    scenario.injects.forEach((inject, index) => {
      if (inject.kind === 'incident-update' && !isIncident(inject.target)) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'target'],
          message: `no incident inject ${inject.target}`,
        });
      }
      if (inject.condition && !isIncident(inject.condition.unlessIncident)) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'condition', 'unlessIncident'],
          message: `no incident inject ${inject.condition.unlessIncident}`,
        });
      }
      if (inject.kind === 'incident' && !isCategoryOf(inject.sector, inject.category)) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'category'],
          message: `not a category of ${inject.sector}`,
        });
      }
      if (inject.kind === 'unit-breakdown' && !unitIds.has(inject.unitId)) {
        context.addIssue({
          code: 'custom',
          path: ['injects', index, 'unitId'],
          message: `no scenario unit ${inject.unitId}`,
        });
      }
    });
    scenario.expectations.forEach((expectation, index) => {
      const isCap = ids.get(expectation.target)?.kind === 'cap';
      if (!isIncident(expectation.target) && !(expectation.action === 'public-warning' && isCap)) {
        context.addIssue({
          code: 'custom',
          path: ['expectations', index, 'target'],
          message:
            expectation.action === 'public-warning'
              ? `no incident or CAP inject ${expectation.target}`
              : `no incident inject ${expectation.target}`,
        });
      }
    });
  });

/** An exercise scenario file. */
export type Scenario = z.infer<typeof ScenarioSchema>;
