import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ExerciseControlSchema,
  InjectSchema,
  NewExerciseSchema,
  LocaleSchema,
  type Scenario,
  type ScenarioOverview,
  type SectorId,
  type TraineeCandidate,
} from '@mirsad/shared';
import type { AuthService } from '../auth/auth.service.js';
import { principalOf } from '../auth/auth.hooks.js';
import { HttpError, parseInput } from '../errors.js';
import type { ExerciseService } from '../exercises/exercise.service.js';
import type { UnitService } from '../units/unit.service.js';

const IdSchema = z.object({ id: z.string().regex(/^ex-[a-z0-9]{8}$/) });

/** What the trainer's console lists to choose from. */
export interface ScenarioSummary {
  id: string;
  kind: string;
  name: { ar: string; en: string };
  durationMin: number;
}

/** Where the routes read scenarios: their list, and each one by id. */
export interface ScenarioCatalogue {
  list(): ScenarioSummary[];
  load(id: string): Scenario;
}

/** What the console shows of a scenario to choose it, counted from the file itself. */
export function overviewOf(scenario: Scenario): ScenarioOverview {
  const sectors = new Set<SectorId>();
  for (const inject of scenario.injects) {
    if (inject.kind === 'incident') sectors.add(inject.sector);
    if (inject.kind === 'public-call') sectors.add('operations');
  }
  return {
    id: scenario.id,
    kind: scenario.kind,
    name: scenario.name,
    summary: scenario.summary,
    durationMin: scenario.durationMin,
    injectCount: scenario.injects.length,
    sectors: [...sectors].sort(),
    expectationCount: scenario.expectations.length,
  };
}

/** Training: scenarios, trainees, exercises, their control, overlays, units and debrief. */
export function exerciseRoutes(
  app: FastifyInstance,
  exercises: ExerciseService,
  units: UnitService,
  scenarios: ScenarioCatalogue,
  auth: AuthService,
): void {
  app.get('/api/scenarios', { config: { access: 'run-exercises' } }, () => {
    return { scenarios: scenarios.list().map((summary) => overviewOf(scenarios.load(summary.id))) };
  });

  // Trainers prepare exercises but may not manage accounts: this lists only who can train.
  app.get(
    '/api/trainees',
    { config: { access: 'choose-trainees' } },
    async (): Promise<{ trainees: TraineeCandidate[] }> => ({ trainees: await traineesOf(auth) }),
  );

  app.get('/api/exercises', { config: { access: 'read' } }, (request) => ({
    exercises: exercises.list(principalOf(request)),
  }));

  app.post('/api/exercises', { config: { access: 'run-exercises' } }, async (request, reply) => {
    const body = parseInput(
      NewExerciseSchema.extend({ locale: LocaleSchema.default('ar') }),
      request.body,
      'body',
    );
    // Only who may train: an unknown, disabled or non-officer account would be a trainee
    // nobody can sign in as, or someone the exercise's rooms should not open to.
    const candidates = new Set((await traineesOf(auth)).map((trainee) => trainee.username));
    const strangers = body.trainees.flatMap((username, index) =>
      candidates.has(username)
        ? []
        : [{ path: `body.trainees.${index}`, message: `${username} is not an officer who can train` }],
    );
    if (strangers.length > 0)
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: ${strangers.map((s) => s.message).join('; ')}`,
        strangers,
      );
    return reply.code(201).send(await exercises.create(body, principalOf(request)));
  });

  app.get('/api/exercises/:id', { config: { access: 'read' } }, (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return exercises.get(id, principalOf(request));
  });

  app.post('/api/exercises/:id/control', { config: { access: 'run-exercises' } }, async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    const by = principalOf(request);
    exercises.getToRun(id, by, 'controlling');
    return exercises.control(id, parseInput(ExerciseControlSchema, request.body, 'body'), by);
  });

  app.post('/api/exercises/:id/inject', { config: { access: 'run-exercises' } }, async (request, reply) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    const by = principalOf(request);
    exercises.getToRun(id, by, 'injecting');
    await exercises.injectNow(id, parseInput(InjectSchema, request.body, 'body'), by);
    return reply.code(202).send({ accepted: true });
  });

  app.get('/api/exercises/:id/overlays', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return { overlays: await exercises.overlays(id, principalOf(request)) };
  });

  app.get('/api/exercises/:id/units', { config: { access: 'read' } }, (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    const by = principalOf(request);
    exercises.get(id, by);
    return { units: units.listOfExercise(id, by) };
  });

  // The whole timeline, upcoming injects included: for whoever runs it, never for trainees.
  app.get('/api/exercises/:id/scenario', { config: { access: 'run-exercises' } }, (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    exercises.getToRun(id, principalOf(request), 'the scenario');
    return exercises.scenarioOf(id);
  });

  app.get('/api/exercises/:id/debrief', { config: { access: 'run-exercises' } }, async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return exercises.debrief(id, principalOf(request));
  });
}

/** The accounts that can be put in an exercise: enabled officers, by username. */
async function traineesOf(auth: AuthService): Promise<TraineeCandidate[]> {
  const accounts = await auth.listAccounts();
  return accounts
    .filter((account) => account.role === 'officer' && !account.isDisabled)
    .map(({ username, displayName, sectors }) => ({ username, displayName, sectors }))
    .sort((a, b) => a.username.localeCompare(b.username));
}
