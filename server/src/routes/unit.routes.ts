import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  NewShelterSchema,
  NewUnitSchema,
  ShelterPatchSchema,
  UnitPositionSchema,
  UnitStatusSchema,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import type { ShelterService } from '../shelters/shelter.service.js';
import type { UnitService } from '../units/unit.service.js';

const UnitParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** Units in the field and temporary shelters. */
export function fieldRoutes(app: FastifyInstance, units: UnitService, shelters: ShelterService): void {
  app.get('/api/units', { config: { access: 'read' } }, (request) => ({
    units: units.list(principalOf(request)),
  }));

  app.post('/api/units', { config: { access: 'register-units' } }, async (request, reply) => {
    const by = principalOf(request);
    const input = parseInput(NewUnitSchema, request.body, 'body');
    const unit = await units.register(
      { ...input, position: input.position ?? null, exerciseId: null },
      `${by.kind}:${by.id}`,
    );
    return reply.code(201).send(unit);
  });

  app.post('/api/units/:id/assign', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    const { incidentId } = parseInput(z.object({ incidentId: z.uuid() }).strict(), request.body, 'body');
    return units.assign(id, incidentId, principalOf(request));
  });

  app.post('/api/units/:id/release', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    return units.release(id, principalOf(request));
  });

  app.patch('/api/units/:id', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    const body = parseInput(
      z.object({ status: UnitStatusSchema, reason: z.string().max(500).optional() }).strict(),
      request.body,
      'body',
    );
    return units.setStatus(id, body.status, body.reason, principalOf(request));
  });

  // Positions come from vehicle trackers (a reporting key of the unit's sector) or a commander's console.
  app.post('/api/units/:id/position', { config: { access: 'move-units' } }, async (request, reply) => {
    const { id } = parseInput(UnitParamsSchema, request.params, 'params');
    const position = parseInput(UnitPositionSchema, request.body, 'body');
    units.reportPositionAs(principalOf(request), id, position);
    return reply.code(202).send({ accepted: true });
  });

  app.get('/api/shelters', { config: { access: 'read' } }, async (request) => {
    const { exercise } = parseInput(
      z.object({ exercise: z.string().min(1).max(64).optional() }).strict(),
      request.query,
      'query',
    );
    return { shelters: await shelters.list(principalOf(request), exercise ?? null) };
  });

  app.post('/api/shelters', { config: { access: 'work' } }, async (request, reply) => {
    const input = parseInput(NewShelterSchema, request.body, 'body');
    return reply.code(201).send(await shelters.open(input, principalOf(request)));
  });

  app.patch('/api/shelters/:id', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params, 'params');
    return shelters.update(id, parseInput(ShelterPatchSchema, request.body, 'body'), principalOf(request));
  });
}
