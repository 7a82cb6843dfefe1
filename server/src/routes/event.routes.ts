import type { FastifyInstance } from 'fastify';
import { EventsQuerySchema, type EventPage } from '@mirsad/shared';
import { parseInput } from '../errors.js';
import type { EventStore } from '../store/event.store.js';

/** The log, paged: `GET /api/events?after=SEQ&limit=N`. */
export function eventRoutes(app: FastifyInstance, store: EventStore): void {
  app.get('/api/events', async (request): Promise<EventPage> => {
    const { after, limit } = parseInput(EventsQuerySchema, request.query, 'query');
    const headSeq = await store.headSeq();
    const events = await store.readEvents(after, limit, headSeq);
    const last = events.at(-1);
    return { events, nextAfter: last && last.seq < headSeq ? last.seq : null, headSeq };
  });
}
