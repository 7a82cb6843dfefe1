import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  EventsQuerySchema,
  SectorIdSchema,
  feedOf,
  isInFeed,
  listParam,
  type EventPage,
} from '@mirsad/shared';
import { forbidden, type ExerciseRoster } from '../auth/access.js';
import { principalOf } from '../auth/auth.hooks.js';
import { parseInput } from '../errors.js';
import type { EventStore } from '../store/event.store.js';

/**
 * Most rows of the log one request looks at, whatever it finds: an officer whose sectors are
 * quiet pages through a busy log in steps of this, never reading the whole log at once.
 */
export const EVENTS_SCAN_WINDOW = 10_000;

const FeedQuerySchema = EventsQuerySchema.extend({
  /** The exercise's log instead of the live one (for those taking part in it). */
  exercise: z.string().min(1).max(64).optional(),
  /** Only these of the caller's sectors. */
  sectors: listParam(SectorIdSchema).optional(),
}).strict();

/**
 * The log, paged: `GET /api/events?after=SEQ&limit=N[&exercise=][&sectors=]`. It answers
 * exactly the events the caller's socket would receive (the same `feedOf` and `isInFeed` of
 * the shared policy), filtered in the store. A page may hold fewer than `limit` events, or none,
 * with `nextAfter` still set: the scan stopped at EVENTS_SCAN_WINDOW rows.
 */
export function eventRoutes(app: FastifyInstance, store: EventStore, roster: ExerciseRoster): void {
  app.get('/api/events', { config: { access: 'follow-log' } }, async (request): Promise<EventPage> => {
    const { after, limit, exercise, sectors } = parseInput(FeedQuerySchema, request.query, 'query');
    const exerciseId = exercise ?? null;
    const feed = feedOf(principalOf(request), exerciseId, roster.of(exerciseId), sectors);
    if ('refused' in feed) throw forbidden(feed.refused);
    const headSeq = await store.headSeq();
    const upTo = Math.min(headSeq, after + EVENTS_SCAN_WINDOW);
    const read = await store.readFeedEvents(after, limit, upTo, feed);
    // The store's filter is an index, not the rule: the policy has the last word on each event.
    const events = read.filter((event) => isInFeed(event, feed));
    const last = read.at(-1);
    const scannedTo = read.length === limit && last ? last.seq : upTo;
    return { events, nextAfter: scannedTo < headSeq ? scannedTo : null, headSeq };
  });
}
