import { z } from 'zod';
import { LineStringSchema } from './scenario.js';
import { PolygonSchema } from './geo.js';
import { LocalizedTextSchema } from './i18n.js';
import { UsernameSchema } from './auth.js';
import { SectorIdSchema } from './sectors.js';

/** Where an exercise stands. */
export const ExerciseStatusSchema = z.enum(['ready', 'running', 'paused', 'ended']);

/** Fastest an exercise may run: one real second for a minute of scenario time. */
export const MAX_EXERCISE_SPEED = 60;

/** A run of a scenario by a trainer with trainees; everything in it is kept apart from the live picture. */
export const ExerciseSchema = z.object({
  id: z.string().regex(/^ex-[a-z0-9]{8}$/),
  scenarioId: z.string(),
  name: LocalizedTextSchema,
  seed: z.number().int().min(0),
  status: ExerciseStatusSchema,
  /** Scenario minutes per real minute. */
  speed: z.number().min(1).max(MAX_EXERCISE_SPEED),
  /** Scenario time reached, minutes from the start. */
  clockMin: z.number().min(0),
  durationMin: z.number().min(1),
  trainees: z.array(UsernameSchema),
  trainer: z.string(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** Injects dealt with so far, by id, in order: fired, or skipped because their condition failed. */
  fired: z.array(z.string()),
  /** Conditional injects that did not fire because the trainees had already acted. */
  skipped: z.array(z.string()),
});

/** A run of a scenario. */
export type Exercise = z.infer<typeof ExerciseSchema>;

/** The body of `POST /api/exercises`. */
export const NewExerciseSchema = z
  .object({
    scenarioId: z.string().min(1),
    trainees: z.array(UsernameSchema).default([]),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(1),
    speed: z.number().min(1).max(MAX_EXERCISE_SPEED).default(1),
  })
  .strict();

/** The body of `POST /api/exercises/:id/control`. */
export const ExerciseControlSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start') }).strict(),
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('resume') }).strict(),
  z.object({ action: z.literal('end') }).strict(),
  z.object({ action: z.literal('speed'), speed: z.number().min(1).max(MAX_EXERCISE_SPEED) }).strict(),
  z
    .object({
      action: z.literal('jump'),
      toMin: z
        .number()
        .min(0)
        .max(24 * 60),
    })
    .strict(),
]);

/** A control of a running exercise. */
export type ExerciseControl = z.infer<typeof ExerciseControlSchema>;

/** A shape drawn over the map by an exercise: water, fire, smoke, a closed road, rain. */
export const OverlaySchema = z.object({
  /** The scenario's key: later injects with the same key replace it. */
  key: z.string(),
  exerciseId: z.string(),
  kind: z.enum([
    'flooded-zone',
    'fire-perimeter',
    'smoke-plume',
    'power-cut',
    'evacuation-zone',
    'road-closure',
    'rain',
  ]),
  name: LocalizedTextSchema,
  geometry: z.discriminatedUnion('type', [PolygonSchema, LineStringSchema]).nullable(),
  depthCm: z.number().nullable(),
  rainMmPerHour: z.number().nullable(),
  /** Closed roads that reopen stay listed with this set to false. */
  isActive: z.boolean(),
  atMin: z.number().min(0),
});

/** A shape drawn over the map by an exercise. */
export type Overlay = z.infer<typeof OverlaySchema>;

/** How one expectation of the scenario was met. */
export const DebriefItemSchema = z.object({
  expectationId: z.string(),
  description: LocalizedTextSchema,
  target: z.string(),
  action: z.string(),
  withinMin: z.number(),
  /** Scenario minute the target was reported; null if it never was (a later inject not reached). */
  reportedMin: z.number().nullable(),
  /** Minutes from the report to the action; null when not done. */
  tookMin: z.number().nullable(),
  /** When, in real time, the target was reported and the action done (the debrief's clock times). */
  reportedAt: z.iso.datetime().nullable(),
  doneAt: z.iso.datetime().nullable(),
  by: z.string().nullable(),
  isMet: z.boolean(),
});

/** One trainee's figures. */
export const TraineeFiguresSchema = z.object({
  actor: z.string(),
  acknowledged: z.number().int(),
  dispatched: z.number().int(),
  notes: z.number().int(),
  sheltersOpened: z.number().int(),
  /** Public warnings they wrote that were issued (a second person approved them). */
  warningsIssued: z.number().int(),
  medianAcknowledgeMin: z.number().nullable(),
  medianDispatchMin: z.number().nullable(),
});

/** The debrief of an exercise: expectations met and missed, per trainee and for the team. */
export const DebriefSchema = z.object({
  exercise: ExerciseSchema,
  items: z.array(DebriefItemSchema),
  trainees: z.array(TraineeFiguresSchema),
  team: z.object({
    medianAcknowledgeMin: z.number().nullable(),
    medianDispatchMin: z.number().nullable(),
    firstShelterMin: z.number().nullable(),
    /** Scenario minute the trainees' first public warning was issued; null when none was. */
    firstPublicWarningMin: z.number().nullable(),
    metCount: z.number().int(),
    missedCount: z.number().int(),
    /** Escalations that fired because nobody acted in time. */
    missedEscalations: z.array(z.string()),
    /** Escalations the team headed off. */
    avoidedEscalations: z.array(z.string()),
  }),
});

/** The debrief of an exercise. */
export type Debrief = z.infer<typeof DebriefSchema>;

/** What the trainer's console shows of a scenario to choose it: its length, sectors and size. */
export const ScenarioOverviewSchema = z.object({
  id: z.string(),
  kind: z.enum(['heavy-rain', 'fire', 'other']),
  name: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  durationMin: z.number().min(1),
  injectCount: z.number().int().min(0),
  /** Sectors its incident injects report to (public calls reach operations). */
  sectors: z.array(SectorIdSchema),
  expectationCount: z.number().int().min(0),
});

/** A scenario as the trainer's console lists it. */
export type ScenarioOverview = z.infer<typeof ScenarioOverviewSchema>;

/** An officer a trainer may put into an exercise (`GET /api/trainees`): no more than the console needs. */
export const TraineeCandidateSchema = z.object({
  username: UsernameSchema,
  displayName: z.string(),
  sectors: z.array(SectorIdSchema),
});

/** An officer a trainer may put into an exercise. */
export type TraineeCandidate = z.infer<typeof TraineeCandidateSchema>;
