import {
  SECTOR_IDS,
  SourceIdSchema,
  INTL_LOCALES,
  governorateOf,
  isInArea,
  type Facility,
  type Governorate,
  type IncidentLocation,
  type LocalizedText,
  type Locale,
  type NewIncident,
  type Point,
  type Polygon,
  type Position,
  type SectorId,
} from '@mirsad/shared';
import { IntlMessageFormat } from 'intl-messageformat';
import { z } from 'zod';
import { loadFacilities } from './facilities.js';
import { loadGovernorates } from './governorates.js';
import { INCIDENT_PLANS, type CategoryPlan, type LocationKind } from './incident-plans.js';
import { PLACES, ROADS, type Place, type PlaceKind } from './places.js';
import { createRandom, deriveSeed, type Random } from './random.js';

/** The `source` of generated incidents unless told otherwise. */
export const DEMO_SOURCE = 'mirsad-demo';

/** Most incidents one call generates; more is a mistake, not a demo. */
export const MAX_GENERATED_INCIDENTS = 100_000;

/** Smallest and largest radius of a generated area (a flooded zone, a crowd), metres. */
export const AREA_RADIUS_RANGE_M = [150, 450] as const;

/** The language of generated titles and descriptions; `mixed` picks one per incident. */
export const TitleLocaleSchema = z.enum(['ar', 'en', 'mixed']);

/** The language of generated titles and descriptions. */
export type TitleLocale = z.infer<typeof TitleLocaleSchema>;

/** Options of `generateIncidents`; the same options always give the same incidents. */
export const GenerateIncidentsOptionsSchema = z
  .object({
    /** A non-negative integer; each incident draws from its own stream derived from it. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    count: z.number().int().min(0).max(MAX_GENERATED_INCIDENTS),
    /** Earliest `reportedAt`, included. */
    start: z.date(),
    /** Latest `reportedAt`, included. */
    end: z.date(),
    titleLocale: TitleLocaleSchema.default('mixed'),
    source: SourceIdSchema.default(DEMO_SOURCE),
  })
  .refine((options) => options.end.getTime() >= options.start.getTime(), {
    error: 'end must not be before start',
    path: ['end'],
  });

/** Options of `generateIncidents`. */
export type GenerateIncidentsOptions = z.input<typeof GenerateIncidentsOptionsSchema>;

/** Metres per degree of latitude (and of longitude at the equator). */
const METRES_PER_DEGREE = 111_320;
/** Tries to find a point of the right kind (land or sea) before falling back to the anchor. */
const PLACEMENT_TRIES = 30;
/** Tries at a time of day the diurnal curve accepts before taking the last one. */
const TIME_TRIES = 8;
/** Kuwait's offset from UTC; it keeps no daylight saving time. */
const KUWAIT_UTC_OFFSET_H = 3;
/** How busy each hour of the day is in Kuwait (local time, 0–23), relative to the busiest. */
const HOURLY_ACTIVITY = [
  0.5, 0.4, 0.3, 0.25, 0.25, 0.3, 0.5, 0.8, 1, 1, 1, 1, 1, 1, 0.9, 0.9, 1, 1, 1, 1, 1, 0.9, 0.8, 0.6,
] as const;
/** Probability that a `mixed` incident is in Arabic. */
const ARABIC_SHARE = 0.5;

interface Gazetteer {
  governorates: readonly Governorate[];
  stations: readonly Facility[];
  shelters: readonly Facility[];
  placesByKind: ReadonlyMap<PlaceKind, readonly Place[]>;
}

let cachedGazetteer: Gazetteer | undefined;

