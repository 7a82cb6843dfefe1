import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import {
  CapCategorySchema,
  CapCertaintySchema,
  CapMsgTypeSchema,
  CapResponseTypeSchema,
  CapScopeSchema,
  CapSeveritySchema,
  CapStatusSchema,
  CapTokenSchema,
  CapUrgencySchema,
  WARNING_HEADLINE_MAX,
  WarningInfoSchema,
  type CapReference,
  type Circle,
  type Polygon,
  type Position,
  type Warning,
} from '@mirsad/shared';
import { CAP_NAMESPACE, capTime } from './cap.write.js';

// CAP 1.2 in, from other authorities. The text is never trusted to the parser's good will: a
// DTD or entity declaration is refused before parsing (no external entity, no billion laughs),
// the parser expands no entity (the five XML ones and character references are decoded here),
// and the parsed tree is checked against the schema's rules (required elements, enumerations,
// time pattern) and CAP's own (closed polygons, tokens without spaces or commas) with zod, so
// a bad message is refused naming its element before anything is stored.

/** Largest CAP message taken in, bytes: a weather service's bulletin with detailed polygons fits many times. */
export const CAP_MAX_BYTES = 1024 * 1024;

/** One problem of a refused message: the element (`alert/info[0]/urgency`) and what is wrong. */
export interface CapIssue {
  path: string;
  message: string;
}

