import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  NewWarningSchema,
  WarningApproveSchema,
  WarningCancelSchema,
  WarningQuerySchema,
  WarningUpdateSchema,
  type Facility,
  type Governorate,
  type PublicShelter,
  type PublicShelterList,
  type PublicWarning,
  type PublicWarningList,
  type Shelter,
  type Warning,
  type WarningList,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { HttpError, parseInput } from '../errors.js';
import type { EventStore } from '../store/event.store.js';
import { CAP_MAX_BYTES, CapError } from '../warnings/cap.read.js';
import type { CapParsePool } from '../warnings/cap.pool.js';
import { atomFeed } from '../warnings/cap.feed.js';
import { CAP_MEDIA_TYPE, toCapXml } from '../warnings/cap.write.js';
import { sendCacheable } from '../warnings/http-cache.js';
import type { IncidentService } from '../incidents/incident.service.js';
import { incidentFromWarning, type WarningService } from '../warnings/warning.service.js';

/** How long caches may keep the public answers, s: short, so a new warning reaches the public within a minute. */
export const PUBLIC_MAX_AGE_S = 30;

/** How long caches may keep an issued CAP message, s: it never changes once sent. */
export const CAP_MESSAGE_MAX_AGE_S = 300;

const IdParamsSchema = z.object({ id: z.uuid() });

/** What the warning routes need beside the service. */
export interface WarningRouteDeps {
  warnings: WarningService;
  incidents: IncidentService;
  store: EventStore;
  capPool: CapParsePool;
  governorates: readonly Governorate[];
  facilities: readonly Facility[];
}

/** What the public may know of a warning: its message, never who wrote or approved it, nor its incident. */
export function publicWarningOf(warning: Warning): PublicWarning {
  return {
    id: warning.id,
    identifier: warning.identifier,
    senderName: warning.senderName,
    origin: warning.origin,
    msgType: warning.msgType,
    sent: warning.sent ?? warning.createdAt,
    event: warning.event,
    category: warning.category,
    responseType: warning.responseType,
    urgency: warning.urgency,
    severity: warning.severity,
    certainty: warning.certainty,
    onset: warning.onset,
    expires: warning.expires,
    info: warning.info,
    area: {
      description: warning.area.description,
      polygons: warning.area.polygons,
      circles: warning.area.circles,
      governorates: warning.area.governorates,
    },
    capUrl: `/api/cap/alerts/${warning.id}`,
  };
}

/** What the public may know of a shelter: where it is and whether it has room, never who is in it or what it lacks. */
export function publicShelterOf(shelter: Shelter, facilities: readonly Facility[]): PublicShelter {
  const site = shelter.facilityId === null ? undefined : facilities.find((f) => f.id === shelter.facilityId);
  return {
    id: shelter.id,
    name: shelter.name,
    localizedName: site?.name ?? null,
    location: shelter.location,
    hasRoom: shelter.status === 'open' && shelter.occupancy < shelter.capacity,
    updatedAt: shelter.updatedAt,
  };
}

