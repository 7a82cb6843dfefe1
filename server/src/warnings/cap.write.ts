import type { Governorate, GovernorateId, Polygon, Position, Warning, WarningInfo } from '@mirsad/shared';

// CAP 1.2 out: one warning becomes one `<alert>`, element for element in the order the OASIS
// schema's sequences require, with what the schema cannot check done right: times with Kuwait's
// numeric offset and no fractions, polygons as closed `lat,lon` rings, one `info` per language.

/** CAP 1.2's XML namespace. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** Who Mirsad is in the CAP messages it writes. */
export interface CapIdentity {
  /** CAP `sender`: no spaces, commas, `<` or `&`. */
  sender: string;
  /** CAP `senderName` when an author gives none. */
  senderName: string;
}

/** The default CAP identity: the ministry's operations room. CAP_SENDER and CAP_SENDER_NAME override it. */
export const DEFAULT_CAP_IDENTITY: CapIdentity = {
  sender: 'mirsad@moi.gov.kw',
  senderName: 'وزارة الداخلية، الكويت — Ministry of Interior, Kuwait',
};

/** The media type of a CAP message. */
export const CAP_MEDIA_TYPE = 'application/cap+xml';

/** Kuwait's offset from UTC, minutes: +03:00 all year (no daylight saving). */
export const KUWAIT_UTC_OFFSET_MIN = 180;

/** The ISO 3166-2 codes of the governorates, written as CAP geocodes beside their boundaries. */
export const GOVERNORATE_ISO_CODES: Readonly<Record<GovernorateId, string>> = {
  capital: 'KW-KU',
  hawalli: 'KW-HA',
  farwaniya: 'KW-FA',
  'mubarak-al-kabeer': 'KW-MU',
  ahmadi: 'KW-AH',
  jahra: 'KW-JA',
};

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * A time as CAP wants it: `2026-11-30T20:05:00+03:00`, in Kuwait's offset, seconds only.
 * Never `Z` and never fractions: the schema's pattern refuses both, and so do many receivers.
 */
export function capTime(iso: string, offsetMin = KUWAIT_UTC_OFFSET_MIN): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${iso}`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

// Characters XML 1.0 cannot carry at all (not even escaped): C0 controls but tab, LF, CR;
// lone surrogates; U+FFFE and U+FFFF. Hostile or pasted text may hold them.
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made safe for an XML element or attribute: markup escaped, impossible characters dropped. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A coordinate as CAP writes it: plain decimal degrees (never exponent notation), at most 6 places. */
function degrees(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** A GeoJSON ring (`[lon, lat]`) as a CAP polygon: `lat,lon` pairs, closed, at least four. */
export function capPolygon(ring: readonly Position[]): string {
  const first = ring[0];
  const last = ring.at(-1);
  const closed = first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
  if (closed.length < 4) throw new Error('a CAP polygon needs a closed ring of at least four points');
  return closed.map(([lon, lat]) => `${degrees(lat)},${degrees(lon)}`).join(' ');
}

/** The outer rings of a governorate's boundary (CAP polygons have no holes). */
function outerRings(boundary: Governorate['boundary']): Position[][] {
  const polygons: Polygon['coordinates'][] =
    boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.flatMap((rings) => (rings[0] ? [rings[0]] : []));
}

const element = (name: string, value: string | null | undefined, indent: string): string =>
  value === null || value === undefined ? '' : `${indent}<${name}>${xmlText(value)}</${name}>\n`;

/** What the writer needs beyond the warning: the governorates' boundaries. */
export interface CapWriteContext {
  governorates: readonly Governorate[];
}

function areaXml(warning: Warning, info: WarningInfo, context: CapWriteContext): string {
  const { area } = warning;
  const isArabic = info.language.toLowerCase().startsWith('ar');
  const i = '      ';
  let xml = '    <area>\n';
  xml += element('areaDesc', isArabic ? area.description.ar : area.description.en, i);
  const rings: Position[][] = [
    ...area.polygons.flatMap((polygon) => (polygon.coordinates[0] ? [polygon.coordinates[0]] : [])),
    ...area.governorates.flatMap((id) => {
      const governorate = context.governorates.find((g) => g.id === id);
      return governorate ? outerRings(governorate.boundary) : [];
    }),
  ];
  for (const ring of rings) xml += element('polygon', capPolygon(ring), i);
  for (const circle of area.circles)
    xml += element(
      'circle',
      `${degrees(circle.center[1])},${degrees(circle.center[0])} ${degrees(circle.radiusKm)}`,
      i,
    );
  const geocodes = [
    ...area.governorates.map((id) => ({ valueName: 'ISO3166-2', value: GOVERNORATE_ISO_CODES[id] })),
    ...area.geocodes,
  ];
  for (const geocode of geocodes)
    xml += `${i}<geocode>\n${element('valueName', geocode.valueName, `${i}  `)}${element('value', geocode.value, `${i}  `)}${i}</geocode>\n`;
  return `${xml}    </area>\n`;
}

function infoXml(warning: Warning, info: WarningInfo, context: CapWriteContext): string {
  const i = '    ';
  let xml = '  <info>\n';
  xml += element('language', info.language, i);
  for (const category of warning.category) xml += element('category', category, i);
  xml += element('event', warning.event, i);
  for (const responseType of warning.responseType) xml += element('responseType', responseType, i);
  xml += element('urgency', warning.urgency, i);
  xml += element('severity', warning.severity, i);
  xml += element('certainty', warning.certainty, i);
  xml += element('effective', warning.sent && capTime(warning.sent), i);
  xml += element('onset', warning.onset && capTime(warning.onset), i);
  xml += element('expires', capTime(warning.expires), i);
  xml += element('senderName', warning.senderName, i);
  xml += element('headline', info.headline, i);
  xml += element('description', info.description, i);
  xml += element('instruction', info.instruction === '' ? null : info.instruction, i);
  xml += areaXml(warning, info, context);
  return `${xml}  </info>\n`;
}

/**
 * The CAP 1.2 message of a warning. A draft is written with status `Draft` (for its approver
 * to read), an exercise's with `Exercise`; references as CAP's `sender,identifier,sent` triples.
 */
export function toCapXml(
  warning: Warning,
  context: CapWriteContext,
  now: () => Date = () => new Date(),
): string {
  const i = '  ';
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">\n`;
  xml += element('identifier', warning.identifier, i);
  xml += element('sender', warning.sender, i);
  xml += element('sent', capTime(warning.sent ?? now().toISOString()), i);
  xml += element('status', warning.state === 'draft' ? 'Draft' : warning.status, i);
  xml += element('msgType', warning.msgType, i);
  xml += element('scope', warning.scope, i);
  xml += element('note', warning.note, i);
  if (warning.references.length > 0)
    xml += element(
      'references',
      warning.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '),
      i,
    );
  for (const info of warning.info) xml += infoXml(warning, info, context);
  return `${xml}</alert>\n`;
}