/** A CAP message refused, with each problem. */
export class CapError extends Error {
  override readonly name = 'CapError';
  constructor(readonly issues: CapIssue[]) {
    super(`invalid CAP: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

/** What a received message says about the warning, from its `info` blocks; null for a Cancel that carries none. */
export type ReceivedContent = Pick<
  Warning,
  'event' | 'category' | 'responseType' | 'urgency' | 'severity' | 'certainty' | 'onset' | 'info' | 'area'
> & { expires: string | null; senderName: string | null };

/** A CAP message taken in, checked and normalised (times in UTC ISO, areas in GeoJSON order). */
export interface ReceivedCap {
  identifier: string;
  sender: string;
  /** As CAP wrote it, with its offset. */
  sent: string;
  status: Warning['status'];
  msgType: Warning['msgType'];
  scope: Warning['scope'];
  note: string | null;
  references: CapReference[];
  content: ReceivedContent | null;
}

/** CAP's dateTime: the schema's pattern, seconds and a numeric offset, no `Z`, no fractions. */
const CapDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/, 'a time such as 2026-11-30T20:00:00+03:00')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real time');

const text = z.string();
const optionalText = text.optional();
const ValuePairSchema = z.object({ valueName: text, value: text.default('') });

const AreaDocSchema = z.object({
  areaDesc: text.min(1, 'areaDesc is required'),
  polygon: z.array(text).optional(),
  circle: z.array(text).optional(),
  geocode: z.array(ValuePairSchema).optional(),
  altitude: optionalText,
  ceiling: optionalText,
});

const InfoDocSchema = z.object({
  language: optionalText,
  category: z.array(CapCategorySchema).min(1, 'at least one category'),
  event: text.min(1, 'event is required'),
  responseType: z.array(CapResponseTypeSchema).optional(),
  urgency: CapUrgencySchema,
  severity: CapSeveritySchema,
  certainty: CapCertaintySchema,
  audience: optionalText,
  effective: CapDateTimeSchema.optional(),
  onset: CapDateTimeSchema.optional(),
  expires: CapDateTimeSchema.optional(),
  senderName: optionalText,
  headline: optionalText,
  description: optionalText,
  instruction: optionalText,
  web: optionalText,
  contact: optionalText,
  area: z.array(AreaDocSchema).optional(),
});

const AlertDocSchema = z.object({
  alert: z.object({
    identifier: CapTokenSchema,
    sender: CapTokenSchema,
    sent: CapDateTimeSchema,
    status: CapStatusSchema,
    msgType: CapMsgTypeSchema,
    source: optionalText,
    scope: CapScopeSchema,
    restriction: optionalText,
    addresses: optionalText,
    code: z.array(text).optional(),
    note: optionalText,
    references: optionalText,
    incidents: optionalText,
    info: z.array(InfoDocSchema).optional(),
  }),
});

type InfoDoc = z.infer<typeof InfoDocSchema>;

// Elements that may repeat, by their path: always arrays, so one and many read the same.
const REPEATED = new Set([
  'alert.code',
  'alert.info',
  'alert.info.category',
  'alert.info.responseType',
  'alert.info.eventCode',
  'alert.info.parameter',
  'alert.info.resource',
  'alert.info.area',
  'alert.info.area.polygon',
  'alert.info.area.circle',
  'alert.info.area.geocode',
]);

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML's five predefined entities and character references; anything else is left as written. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[name] ?? whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // No entity of any kind is expanded by the parser: a DTD's would be the attack.
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
  tagValueProcessor: (_name, value) => decodeEntities(value),
});

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}/${String(part)}`,
    '',
  );

/** The root start tag declares CAP 1.2's namespace (as default or for its prefix). */
function checkNamespace(xml: string): void {
  const root = /<(?:([A-Za-z_][\w.-]*):)?alert\b([^>]*)>/.exec(xml);
  if (!root) throw new CapError([{ path: 'alert', message: 'no <alert> element' }]);
  const prefix = root[1];
  const attributes = root[2] ?? '';
  const declared = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(
    attributes,
  )?.[1];
  if (declared !== CAP_NAMESPACE)
    throw new CapError([
      {
        path: 'alert',
        message: `namespace ${declared ?? '(none)'} is not CAP 1.2's (${CAP_NAMESPACE})`,
      },
    ]);
}

function parsePoints(value: string, path: string, issues: CapIssue[]): Position[] | null {
  const points: Position[] = [];
  for (const pair of value.trim().split(/\s+/)) {
    const [lat, lon, extra] = pair.split(',').map(Number);
    if (
      lat === undefined ||
      lon === undefined ||
      extra !== undefined ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      issues.push({ path, message: `${pair} is not a lat,lon pair in degrees` });
      return null;
    }
    points.push([lon, lat]);
  }
  return points;
}

function polygonOf(value: string, path: string, issues: CapIssue[]): Polygon | null {
  const ring = parsePoints(value, path, issues);
  if (!ring) return null;
  const first = ring[0];
  const last = ring.at(-1);
  if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    issues.push({ path, message: 'a polygon is a closed ring of at least four lat,lon pairs' });
    return null;
  }
  return { type: 'Polygon', coordinates: [ring] };
}

function circleOf(value: string, path: string, issues: CapIssue[]): Circle | null {
  const [point, radius, extra] = value.trim().split(/\s+/);
  const center = point ? parsePoints(point, path, issues) : null;
  const radiusKm = Number(radius);
  if (!center?.[0] || extra !== undefined || !Number.isFinite(radiusKm) || radiusKm < 0) {
    if (center) issues.push({ path, message: 'a circle is "lat,lon radius" with the radius in km' });
    else if (!point) issues.push({ path, message: 'a circle is "lat,lon radius" with the radius in km' });
    return null;
  }
  // A point alert (radius 0) still needs an area to draw: a 100 m circle.
  return { center: center[0], radiusKm: Math.min(1000, Math.max(0.1, radiusKm)) };
}

const isLanguage = (language: string, code: string): boolean => {
  const l = language.toLowerCase();
  return l === code || l.startsWith(`${code}-`);
};

const clip = (value: string, max: number): string =>
  value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;

function contentOf(infos: InfoDoc[], issues: CapIssue[]): ReceivedContent | null {
  const first = infos[0];
  if (!first) return null;
  const info = infos.slice(0, 16).map((doc, index) => {
    const headline = clip((doc.headline ?? '').trim() || doc.event.trim(), WARNING_HEADLINE_MAX);
    const parsed = WarningInfoSchema.safeParse({
      // CAP's default language when the element is left out.
      language: doc.language?.trim() || 'en-US',
      headline,
      description: (doc.description ?? '').trim() || headline,
      instruction: (doc.instruction ?? '').trim(),
    });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        issues.push({ path: `alert/info[${index}]/${pathOf(issue.path)}`, message: issue.message });
    return parsed.success
      ? parsed.data
      : { language: 'en-US', headline, description: headline, instruction: '' };
  });
  // The first info's areas stand for the warning: the other blocks repeat them in their languages.
  const areas = first.area ?? [];
  const polygons: Polygon[] = [];
  const circles: Circle[] = [];
  areas.forEach((area, a) => {
    (area.polygon ?? []).forEach((value, p) => {
      if (value.trim() === '') return; // an empty polygon element says nothing
      const polygon = polygonOf(value, `alert/info[0]/area[${a}]/polygon[${p}]`, issues);
      if (polygon) polygons.push(polygon);
    });
    (area.circle ?? []).forEach((value, c) => {
      if (value.trim() === '') return;
      const circle = circleOf(value, `alert/info[0]/area[${a}]/circle[${c}]`, issues);
      if (circle) circles.push(circle);
    });
  });
  const descriptionIn = (code: string): string | undefined =>
    infos
      .find((doc) => isLanguage(doc.language ?? 'en-US', code))
      ?.area?.map((area) => area.areaDesc)
      .join('; ');
  const anyDescription = areas.map((area) => area.areaDesc).join('; ') || first.event;
  const toIso = (value: string | undefined): string | null => (value ? new Date(value).toISOString() : null);
  return {
    event: clip(first.event.trim(), 200),
    category: [...new Set(first.category)],
    responseType: [...new Set(first.responseType ?? [])],
    urgency: first.urgency,
    severity: first.severity,
    certainty: first.certainty,
    onset: toIso(first.onset ?? first.effective),
    expires: toIso(first.expires),
    senderName: first.senderName?.trim() ? clip(first.senderName.trim(), 200) : null,
    info,
    area: {
      description: {
        ar: descriptionIn('ar') ?? anyDescription,
        en: descriptionIn('en') ?? anyDescription,
      },
      polygons: polygons.slice(0, 64),
      circles: circles.slice(0, 64),
      governorates: [],
      geocodes: areas
        .flatMap((area) => area.geocode ?? [])
        .filter((g) => g.valueName !== '' && g.value !== '')
        .slice(0, 256),
    },
  };
}

function referencesOf(value: string | undefined, issues: CapIssue[]): CapReference[] {
  if (!value || value.trim() === '') return [];
  return value
    .trim()
    .split(/\s+/)
    .flatMap((triple, index) => {
      const [sender, identifier, sent, extra] = triple.split(',');
      const parsed = z
        .object({ sender: CapTokenSchema, identifier: CapTokenSchema, sent: CapDateTimeSchema })
        .safeParse({ sender, identifier, sent });
      if (!parsed.success || extra !== undefined) {
        issues.push({
          path: 'alert/references',
          message: `reference ${index + 1} (${triple}) is not sender,identifier,sent`,
        });
        return [];
      }
      return [parsed.data];
    });
}

/**
 * Reads a CAP 1.2 message, or throws a CapError naming each bad element. Synchronous and
 * CPU-bound: the server runs it in a worker thread (cap.pool.ts), never on the event loop.
 */
export function parseCap(xml: string): ReceivedCap {
  if (Buffer.byteLength(xml, 'utf8') > CAP_MAX_BYTES)
    throw new CapError([{ path: 'alert', message: `larger than ${CAP_MAX_BYTES} bytes` }]);
  // No DTD at all: CAP needs none, and a DTD is how external entities and entity bombs come in.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new CapError([
      { path: 'alert', message: 'a DOCTYPE or ENTITY declaration is refused (CAP needs none)' },
    ]);
  // fast-xml-parser 5 still ships its validator (deprecated for a package of its own, not a
  // dependency here); the parser alone would accept mismatched tags.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true)
    throw new CapError([
      {
        path: 'alert',
        message: `not well-formed XML at line ${wellFormed.err.line}, column ${wellFormed.err.col}: ${wellFormed.err.msg}`,
      },
    ]);
  checkNamespace(xml);
  const tree: unknown = parser.parse(xml);
  const doc = AlertDocSchema.safeParse(tree);
  if (!doc.success)
    throw new CapError(
      doc.error.issues.map((issue) => ({
        path: pathOf(issue.path) || 'alert',
        message:
          issue.code === 'invalid_type' && issue.input === undefined
            ? `${String(issue.path.at(-1))} is required`
            : issue.message,
      })),
    );
  const alert = doc.data.alert;
  const issues: CapIssue[] = [];
  const references = referencesOf(alert.references, issues);
  const infos = alert.info ?? [];
  if (
    infos.length === 0 &&
    alert.msgType !== 'Cancel' &&
    alert.msgType !== 'Ack' &&
    alert.msgType !== 'Error'
  )
    issues.push({ path: 'alert/info', message: `an ${alert.msgType} needs at least one info block` });
  if ((alert.msgType === 'Update' || alert.msgType === 'Cancel') && references.length === 0)
    issues.push({ path: 'alert/references', message: `an ${alert.msgType} must reference what it replaces` });
  const content = contentOf(infos, issues);
  if (issues.length > 0) throw new CapError(issues);
  return {
    identifier: alert.identifier,
    sender: alert.sender,
    sent: alert.sent,
    status: alert.status,
    msgType: alert.msgType,
    scope: alert.scope,
    note: alert.note?.trim() ? clip(alert.note.trim(), 2000) : null,
    references,
    content,
  };
}

/**
 * The message moved in time so that it is sent at `at`, its onset, expiry and references
 * moved alike: a training scenario's CAP file, written once, arrives fresh in every run.
 */
export function rebaseCap(cap: ReceivedCap, at: Date): ReceivedCap {
  const deltaMs = at.getTime() - Date.parse(cap.sent);
  const shift = (iso: string | null): string | null =>
    iso === null ? null : new Date(Date.parse(iso) + deltaMs).toISOString();
  return {
    ...cap,
    sent: capTime(at.toISOString()),
    references: cap.references.map((r) => ({
      ...r,
      sent: capTime(new Date(Date.parse(r.sent) + deltaMs).toISOString()),
    })),
    content: cap.content && {
      ...cap.content,
      onset: shift(cap.content.onset),
      expires: shift(cap.content.expires),
    },
  };
}
