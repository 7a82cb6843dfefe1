import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ExerciseControlSchema, InjectSchema, NewExerciseSchema, LocaleSchema } from '@mirsad/shared';
import { requireRole } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
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

/** Training: scenarios, exercises, their control, overlays, units and debrief. */
export function exerciseRoutes(
  app: FastifyInstance,
  exercises: ExerciseService,
  units: UnitService,
  listScenarios: () => ScenarioSummary[],
): void {
  app.get('/api/scenarios', (request) => {
    requireRole(principalOf(request), ['trainer', 'commander'], 'running exercises');
    return { scenarios: listScenarios() };
  });

  app.get('/api/exercises', (request) => ({ exercises: exercises.list(principalOf(request)) }));

  app.post('/api/exercises', async (request, reply) => {
    const body = parseInput(
      NewExerciseSchema.extend({ locale: LocaleSchema.default('ar') }),
      request.body,
      'body',
    );
    return reply.code(201).send(await exercises.create(body, principalOf(request)));
  });

  app.get('/api/exercises/:id', (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return exercises.get(id, principalOf(request));
  });

  app.post('/api/exercises/:id/control', async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return exercises.control(
      id,
      parseInput(ExerciseControlSchema, request.body, 'body'),
      principalOf(request),
    );
  });

  app.post('/api/exercises/:id/inject', async (request, reply) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    await exercises.injectNow(id, parseInput(InjectSchema, request.body, 'body'), principalOf(request));
    return reply.code(202).send({ accepted: true });
  });

  app.get('/api/exercises/:id/overlays', async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return { overlays: await exercises.overlays(id, principalOf(request)) };
  });

  app.get('/api/exercises/:id/units', (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    exercises.get(id, principalOf(request));
    return { units: units.listOfExercise(id) };
  });

  app.get('/api/exercises/:id/debrief', async (request) => {
    const { id } = parseInput(IdSchema, request.params, 'params');
    return exercises.debrief(id, principalOf(request));
  });
}
