import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  IncidentPatchSchema,
  IncidentQuerySchema,
  MergeRequestSchema,
  NewIncidentSchema,
  NewNoteSchema,
  NewSupportRequestSchema,
  SupportAnswerSchema,
  SupportStatusSchema,
  LinkStatusSchema,
  type IncidentList,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import { isActivePicture, type IncidentService } from '../incidents/incident.service.js';
import type { ReadPool } from '../review/read.pool.js';
import { abortOnClose, sendJsonText } from './reader.reply.js';

const IdParamsSchema = z.object({ id: z.uuid() });

/** `?exercise=<id>`: the lists of one exercise instead of the live picture's. */
const ExerciseParam = z.string().min(1).max(64).optional();

/** The incidents API: the picture, reports, changes, notes, support between sectors and merges. */
export function incidentRoutes(app: FastifyInstance, service: IncidentService, reads: ReadPool): void {
  app.get(
    '/api/incidents',
    { config: { access: 'read' } },
    async (request, reply): Promise<IncidentList | FastifyReply> => {
      const { exercise, limit, cursor, ...query } = parseInput(IncidentQuerySchema, request.query, 'query');
      const by = principalOf(request);
      const filter = { ...query, exerciseId: exercise ?? null };
      if (isActivePicture(filter)) {
        // Read, filtered and serialised by a reader thread: the main thread passes the text on.
        const job = await service.activePictureJob(filter, by);
        return sendJsonText(reply, await reads.json(job, abortOnClose(reply)));
      }
      return service.list(filter, by, {
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
      });
    },
  );

  app.get('/api/incidents/:id', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return service.getVisible(id, principalOf(request));
  });

  app.post('/api/incidents', { config: { access: 'report' } }, async (request, reply) => {
    const by = principalOf(request);
    const body = parseInput(NewIncidentSchema, request.body, 'body');
    const { incident, isNew } = await service.report(body, by);
    // A repeated report answers 200 with the first incident, so a retrying sender can tell.
    return reply.code(isNew ? 201 : 200).send(incident);
  });

  app.patch('/api/incidents/:id', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const patch = parseInput(IncidentPatchSchema, request.body, 'body');
    return service.update(id, patch, principalOf(request));
  });

  app.get('/api/incidents/:id/events', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return { events: await service.timeline(id, principalOf(request)) };
  });

  app.get('/api/incidents/:id/notes', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return { notes: await service.notes(id, principalOf(request)) };
  });

  app.post('/api/incidents/:id/notes', { config: { access: 'work' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const { text } = parseInput(NewNoteSchema, request.body, 'body');
    return reply.code(201).send(await service.addNote(id, text, principalOf(request)));
  });

  app.post('/api/incidents/:id/support-requests', { config: { access: 'work' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const input = parseInput(NewSupportRequestSchema, request.body, 'body');
    return reply.code(201).send(await service.requestSupport(id, input, principalOf(request)));
  });

  app.get('/api/support-requests', { config: { access: 'read' } }, async (request) => {
    const { status, exercise } = parseInput(
      z.object({ status: SupportStatusSchema.optional(), exercise: ExerciseParam }).strict(),
      request.query,
      'query',
    );
    const by = principalOf(request);
    return { requests: await service.supportRequests(by, status, exercise ?? null) };
  });

  for (const decision of ['accept', 'decline'] as const) {
    app.post(`/api/support-requests/:id/${decision}`, { config: { access: 'answer' } }, async (request) => {
      const { id } = parseInput(IdParamsSchema, request.params, 'params');
      const { answer } = parseInput(SupportAnswerSchema, request.body ?? {}, 'body');
      return service.answerSupport(id, decision === 'accept', answer, principalOf(request));
    });
  }

  app.get('/api/links', { config: { access: 'read' } }, async (request) => {
    const { status, exercise } = parseInput(
      z.object({ status: LinkStatusSchema.optional(), exercise: ExerciseParam }).strict(),
      request.query,
      'query',
    );
    const by = principalOf(request);
    return { links: await service.links(by, status, exercise ?? null) };
  });

  app.post('/api/links/:id/merge', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const { survivorId } = parseInput(MergeRequestSchema, request.body ?? {}, 'body');
    return { survivor: await service.merge(id, survivorId, principalOf(request)) };
  });

  app.post('/api/links/:id/dismiss', { config: { access: 'work' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return service.dismiss(id, principalOf(request));
  });
}
