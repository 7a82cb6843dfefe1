import { z } from 'zod';
import {
  EXPORT_RANGE_MAX_DAYS,
  MirsadEventSchema,
  incidentsAfter,
  matchesReviewFilter,
  rangeProblem,
  type ExportQuery,
  type Incident,
  type MirsadEvent,
  type NewMirsadEvent,
} from '@mirsad/shared';
import { HttpError, parseInput } from '../errors.js';
import type { EventStore } from '../store/event.store.js';

/** The name the JSON export carries, so an import can tell it has the right file. */
export const EXPORT_FORMAT = 'mirsad-events';

/** The body of `POST /api/import`: a JSON export, every event from the first. */
export const ImportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  events: z.array(MirsadEventSchema).min(1),
});

/** Text handed on at a time while an export streams, characters: small enough to bound memory, big enough to keep the socket busy. */
export const EXPORT_CHUNK_CHARS = 64 * 1024;

/** Events read from the store per page while exporting. */
const EXPORT_PAGE_EVENTS = 1_000;

/** Events committed per transaction while importing: each commit holds the event loop only briefly. */
export const IMPORT_CHUNK_EVENTS = 200;

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
    case 'patrol.defined':
    case 'patrol.changed':
    case 'patrol.assigned':
      return `${event.data.patrol.name} ${event.data.patrol.status}: ${event.data.patrol.unitIds.join(' ')}`;
    case 'sensor.registered':
    case 'sensor.updated':
      return `${event.data.sensor.kind} ${event.data.sensor.id}: ${event.data.sensor.name}`;
    case 'detection.recorded': {
      const detection = event.data.detection;
      return `${detection.cameraId} ${detection.outcome} ${detection.incidentId}: ${detection.maxTempC} °C, ${detection.areaM2} m²`;
    }
    case 'pattern.detected':
    case 'pattern.ended':
      return event.data.pattern.cluster.explanation.en;
    case 'pattern.acknowledged':
      return `${event.data.pattern.id} acknowledged by ${event.data.acknowledgement.displayName}`;
    case 'warning.drafted':
    case 'warning.issued':
    case 'warning.withdrawn':
    case 'warning.received': {
      const { warning } = event.data;
      return `${warning.msgType} ${warning.identifier} ${warning.state}: ${warning.event}`;
    }
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

/**
 * Decides which events a filtered export keeps: those that leave behind (or note) an incident
 * matching the filters; events about no incident (units, shelters) are left out. A note's
 * incident is the one last seen in the log before it, looked up through the subjects index
 * when the export began after it.
 */
class ExportFilter {
  private readonly incidents = new Map<string, Incident>();

  constructor(
    private readonly store: EventStore,
    private readonly filter: ExportQuery,
  ) {}

  /** Whether any event may be left out; when none may, the export need not parse the events at all. */
  get isFiltered(): boolean {
    const { sector, governorate, category, severity } = this.filter;
    return Boolean(sector ?? governorate ?? category ?? severity);
  }

  private async incidentBefore(id: string, seq: number): Promise<Incident | undefined> {
    const known = this.incidents.get(id);
    if (known) return known;
    for (let before = seq; ;) {
      const event = await this.store.latestAbout(id, before);
      if (!event) return undefined;
      const incident = incidentsAfter(event).find((candidate) => candidate.id === id);
      if (incident) {
        this.incidents.set(id, incident);
        return incident;
      }
      before = event.seq;
    }
  }

  async keeps(event: MirsadEvent): Promise<boolean> {
    if (!this.isFiltered) return true;
    const incidents = incidentsAfter(event);
    for (const incident of incidents) this.incidents.set(incident.id, incident);
    if (event.type === 'note.added') {
      const incident = await this.incidentBefore(event.data.note.incidentId, event.seq);
      return incident !== undefined && matchesReviewFilter(incident, this.filter);
    }
    return incidents.some((incident) => matchesReviewFilter(incident, this.filter));
  }
}

