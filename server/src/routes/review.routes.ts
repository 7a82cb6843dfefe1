import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import {
  ExportQuerySchema,
  MomentsQuerySchema,
  PictureQuerySchema,
  ReviewQuerySchema,
  type ClientConfig,
  type MomentsPage,
} from '@mirsad/shared';
import type { ExerciseRoster } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { abortOnClose, sendJsonText } from './reader.reply.js';
import { HttpError, parseInput } from '../errors.js';
import type { EventLog } from '../event-log.js';
import type { ReadPool } from '../review/read.pool.js';
import type { ReplayService } from '../review/replay.service.js';
import { pictureViewer, requireReview, reviewSectors } from '../review/review.access.js';
import { ReviewService } from '../review/review.service.js';

export { EXPORT_FORMAT, ImportSchema } from '../review/export.service.js';

/** Largest import accepted, bytes: a long year of a busy room. */
export const IMPORT_LIMIT_BYTES = 512 * 1024 * 1024;

/** The commander's review: the picture at any moment, exports, and import into an empty instance. */
export function reviewRoutes(
  app: FastifyInstance,
  log: EventLog,
  replay: ReplayService,
  roster: ExerciseRoster,
  targets: ClientConfig['responseTargets'],
  reads: ReadPool,
): void {
  // Moments are read on the main thread: a page is one range of the log's index, without bodies.
  const review = new ReviewService(log.store, replay, targets);

  // Pictures, summaries and exports fold or read many events: they run in the read pool's
  // worker threads, so the event loop keeps answering the room meanwhile.
  app.get('/api/picture', { config: { access: 'review' } }, async (request, reply) => {
    const { at, exercise } = parseInput(PictureQuerySchema, request.query, 'query');
    const by = principalOf(request);
    requireReview(roster, by, exercise ?? null, 'replaying the picture');
    const viewer = pictureViewer(roster, by, exercise ?? null);
    const job = { kind: 'picture', at, exerciseId: exercise ?? null, viewer } as const;
    return sendJsonText(reply, await reads.json(job, abortOnClose(reply)));
  });

  app.get('/api/review/summary', { config: { access: 'review' } }, async (request, reply) => {
    const { from, to, sector, ...rest } = parseInput(ReviewQuerySchema, request.query, 'query');
    const by = principalOf(request);
    requireReview(roster, by, rest.exercise ?? null, 'the review');
    const sectors = reviewSectors(roster, by, rest.exercise ?? null, sector);
    const filter = { ...rest, ...(sectors ? { sector: sectors } : {}) };
    const job = { kind: 'summary', from: from ?? null, to: to ?? null, filter } as const;
    return sendJsonText(reply, await reads.json(job, abortOnClose(reply)));
  });

  app.get('/api/review/moments', { config: { access: 'review' } }, async (request): Promise<MomentsPage> => {
    const { exercise, ...page } = parseInput(MomentsQuerySchema, request.query, 'query');
    requireReview(roster, principalOf(request), exercise ?? null, 'stepping through the log');
    return review.moments(page, exercise ?? null);
  });

  app.get('/api/export/events', { config: { access: 'review' } }, async (request, reply) => {
    const { sector, ...asked } = parseInput(ExportQuerySchema, request.query, 'query');
    const by = principalOf(request);
    requireReview(roster, by, asked.exercise ?? null, 'exporting');
    const sectors = reviewSectors(roster, by, asked.exercise ?? null, sector);
    const query = { ...asked, ...(sectors ? { sector: sectors } : {}) };
    const exportedAt = new Date().toISOString();
    const stream = reads.open({ kind: 'export', query, exportedAt });
    // The first chunk comes after the range was checked: a refusal is still a 400, not a cut file.
    const first = await stream.next();
    const body = new Readable({
      read() {
        stream.next().then(
          (chunk) => this.push(chunk),
          (error: unknown) => {
            this.destroy(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
      destroy(error, callback) {
        stream.cancel();
        callback(error);
      },
    });
    body.push(first);
    const stamp = exportedAt.slice(0, 19).replaceAll(':', '');
    return reply
      .header(
        'content-type',
        query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="mirsad-events-${stamp}.${query.format}"`)
      .send(body);
  });

  // The import's body is handed to a reader as raw bytes: parsing and checking half a
  // gigabyte of JSON is no work for the event loop. Its events then go through the one writer
  // in short transactions, yielding between them; nothing else writes until the last.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT_BYTES },
      (_request, raw, parsed) => {
        parsed(null, raw);
      },
    );
    scope.post(
      '/api/import',
      { bodyLimit: IMPORT_LIMIT_BYTES, config: { access: 'import' } },
      async (request, reply) => {
        if (!(request.body instanceof Uint8Array))
          throw new HttpError(400, 'bad_request', 'invalid body: a JSON export is expected');
        const stream = reads.open({ kind: 'import', body: request.body });
        const first = await stream.next();
        const imported = await log.serialised(async () => {
          if ((await log.store.headSeq()) > 0) {
            stream.cancel();
            throw new HttpError(
              409,
              'not_empty',
              'an import goes into an empty instance only; this one already has a log',
            );
          }
          let count = 0;
          for (let chunk = first; chunk; chunk = await stream.next()) {
            count += (await log.commitBatch(chunk)).length;
            await yieldToLoop();
          }
          return count;
        });
        return reply.code(201).send({ imported, headSeq: await log.store.headSeq() });
      },
    );
    done();
  });
}