/** Authoring and the two-person rule, CAP out (messages and feed), CAP in, and the public page's data. */
export function warningRoutes(app: FastifyInstance, deps: WarningRouteDeps): void {
  const { warnings, store, capPool } = deps;

  // CAP arrives as XML; the text is read in a worker (cap.pool.ts), never here.
  app.addContentTypeParser(
    ['application/cap+xml', 'application/xml', 'text/xml'],
    { parseAs: 'string', bodyLimit: CAP_MAX_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get('/api/warnings', { config: { access: 'read' } }, async (request): Promise<WarningList> => {
    const query = parseInput(WarningQuerySchema, request.query, 'query');
    const seq = await store.headSeq();
    return {
      seq,
      warnings: await warnings.list(principalOf(request), query.exercise ?? null, query.scope),
    };
  });

  app.get('/api/warnings/:id', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    return warnings.get(id, principalOf(request));
  });

  app.post('/api/warnings', { config: { access: 'author-warnings' } }, async (request, reply) => {
    const input = parseInput(NewWarningSchema, request.body, 'body');
    return reply.code(201).send(await warnings.draft(input, principalOf(request)));
  });

  app.post('/api/warnings/:id/approve', { config: { access: 'approve-warnings' } }, async (request) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    parseInput(WarningApproveSchema, request.body ?? {}, 'body');
    return warnings.approve(id, principalOf(request));
  });

  app.post('/api/warnings/:id/update', { config: { access: 'author-warnings' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const input = parseInput(WarningUpdateSchema, request.body, 'body');
    return reply.code(201).send(await warnings.update(id, input, principalOf(request)));
  });

  app.post('/api/warnings/:id/cancel', { config: { access: 'author-warnings' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const input = parseInput(WarningCancelSchema, request.body ?? {}, 'body');
    const warning = await warnings.cancel(id, input, principalOf(request));
    // A withdrawn draft is the same warning; a Cancel is a new message awaiting approval.
    return reply.code(warning.id === id ? 200 : 201).send(warning);
  });

  // A warning in force (a weather service's above all) proposes an incident to the operations room.
  app.post('/api/warnings/:id/incident', { config: { access: 'report' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const by = principalOf(request);
    const warning = await warnings.get(id, by);
    if (warning.state !== 'issued' && warning.state !== 'received')
      throw new HttpError(
        409,
        'conflict',
        `warning ${id} is ${warning.state}: only one in force proposes an incident`,
      );
    const input = incidentFromWarning(warning);
    if (!input)
      throw new HttpError(
        409,
        'conflict',
        `warning ${id} has no drawn area to place an incident on: report it by hand`,
      );
    const { incident, isNew } = await deps.incidents.report(input, by, warning.exerciseId);
    return reply.code(isNew ? 201 : 200).send(incident);
  });

  // Every issued message is public as CAP; a draft or an exercise's message only to those who may see it.
  app.get('/api/cap/alerts/:id', { config: { access: 'public' } }, async (request, reply) => {
    const { id } = parseInput(IdParamsSchema, request.params, 'params');
    const warning = await warnings.message(id, request.principal);
    const xml = toCapXml(warning, { governorates: deps.governorates });
    const isPublic =
      warning.exerciseId === null && warning.state !== 'draft' && warning.state !== 'withdrawn';
    if (!isPublic) return reply.header('cache-control', 'private, no-store').type(CAP_MEDIA_TYPE).send(xml);
    return sendCacheable(request, reply, xml, `${CAP_MEDIA_TYPE}; charset=utf-8`, CAP_MESSAGE_MAX_AGE_S);
  });

  app.get('/api/cap/feed', { config: { access: 'public' } }, async (request, reply) => {
    const base = `${request.protocol}://${request.host}`;
    const xml = atomFeed(await warnings.feedWarnings(), base);
    return sendCacheable(request, reply, xml, 'application/atom+xml; charset=utf-8', PUBLIC_MAX_AGE_S);
  });

  app.post('/api/cap', { config: { access: 'send-cap' } }, async (request, reply) => {
    const { exercise } = parseInput(
      z.object({ exercise: z.string().min(1).max(64).optional() }).strict(),
      request.query,
      'query',
    );
    // Who may send is settled before a byte is read.
    warnings.requireCapSender(principalOf(request), exercise ?? null);
    if (typeof request.body !== 'string')
      throw new HttpError(
        415,
        'unsupported_media_type',
        'send CAP as application/cap+xml (or application/xml)',
      );
    let cap;
    try {
      cap = await capPool.parse(request.body);
    } catch (error) {
      if (!(error instanceof CapError)) throw error;
      throw new HttpError(
        400,
        'bad_request',
        error.message,
        error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
      );
    }
    const outcome = await warnings.receive(cap, principalOf(request), exercise ?? null);
    if (outcome.kind === 'ignored') return reply.code(202).send({ accepted: false, reason: outcome.reason });
    return reply.code(outcome.isNew ? 201 : 200).send({ warning: outcome.warning });
  });

  app.get('/api/public/warnings', { config: { access: 'public' } }, async (request, reply) => {
    const list = (await warnings.publicWarnings()).map(publicWarningOf);
    const body: PublicWarningList = { generatedAt: new Date().toISOString(), warnings: list };
    return sendCacheable(
      request,
      reply,
      JSON.stringify(body),
      'application/json; charset=utf-8',
      PUBLIC_MAX_AGE_S,
      JSON.stringify(list),
    );
  });

  app.get('/api/public/shelters', { config: { access: 'public' } }, async (request, reply) => {
    const open = await store.listEntities<Shelter>('shelter', null, ['open', 'full']);
    const list = open
      .map((s) => publicShelterOf(s, deps.facilities))
      .sort((a, b) => a.name.localeCompare(b.name));
    const body: PublicShelterList = { generatedAt: new Date().toISOString(), shelters: list };
    return sendCacheable(
      request,
      reply,
      JSON.stringify(body),
      'application/json; charset=utf-8',
      PUBLIC_MAX_AGE_S,
      JSON.stringify(list),
    );
  });
}
