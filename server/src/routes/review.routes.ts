import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  MirsadEventSchema,
  MomentsQuerySchema,
  PictureQuerySchema,
  ReviewFilterSchema,
  ReviewQuerySchema,
  incidentsAfter,
  matchesReviewFilter,
  type ClientConfig,
  type MirsadEvent,
  type MomentsPage,
  type NewMirsadEvent,
  type Picture,
  type ReviewSummary,
} from '@mirsad/shared';
import type { ExerciseRoster } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { HttpError, parseInput } from '../errors.js';
import type { EventLog } from '../event-log.js';
import type { ReplayService } from '../review/replay.service.js';
import { requireReview } from '../review/review.access.js';
import { ReviewService } from '../review/review.service.js';

/** Largest import accepted, bytes: a long year of a busy room. */
export const IMPORT_LIMIT_BYTES = 512 * 1024 * 1024;

/** The name the JSON export carries, so an import can tell it has the right file. */
export const EXPORT_FORMAT = 'mirsad-events';

const ExportQuerySchema = ReviewFilterSchema.extend({
  format: z.enum(['json', 'csv']).default('json'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
}).strict();

/** The body of `POST /api/import`: a JSON export, every event from the first. */
export const ImportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  events: z.array(MirsadEventSchema).min(1),
});

const CSV_COLUMNS = [
  'seq',
  'at',
  'type',
  'actor',
  'incident_id',
  'sector',
  'status',
  'severity',
  'title',
  'detail',
] as const;

/** One CSV field: quoted when needed, and guarded against spreadsheet formula injection. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** What a row of the CSV says about an event beyond its incident. */
function detailOf(event: MirsadEvent): string | null {
  switch (event.type) {
    case 'incident.updated':
      return (
        [Object.keys(event.data.changes).join(' '), event.data.reason].filter(Boolean).join(': ') || null
      );
    case 'note.added':
      return event.data.note.text;
    case 'support.requested':
      return `${event.data.request.fromSector} → ${event.data.request.toSector}: ${event.data.request.request}`;
    case 'support.answered':
      return `${event.data.request.status}${event.data.request.answer ? `: ${event.data.request.answer}` : ''}`;
    case 'unit.assigned':
    case 'unit.released':
    case 'unit.updated':
    case 'unit.registered':
      return `${event.data.unit.callSign} ${event.data.unit.status}`;
    case 'link.proposed':
    case 'link.dismissed':
      return `${event.data.link.incidentIds.join(' + ')} (${event.data.link.distanceM} m)`;
    case 'incident.merged':
      return `${event.data.merged.id} merged into ${event.data.survivor.id}`;
    case 'shelter.opened':
    case 'shelter.updated':
    case 'shelter.closed':
      return `${event.data.shelter.name}: ${event.data.shelter.occupancy}/${event.data.shelter.capacity}`;
    case 'exercise.updated':
      return `${event.data.exercise.id} ${event.data.exercise.status} at ${event.data.exercise.clockMin.toFixed(1)} min`;
    case 'exercise.overlay':
      return `${event.data.overlay.kind} ${event.data.overlay.key}`;
    case 'incident.reported':
      return null;
  }
}

function csvRow(event: MirsadEvent): string {
  const incident = incidentsAfter(event)[0] ?? null;
  const noteIncident = event.type === 'note.added' ? event.data.note.incidentId : null;
  return [
    event.seq,
    event.at,
    event.type,
    event.actor,
    incident?.id ?? noteIncident,
    incident?.sector ?? event.sectors.join(' '),
    incident?.status ?? null,
    incident?.severity ?? null,
    incident?.title ?? null,
    detailOf(event),
  ]
    .map(csvField)
    .join(',');
}

