import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFacilities } from '@mirsad/mock-data';
import { incidentsAfter, type ExportQuery, type MirsadEvent } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { seedDemo } from '../demo/demo.service.js';
import type { EventStore, LogQuery } from '../store/event.store.js';
import { principalFor, startTestServer } from '../test-support.js';
import { exportChunks } from './export.service.js';

const NOW = new Date('2026-11-29T09:00:00.000Z');
const EXPORTED_AT = '2026-11-29T09:30:00.000Z';
let server: MirsadServer;

beforeAll(async () => {
  server = await startTestServer(undefined, {}, { now: () => NOW });
  // The demo's twelve hours: units, reports in every sector (Arabic and English text), their
  // updates and links; and a note, whose incident the filter looks up.
  await seedDemo(server.incidents, server.units, server.store, loadFacilities(), NOW);
  const log = await server.store.readLog({ exerciseId: null, after: 0, limit: 1_000 });
  const [first] = log.flatMap(incidentsAfter);
  if (!first) throw new Error('the demo seeded no incident');
  await server.incidents.addNote(
    first.id,
    'ملاحظة: "quoted" \\ and a line\nbreak',
    principalFor('commander'),
  );
}, 120_000);

afterAll(async () => {
  await server.close();
});

async function exported(store: EventStore, query: ExportQuery): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(store, query, EXPORTED_AT)) text += chunk;
  return text;
}

/** The store as the export read it before: every event parsed from its text, then stringified again. */
function reparsing(store: EventStore): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    readLogText: async (query: LogQuery) =>
      (await store.readLog(query)).map((event) => ({ seq: event.seq, body: JSON.stringify(event) })),
  });
}

describe('the JSON export', () => {
  it.each<[string, ExportQuery]>([
    ['the whole log', { format: 'json' }],
    [
      'a sector officer (the access policy narrows it to their sectors)',
      { format: 'json', sector: ['traffic'] },
    ],
    ['a governorate and a severity', { format: 'json', governorate: ['capital'], severity: [3, 4] }],
    ['a range of time', { format: 'json', from: '2026-11-29T08:00:00.000Z', to: '2026-11-29T10:00:00.000Z' }],
    ['the CSV of a sector', { format: 'csv', sector: ['civil-defence'] }],
  ])('writes %s byte for byte as parsing and stringifying every event did', async (_, query) => {
    const text = await exported(server.store, query);
    expect(text).toBe(await exported(reparsing(server.store), query));
    if (query.format === 'json')
      expect((JSON.parse(text) as { events: unknown[] }).events.length).toBeGreaterThan(0);
  });

  it("leaves out every event of another sector from a sector officer's export", async () => {
    const { events } = JSON.parse(await exported(server.store, { format: 'json', sector: ['traffic'] })) as {
      events: MirsadEvent[];
    };
    const all = (JSON.parse(await exported(server.store, { format: 'json' })) as { events: MirsadEvent[] })
      .events;
    expect(events.length).toBeLessThan(all.length);
    for (const event of events.filter((e) => e.type !== 'note.added'))
      expect(incidentsAfter(event).some((incident) => incident.sector === 'traffic')).toBe(true);
  });

  it('writes an export nobody filters as the store keeps it, without parsing an event', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const text = await exported(server.store, { format: 'json' });
      expect(text.length).toBeGreaterThan(10_000);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
