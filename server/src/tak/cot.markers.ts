import { CoTParser } from '@tak-ps/node-cot';
import {
  COT_MARKER_STALE_MS,
  CotPositionSchema,
  SEVERITY_NAMES,
  STATUS_NAMES,
  UNIT_TYPE_NAMES,
  isActive,
  representativePosition,
  sectorById,
  toFieldIssues,
  type CotPosition,
  type Incident,
  type Severity,
  type Unit,
  type UnitType,
} from '@mirsad/shared';

/**
 * Escapes text for an XML attribute. @tak-ps/node-cot's `to_xml` escapes text nodes (remarks)
 * but writes attribute values as given (14.23): a title with `"` or `<` would otherwise break
 * the event, or smuggle elements into every TAK client's map.
 */
export function escapeAttribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** The CoT uid of an incident's marker. */
export const incidentUid = (id: string): string => `mirsad-incident-${id}`;

/** The CoT uid of a unit's marker. */
export const unitUid = (id: string): string => `mirsad-unit-${id}`;

/** The CoT type each unit type is drawn as on a TAK map (MIL-STD-2525 friendly symbols). */
const UNIT_COT_TYPES: Readonly<Record<UnitType, string>> = {
  patrol: 'a-f-G-U-C-I',
  'fire-engine': 'a-f-G-E-V-U-F',
  ambulance: 'a-f-G-E-V-m',
  'rescue-boat': 'a-f-S-X',
  drone: 'a-f-A-M-F-Q',
  'rescue-team': 'a-f-G-U-C',
  'tow-truck': 'a-f-G-E-V',
};

/**
 * Incidents are drawn as spot-map markers, coloured by severity as ATAK encodes colours (ARGB
 * as a signed 32-bit integer): 5 and 4 red, 3 orange, 2 yellow, 1 white.
 */
const SEVERITY_ARGB: Readonly<Record<Severity, number>> = {
  5: -65536,
  4: -65536,
  3: -23296,
  2: -256,
  1: -1,
};

/** An incident as a CoT marker: callsign `[code] S<severity> <title>`, remarks with sector, status and description; stale now once it is no longer active. */
export async function incidentMarker(incident: Incident, now: Date): Promise<string> {
  const sector = sectorById(incident.sector);
  const severity = incident.severity as Severity;
  const position = representativePosition(incident.location);
  const isLive = isActive(incident);
  const remarks = [
    `${sector.name.en} / ${sector.name.ar}`,
    `${incident.category} · ${SEVERITY_NAMES[severity].en} (${incident.severity}) · ${STATUS_NAMES[incident.status].en}`,
    `Reported ${incident.reportedAt} by ${incident.source}`,
    incident.description,
  ]
    .filter((line) => line !== '')
    .join('\n');
  const cot = await CoTParser.from_geojson({
    id: incidentUid(incident.id),
    type: 'Feature',
    properties: {
      type: 'b-m-p-s-m',
      how: 'h-g-i-g-o',
      callsign: escapeAttribute(`[${sector.code}] S${incident.severity} ${incident.title}`.slice(0, 120)),
      remarks,
      time: now.toISOString(),
      start: now.toISOString(),
      // A closed or cancelled incident's marker goes stale at once: TAK clients drop it.
      stale: new Date(now.getTime() + (isLive ? COT_MARKER_STALE_MS : 1_000)).toISOString(),
    },
    geometry: { type: 'Point', coordinates: position },
  });
  const xml = CoTParser.to_xml(cot);
  return xml.replace(
    /<usericon iconsetpath="COT_MAPPING_SPOTMAP\/b-m-p-s-m\/-?\d+"\/>/,
    `<usericon iconsetpath="COT_MAPPING_SPOTMAP/b-m-p-s-m/${SEVERITY_ARGB[severity]}"/><color argb="${SEVERITY_ARGB[severity]}"/>`,
  );
}

/** A unit with a position as a CoT marker: its call sign, type, sector and status. */
export async function unitMarker(
  unit: Unit & { position: NonNullable<Unit['position']> },
  now: Date,
): Promise<string> {
  const sector = sectorById(unit.sector);
  const cot = await CoTParser.from_geojson({
    id: unitUid(unit.id),
    type: 'Feature',
    properties: {
      type: UNIT_COT_TYPES[unit.type],
      how: 'm-g',
      callsign: escapeAttribute(unit.callSign),
      remarks: `${UNIT_TYPE_NAMES[unit.type].en} · ${sector.name.en} · ${unit.status}${unit.incidentId ? ` · incident ${unit.incidentId}` : ''}`,
      ...(unit.position.headingDeg === null ? {} : { course: unit.position.headingDeg }),
      ...(unit.position.speedMps === null ? {} : { speed: unit.position.speedMps }),
      time: now.toISOString(),
      start: unit.position.at,
      stale: new Date(now.getTime() + COT_MARKER_STALE_MS).toISOString(),
    },
    geometry: { type: 'Point', coordinates: unit.position.coordinates },
  });
  return CoTParser.to_xml(cot);
}

/** What one CoT event from a TAK client is. */
export type InboundCot =
  | { kind: 'position'; position: CotPosition }
  | { kind: 'ping' }
  | { kind: 'other'; type: string }
  | { kind: 'malformed'; problem: string };

const attr = (node: unknown, name: string): unknown =>
  (node as { _attributes?: Record<string, unknown> } | undefined)?._attributes?.[name];

const numberOrNull = (value: unknown): number | null => {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** Reads one CoT event's XML with @tak-ps/node-cot, then checks what Mirsad uses of it with the shared schema. */
export function readInbound(xml: string): InboundCot {
  let raw: { event?: Record<string, unknown> };
  try {
    raw = CoTParser.from_xml(xml).raw;
  } catch (error) {
    return {
      kind: 'malformed',
      problem: `not a CoT event: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const event = raw.event;
  const type = attr(event, 'type');
  if (typeof type !== 'string') return { kind: 'malformed', problem: 'the event has no type' };
  // ATAK's keep-alive (`t-x-c-t`): nothing to place.
  if (type.startsWith('t-x-c-t')) return { kind: 'ping' };
  if (!type.startsWith('a-')) return { kind: 'other', type };
  const detail = event?.detail as Record<string, unknown> | undefined;
  const course = numberOrNull(attr(detail?.track, 'course'));
  const speed = numberOrNull(attr(detail?.track, 'speed'));
  const callsign = attr(detail?.contact, 'callsign');
  const parsed = CotPositionSchema.safeParse({
    uid: attr(event, 'uid'),
    type,
    time: attr(event, 'time'),
    lat: Number(attr(event?.point, 'lat')),
    lon: Number(attr(event?.point, 'lon')),
    // ATAK sends course 360 for north and speed 0 at rest; a negative or absent value means unknown.
    course: course !== null && course < 0 ? null : course,
    speed: speed !== null && speed < 0 ? null : speed,
    callsign: typeof callsign === 'string' ? callsign : null,
  });
  if (!parsed.success)
    return {
      kind: 'malformed',
      problem: toFieldIssues(parsed.error, 'event')
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; '),
    };
  return { kind: 'position', position: parsed.data };
}