/** The commander's review: the picture at any moment, exports, and import into an empty instance. */
export function reviewRoutes(
  app: FastifyInstance,
  log: EventLog,
  replay: ReplayService,
  roster: ExerciseRoster,
  targets: ClientConfig['responseTargets'],
): void {
  const review = new ReviewService(log.store, replay, targets);

  app.get('/api/picture', { config: { access: 'review' } }, async (request): Promise<Picture> => {
    const { at, exercise } = parseInput(PictureQuerySchema, request.query, 'query');
    requireReview(roster, principalOf(request), exercise ?? null, 'replaying the picture');
    return exercise ? review.exercisePictureAt(exercise, new Date(at)) : replay.pictureAt(new Date(at));
  });

  app.get(
    '/api/review/summary',
    { config: { access: 'review' } },
    async (request): Promise<ReviewSummary> => {
      const { from, to, ...filter } = parseInput(ReviewQuerySchema, request.query, 'query');
      requireReview(roster, principalOf(request), filter.exercise ?? null, 'the review');
      return review.summary({ from: from ? new Date(from) : null, to: to ? new Date(to) : null }, filter);
    },
  );

  app.get('/api/review/moments', { config: { access: 'review' } }, async (request): Promise<MomentsPage> => {
    const { exercise, ...page } = parseInput(MomentsQuerySchema, request.query, 'query');
    requireReview(roster, principalOf(request), exercise ?? null, 'stepping through the log');
    return review.moments(page, exercise ?? null);
  });

  app.get('/api/export/events', { config: { access: 'review' } }, async (request, reply) => {
    const { format, from, to, ...filter } = parseInput(ExportQuerySchema, request.query, 'query');
    const exerciseId = filter.exercise ?? null;
    requireReview(roster, principalOf(request), exerciseId, 'exporting');
    const fromIso = from ? new Date(from).toISOString() : null;
    const toIso = to ? new Date(to).toISOString() : null;
    const isFiltered = Boolean(filter.sector ?? filter.governorate ?? filter.category ?? filter.severity);
    // With filters, an event is kept when an incident it leaves behind (or the incident of its
    // note) matches; events about no incident (units, shelters) are left out.
    const noteIncidents = new Map<string, Parameters<typeof matchesReviewFilter>[0]>();
    const keep = (event: MirsadEvent): boolean => {
      if (!isFiltered) return true;
      const incidents = incidentsAfter(event);
      for (const incident of incidents) noteIncidents.set(incident.id, incident);
      if (event.type === 'note.added') {
        const incident = noteIncidents.get(event.data.note.incidentId);
        return incident !== undefined && matchesReviewFilter(incident, filter);
      }
      return incidents.some((incident) => matchesReviewFilter(incident, filter));
    };
    const events: MirsadEvent[] = [];
    let cursor = 0;
    for (;;) {
      const page = await log.store.readEvents(cursor, 5_000);
      const last = page.at(-1);
      if (!last) break;
      cursor = last.seq;
      for (const event of page) {
        if (event.exerciseId !== exerciseId) continue;
        const isKept = keep(event);
        if (fromIso && event.at < fromIso) continue;
        if (toIso && event.at > toIso) continue;
        if (isKept) events.push(event);
      }
    }
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '');
    if (format === 'csv') {
      // A byte-order mark so spreadsheets read the Arabic text as UTF-8.
      const body = `\uFEFF${CSV_COLUMNS.join(',')}\r\n${events.map(csvRow).join('\r\n')}\r\n`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="mirsad-events-${stamp}.csv"`)
        .send(body);
    }
    return reply
      .header('content-disposition', `attachment; filename="mirsad-events-${stamp}.json"`)
      .send({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), events });
  });

  app.post(
    '/api/import',
    { bodyLimit: IMPORT_LIMIT_BYTES, config: { access: 'import' } },
    async (request, reply) => {
      const { events } = parseInput(ImportSchema, request.body, 'body');
      const problem = events.findIndex((event, index) => event.seq !== index + 1);
      if (problem >= 0) {
        throw new HttpError(
          400,
          'bad_request',
          `invalid body: events must run 1, 2, 3… without gaps; event ${problem} has seq ${events[problem]?.seq ?? '?'}`,
          [{ path: `body.events.${problem}.seq`, message: `expected ${problem + 1}` }],
        );
      }
      const imported = await log.serialised(async () => {
        if ((await log.store.headSeq()) > 0) {
          throw new HttpError(
            409,
            'not_empty',
            'an import goes into an empty instance only; this one already has a log',
          );
        }
        const fresh: NewMirsadEvent[] = events.map(({ seq: _seq, ...event }) => event);
        return log.commitBatch(fresh);
      });
      return reply.code(201).send({ imported: imported.length, headSeq: imported.at(-1)?.seq ?? 0 });
    },
  );
}
