import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ClusterQuerySchema,
  ForecastQuerySchema,
  HISTORY_BODY_MAX_BYTES,
  HISTORY_CONTENT_TYPE,
  HotspotQuerySchema,
  NearRepeatQuerySchema,
  PatternAcknowledgeSchema,
  PatternQuerySchema,
  type ClusterList,
  type ForecastList,
  type HistoryImportResult,
  type HotspotList,
  type NearRepeatList,
  type Pattern,
  type PatternList,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { HttpError, parseInput } from '../errors.js';
import { loadHistoryInWorker } from '../patterns/history.load.js';
import type { PatternService } from '../patterns/pattern.service.js';
import type { StoreLocation } from '../store/event.store.js';

const PatternIdParamsSchema = z.object({ id: z.uuid() });

/**
 * Pattern watch: the history load (`POST /api/history`, NDJSON streamed past the usual body
 * limit into a worker thread that parses and writes it) and the analysis's answers. Every answer is computed in the pattern worker; a route
 * only parses, asks the service and answers.
 */
export function patternRoutes(
  app: FastifyInstance,
  patterns: PatternService,
  store: StoreLocation,
  /** Called once a load has added records, after pattern watch was told. */
  onHistoryLoaded: () => void = () => undefined,
): void {
  // The body reaches the handler as the request stream: a 64 MiB load is read line by line,
  // never held whole. Fastify's body limit does not apply to a stream, so loadHistory counts.
  app.addContentTypeParser(HISTORY_CONTENT_TYPE, (_request, payload, done) => {
    done(null, payload);
  });

  app.post(
    '/api/history',
    { config: { access: 'load-history' } },
    async (request, reply): Promise<HistoryImportResult> => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
      if (type !== HISTORY_CONTENT_TYPE)
        throw new HttpError(
          415,
          'unsupported_media_type',
          `send history as ${HISTORY_CONTENT_TYPE}, one JSON record a line`,
        );
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > HISTORY_BODY_MAX_BYTES)
        throw new HttpError(
          413,
          'payload_too_large',
          `a history load takes at most ${HISTORY_BODY_MAX_BYTES} bytes; split the file`,
        );
      const result = await loadHistoryInWorker(request.body as AsyncIterable<Buffer>, store);
      if (result.imported > 0) {
        patterns.changed(null);
        patterns.schedule(null);
        onHistoryLoaded();
      }
      void reply.code(200);
      return result;
    },
  );

  app.get('/api/patterns', { config: { access: 'read-patterns' } }, (request): Promise<PatternList> =>
    patterns.list(principalOf(request), parseInput(PatternQuerySchema, request.query, 'query')),
  );

  app.get(
    '/api/patterns/clusters',
    { config: { access: 'read-patterns' } },
    (request): Promise<ClusterList> =>
      patterns.clusters(principalOf(request), parseInput(ClusterQuerySchema, request.query, 'query')),
  );

  app.get(
    '/api/patterns/near-repeats',
    { config: { access: 'read-patterns' } },
    (request): Promise<NearRepeatList> =>
      patterns.nearRepeats(principalOf(request), parseInput(NearRepeatQuerySchema, request.query, 'query')),
  );

  app.get(
    '/api/patterns/hotspots',
    { config: { access: 'read-patterns' } },
    (request): Promise<HotspotList> =>
      patterns.hotspots(principalOf(request), parseInput(HotspotQuerySchema, request.query, 'query')),
  );

  app.get(
    '/api/patterns/forecast',
    { config: { access: 'read-patterns' } },
    (request): Promise<ForecastList> =>
      patterns.forecast(principalOf(request), parseInput(ForecastQuerySchema, request.query, 'query')),
  );

  app.post(
    '/api/patterns/:id/acknowledge',
    { config: { access: 'acknowledge-patterns' } },
    (request): Promise<Pattern> => {
      const { id } = parseInput(PatternIdParamsSchema, request.params, 'params');
      return patterns.acknowledge(
        principalOf(request),
        id,
        parseInput(PatternAcknowledgeSchema, request.body ?? {}, 'body'),
      );
    },
  );
}
