import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  IncidentPatchSchema,
  IncidentQuerySchema,
  NewIncidentSchema,
  type IncidentList,
} from '@mirsad/shared';
import { parseInput } from '../errors.js';
import type { IncidentService } from '../incidents/incident.service.js';

const IdParamsSchema = z.object({ id: z.uuid() });

/** The incidents API: the current picture, reports and changes. */
export function incidentRoutes(app: FastifyInstance, service: IncidentService): void {
  app.get('/api/incidents', async (request): Promise<IncidentList> => {
    const query = parseInput(IncidentQuerySchema, request.query, 'query');
    return service.list({ ...query, exerciseId: null });
  });

  app.get('/api/incidents/:id', async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return service.get(id);
  });

  app.post('/api/incidents', async (request, reply) => {
    const body = parseInput(NewIncidentSchema, request.body, 'body');
    // TODO(issue 3): the actor becomes the signed-in person or the API key's source.
    const { incident, isNew } = await service.report(body, `source:${body.source}`);
    // A repeated report answers 200 with the first incident, so a retrying sender can tell.
    return reply.code(isNew ? 201 : 200).send(incident);
  });

  app.patch('/api/incidents/:id', async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const patch = parseInput(IncidentPatchSchema, request.body, 'body');
    return service.update(id, patch, 'user:unauthenticated');
  });
}
