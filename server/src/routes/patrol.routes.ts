import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CoverageQuerySchema,
  NewPatrolAreaSchema,
  PatrolAreaPatchSchema,
  PatrolUnitsSchema,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import type { PatrolService } from '../patrols/patrol.service.js';

const PatrolParamsSchema = z.object({ id: z.uuid() });
const LogQuerySchema = z.object({ exercise: z.string().min(1).max(64).optional() }).strict();

/** Patrol areas, their units, and the coverage of high-risk areas. */
export function patrolRoutes(app: FastifyInstance, patrols: PatrolService): void {
  app.get('/api/patrols', { config: { access: 'read' } }, async (request) => {
    const { exercise } = parseInput(LogQuerySchema, request.query, 'query');
    return { patrols: await patrols.list(principalOf(request), exercise ?? null) };
  });

  app.get('/api/patrols/coverage', { config: { access: 'read' } }, async (request) => {
    const query = parseInput(CoverageQuerySchema, request.query, 'query');
    return patrols.coverage(principalOf(request), query.exercise ?? null, query.distanceM);
  });

  app.post('/api/patrols', { config: { access: 'plan-patrols' } }, async (request, reply) => {
    const input = parseInput(NewPatrolAreaSchema, request.body, 'body');
    return reply.code(201).send(await patrols.define(input, principalOf(request)));
  });

  app.patch('/api/patrols/:id', { config: { access: 'plan-patrols' } }, async (request) => {
    const { id } = parseInput(PatrolParamsSchema, request.params, 'params');
    return patrols.change(id, parseInput(PatrolAreaPatchSchema, request.body, 'body'), principalOf(request));
  });

  app.put('/api/patrols/:id/units', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(PatrolParamsSchema, request.params, 'params');
    return patrols.assign(id, parseInput(PatrolUnitsSchema, request.body, 'body'), principalOf(request));
  });
}