function gazetteer(): Gazetteer {
  if (!cachedGazetteer) {
    const facilities = loadFacilities();
    const placesByKind = new Map<PlaceKind, Place[]>();
    for (const place of PLACES)
      placesByKind.set(place.kind, [...(placesByKind.get(place.kind) ?? []), place]);
    cachedGazetteer = {
      governorates: loadGovernorates(),
      stations: facilities.filter(
        (f) => f.kind === 'police-station' || f.kind === 'fire-station' || f.kind === 'civil-defence-centre',
      ),
      shelters: facilities.filter((f) => f.kind === 'shelter-site'),
      placesByKind,
    };
  }
  return cachedGazetteer;
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** The position `distanceM` metres from `origin` towards `bearingRad` (clockwise from north). */
function offset(origin: Position, distanceM: number, bearingRad: number): Position {
  const [lon, lat] = origin;
  const dLat = (distanceM * Math.cos(bearingRad)) / METRES_PER_DEGREE;
  const dLon = (distanceM * Math.sin(bearingRad)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [round6(lon + dLon), round6(lat + dLat)];
}

/** A point spread evenly over the disc of `radiusM` around `center`. */
function scatter(rng: Random, center: Position, radiusM: number): Position {
  return offset(center, radiusM * Math.sqrt(rng.next()), rng.float(0, 2 * Math.PI));
}

/**
 * A small area around `center`: a star-shaped ring whose bearings only ever fall, less than a
 * full turn in all, so it never crosses itself; it winds counterclockwise, as RFC 7946 asks
 * of outer rings.
 */
function areaAround(rng: Random, center: Position): Polygon {
  const radiusM = rng.float(...AREA_RADIUS_RANGE_M);
  const vertexCount = rng.int(8, 12);
  const step = (2 * Math.PI) / vertexCount;
  const start = rng.float(0, 2 * Math.PI);
  const ring: Position[] = [];
  for (let i = 0; i < vertexCount; i++) {
    // Counterclockwise on the map is a falling compass bearing.
    const bearing = start - i * step - rng.float(0, step / 2);
    ring.push(offset(center, radiusM * rng.float(0.7, 1), bearing));
  }
  const first = ring[0];
  if (first) ring.push(first);
  return { type: 'Polygon', coordinates: [ring] };
}

function isOnLand(position: Position, governorates: readonly Governorate[]): boolean {
  return governorates.some((g) => isInArea(position, g.boundary));
}

function isAtSea(position: Position, governorates: readonly Governorate[]): boolean {
  const point: Point = { type: 'Point', coordinates: position };
  return !isOnLand(position, governorates) && governorateOf(point, governorates) !== null;
}

/** Where an incident is and the phrase that says so. */
interface Spot {
  location: IncidentLocation;
  at: LocalizedText;
}

/**
 * A location near `anchor`: a point (or, with `asArea`, a small polygon) drawn by `draw` until
 * it lands where it should (on land, or at sea for sea places). The anchor itself, which the
 * tests check, is the fallback.
 */
function locate(
  rng: Random,
  anchor: Position,
  draw: () => Position,
  isAtSeaWanted: boolean,
  asArea: boolean,
  governorates: readonly Governorate[],
): IncidentLocation {
  const fits = (position: Position): boolean =>
    isAtSeaWanted ? isAtSea(position, governorates) : isOnLand(position, governorates);
  for (let i = 0; i < PLACEMENT_TRIES; i++) {
    const center = draw();
    if (!fits(center)) continue;
    if (!asArea) return { type: 'Point', coordinates: center };
    const area = areaAround(rng, center);
    if (area.coordinates[0]?.every(fits)) return area;
  }
  return { type: 'Point', coordinates: [anchor[0], anchor[1]] };
}

function facilitySpot(rng: Random, facilities: readonly Facility[]): Spot {
  const facility = rng.pick(facilities);
  const [lon, lat] = facility.location.coordinates;
  return {
    location: { type: 'Point', coordinates: [lon, lat] },
    at: { en: `at ${facility.name.en}`, ar: `في ${facility.name.ar}` },
  };
}

function chooseSpot(rng: Random, kind: LocationKind, areaChance: number, g: Gazetteer): Spot {
  const asArea = rng.chance(areaChance);
  switch (kind) {
    case 'station':
      return facilitySpot(rng, g.stations);
    case 'shelter':
      return facilitySpot(rng, g.shelters);
    case 'road': {
      const road = rng.weighted(ROADS.map((r) => [r, r.weight] as const));
      const along = (t: number): Position => [
        road.from[0] + t * (road.to[0] - road.from[0]),
        road.from[1] + t * (road.to[1] - road.from[1]),
      ];
      const midpoint = along(0.5);
      const location = locate(
        rng,
        [round6(midpoint[0]), round6(midpoint[1])],
        () => scatter(rng, along(rng.next()), 30),
        false,
        asArea,
        g.governorates,
      );
      return {
        location,
        at: {
          en: `on ${road.name.en} near ${road.near.en}`,
          ar: `على ${road.name.ar} قرب ${road.near.ar}`,
        },
      };
    }
    case 'district':
    case 'industrial':
    case 'crowd':
    case 'vip':
    case 'port':
    case 'sea':
    case 'border':
    case 'desert':
    case 'prison': {
      const places = g.placesByKind.get(kind) ?? [];
      const chosen = rng.weighted(places.map((p) => [p, p.weight] as const));
      const location = locate(
        rng,
        chosen.position,
        () => scatter(rng, chosen.position, chosen.radiusM),
        kind === 'sea',
        asArea && kind !== 'sea',
        g.governorates,
      );
      return { location, at: chosen.at };
    }
  }
}

/** A moment in [start, end], favouring the busy hours of a Kuwaiti day. */
function reportedAt(rng: Random, startMs: number, endMs: number): Date {
  let at = startMs;
  for (let i = 0; i < TIME_TRIES; i++) {
    at = startMs + Math.floor(rng.next() * (endMs - startMs + 1));
    const hour = (new Date(at).getUTCHours() + KUWAIT_UTC_OFFSET_H) % 24;
    if (rng.next() < (HOURLY_ACTIVITY[hour] ?? 1)) break;
  }
  return new Date(at);
}

/** The values a template may use: where it happened, and the numbers. */
export type TemplateValues = Readonly<
  Record<'at', string> & Record<'n' | 'people' | 'minutes' | 'crowd' | 'depth', number>
>;

const compiledTemplates = new Map<string, IntlMessageFormat>();

/** Fills an ICU template of the plans in a language, with its plural rules. */
export function fillTemplate(template: string, locale: Locale, values: TemplateValues): string {
  const key = `${locale}\u0000${template}`;
  let format = compiledTemplates.get(key);
  if (!format) {
    format = new IntlMessageFormat(template, INTL_LOCALES[locale]);
    compiledTemplates.set(key, format);
  }
  const text = format.format(values);
  if (typeof text !== 'string') throw new Error(`template "${template}" did not format to text`);
  return text;
}

const SECTOR_WEIGHTS = SECTOR_IDS.map((id) => [id, INCIDENT_PLANS[id].weight] as const);

function categoriesOf(sector: SectorId): readonly (readonly [string, CategoryPlan])[] {
  // Object.entries loses the per-sector key types, which nothing here needs.
  const categories: Readonly<Record<string, CategoryPlan>> = INCIDENT_PLANS[sector].categories;
  return Object.entries(categories);
}

function generateOne(
  seed: number,
  n: number,
  options: z.output<typeof GenerateIncidentsOptionsSchema>,
  g: Gazetteer,
): { incident: NewIncident; atMs: number } {
  // Each incident has its own stream, so that a larger count adds incidents and changes none.
  const rng = createRandom(deriveSeed(seed, n));
  const sector = rng.weighted(SECTOR_WEIGHTS);
  const [category, plan] = rng.weighted(
    categoriesOf(sector).map((entry) => [entry, entry[1].weight] as const),
  );
  const severity = rng.weighted(plan.severity.map((weight, index) => [index + 1, weight] as const));
  const spot = chooseSpot(rng, rng.weighted(plan.where), plan.areaChance, g);
  const locale: Locale =
    options.titleLocale === 'mixed' ? (rng.chance(ARABIC_SHARE) ? 'ar' : 'en') : options.titleLocale;
  const values = {
    at: spot.at[locale],
    n: rng.int(1, 12),
    people: rng.int(1, 150),
    minutes: rng.int(1, 90),
    crowd: rng.int(5, 40) * 100,
    depth: rng.int(20, 80),
  };
  const governorate = governorateOf(spot.location, g.governorates);
  const at = reportedAt(rng, options.start.getTime(), options.end.getTime());
  const incident: NewIncident = {
    sector,
    category,
    severity,
    title: fillTemplate(rng.pick(plan.title[locale]), locale, values),
    description: fillTemplate(rng.pick(plan.description[locale]), locale, values),
    location: spot.location,
    // At sea this is the nearest governorate (see `governorateOf`); the server would derive the same.
    ...(governorate ? { governorate } : {}),
    reportedAt: at.toISOString(),
    source: options.source,
    externalRef: `demo-${seed}-${n}`,
  };
  return { incident, atMs: at.getTime() };
}

/**
 * Plausible incidents for every sector, in time order, for demos, tests and training. The
 * same options give the same incidents; `externalRef` is `demo-<seed>-<n>`, so posting them
 * again is idempotent, and a larger `count` keeps the first incidents unchanged.
 */
export function generateIncidents(options: GenerateIncidentsOptions): NewIncident[] {
  const parsed = GenerateIncidentsOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`bad generateIncidents options: ${z.prettifyError(parsed.error)}`);
  const g = gazetteer();
  const generated = Array.from({ length: parsed.data.count }, (_, i) => ({
    n: i + 1,
    ...generateOne(parsed.data.seed, i + 1, parsed.data, g),
  }));
  generated.sort((a, b) => a.atMs - b.atMs || a.n - b.n);
  return generated.map((entry) => entry.incident);
}