/**
 * The export of one log as text, in chunks of about EXPORT_CHUNK_CHARS, written as the rows
 * are read: it starts at the first event of `from` (found through the time index) and holds
 * one page of events at a time, never the whole file. A range left open takes the log's first
 * or last event, and may span at most EXPORT_RANGE_MAX_DAYS (a 400 before the first byte).
 */
export async function* exportChunks(
  store: EventStore,
  query: ExportQuery,
  exportedAt: string,
): AsyncGenerator<string> {
  const { format, from, to } = query;
  const exerciseId = query.exercise ?? null;
  const [first] = await store.logMoments(exerciseId, { after: 0, limit: 1 });
  const [last] = await store.logMoments(exerciseId, { before: Number.MAX_SAFE_INTEGER, limit: 1 });
  const fromIso = from ? new Date(from).toISOString() : undefined;
  const toIso = to ? new Date(to).toISOString() : undefined;
  if (first && last) {
    const tooLong = rangeProblem(
      Date.parse(fromIso ?? first.at),
      Date.parse(toIso ?? last.at),
      EXPORT_RANGE_MAX_DAYS,
      'an export',
    );
    if (tooLong) throw new HttpError(400, 'bad_request', tooLong, [{ path: 'query.to', message: tooLong }]);
  }

  const isCsv = format === 'csv';
  // A byte-order mark so spreadsheets read the Arabic text as UTF-8.
  let buffered = isCsv
    ? `\uFEFF${CSV_COLUMNS.join(',')}\r\n`
    : `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":1,"exportedAt":${JSON.stringify(exportedAt)},"events":[`;
  const startSeq = fromIso === undefined ? 1 : await store.firstSeqFrom(fromIso);
  const upTo = toIso === undefined ? Number.MAX_SAFE_INTEGER : await store.seqAt(toIso);
  const keep = new ExportFilter(store, query);
  let written = 0;
  for (let after = (startSeq ?? upTo + 1) - 1; after < upTo;) {
    const page = await store.readLogText({
      exerciseId,
      after,
      upTo,
      ...(fromIso === undefined ? {} : { from: fromIso }),
      ...(toIso === undefined ? {} : { to: toIso }),
      limit: EXPORT_PAGE_EVENTS,
    });
    const lastOfPage = page.at(-1);
    if (!lastOfPage) break;
    after = lastOfPage.seq;
    for (const stored of page) {
      // The JSON export writes each event as the store keeps it (the text JSON.stringify made
      // when it was appended, so the same bytes as parsing and stringifying it again); an
      // event is parsed only when the CSV's row or the filter (the asker's sectors under the
      // access policy among them) needs to look inside it.
      const event = isCsv || keep.isFiltered ? (JSON.parse(stored.body) as MirsadEvent) : null;
      if (event && !(await keep.keeps(event))) continue;
      buffered += event && isCsv ? `${csvRow(event)}\r\n` : `${written === 0 ? '' : ','}${stored.body}`;
      written += 1;
      if (buffered.length >= EXPORT_CHUNK_CHARS) {
        yield buffered;
        buffered = '';
      }
    }
  }
  // The file as one string would have ended: CSV rows joined by CRLF with a final CRLF (so an
  // empty export has an empty line), the JSON object closed.
  yield `${buffered}${isCsv ? (written === 0 ? '\r\n' : '') : ']}'}`;
}

/** Reads an import's raw body: a JSON export whose events run 1, 2, 3… without gaps; 400 naming the problem otherwise. */
export function parseImport(raw: Uint8Array): NewMirsadEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    throw new HttpError(
      400,
      'bad_request',
      `invalid body: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const { events } = parseInput(ImportSchema, body, 'body');
  const problem = events.findIndex((event, index) => event.seq !== index + 1);
  if (problem >= 0) {
    throw new HttpError(
      400,
      'bad_request',
      `invalid body: events must run 1, 2, 3… without gaps; event ${problem} has seq ${events[problem]?.seq ?? '?'}`,
      [{ path: `body.events.${problem}.seq`, message: `expected ${problem + 1}` }],
    );
  }
  return events.map(({ seq: _seq, ...event }) => event);
}
