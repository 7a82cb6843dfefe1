import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  NewShelterSchema,
  NewUnitSchema,
  ShelterPatchSchema,
  UnitPositionSchema,
  UnitStatusSchema,
} from '@mirsad/shared';
import { forbidden, isInExercise, requireRole } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import type { ShelterService } from '../shelters/shelter.service.js';
import type { UnitService } from '../units/unit.service.js';

const UnitParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** Units in the field and temporary shelters. */
export function fieldRoutes(app: FastifyInstance, units: UnitService, shelters: ShelterService): void {
  app.get('/api/units', (request) => ({ units: units.list(principalOf(request)) }));

  app.post('/api/units', async (request, reply) => {
    const by = principalOf(request);
    requireRole(by, ['commander', 'admin'], 'registering units');
    const input = parseInput(NewUnitSchema, request.body, 'body');
    const unit = await units.register(
      { ...input, position: input.position ?? null, exerciseId: null },
      `${by.kind}:${by.id}`,
    );
    return reply.code(201).send(unit);
  });

  app.post('/api/units/:id/assign', async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    const { incidentId } = parseInput(z.object({ incidentId: z.uuid() }).strict(), request.body, 'body');
    return units.assign(id, incidentId, principalOf(request));
  });

  app.post('/api/units/:id/release', async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    return units.release(id, principalOf(request));
  });

  app.patch('/api/units/:id', async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    const body = parseInput(
      z.object({ status: UnitStatusSchema, reason: z.string().max(500).optional() }).strict(),
      request.body,
      'body',
    );
    return units.setStatus(id, body.status, body.reason, principalOf(request));
  });

  app.post('/api/units/:id/position', async (request, reply) => {
    const by = principalOf(request);
    // Positions come from vehicle trackers (a reporting key) or a commander's console, never from a browser officer.
    if (by.role !== 'reporter' && by.role !== 'commander')
      throw forbidden('positions come from trackers and commanders');
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    units.reportPosition(id, parseInput(UnitPositionSchema, request.body, 'body'));
    return reply.code(202).send({ accepted: true });
  });

  app.get('/api/shelters', async (request) => {
    const { exercise } = parseInput(
      z.object({ exercise: z.string().min(1).max(64).optional() }).strict(),
      request.query,
      'query',
    );
    if (exercise !== undefined && !isInExercise(principalOf(request), exercise))
      throw forbidden(`you are not in exercise ${exercise}`);
    return { shelters: await shelters.list(exercise ?? null) };
  });

  app.post('/api/shelters', async (request, reply) => {
    const input = parseInput(NewShelterSchema, request.body, 'body');
    return reply.code(201).send(await shelters.open(input, principalOf(request)));
  });

  app.patch('/api/shelters/:id', async (request) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params, 'params');
    return shelters.update(id, parseInput(ShelterPatchSchema, request.body, 'body'), principalOf(request));
  });
}
