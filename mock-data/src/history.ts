import {
  KUWAIT_TIME_ZONE,
  sectorById,
  type HistoryRecord,
  type Position,
  type SectorId,
  type Severity,
} from '@mirsad/shared';
import { PLACES, type Place } from './places.js';
import { createRandom, deriveSeed, type Random } from './random.js';

// A plausible year of past incidents in Kuwait's residential districts, for the pattern watch's
// demo, tests and benchmark. Its rhythm is the product of a rate for the place and a rate for
// the moment (the week, the hour, Ramadan evenings, summer nights), the same for every district:
// no series by construction, so a scan of it finds only what is planted (`plant`), and its
// false alarms are the test's own measure.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Kuwait is UTC+3 all year (no daylight saving). */
const KUWAIT_OFFSET_MS = 3 * HOUR_MS;

/** A category the history holds, with its share of all records and its usual severities. */
interface HistoryCategory {
  sector: SectorId;
  category: string;
  share: number;
  severities: readonly Severity[];
  /** How much more often it happens in summer (people away, long nights). */
  summer: number;
  /** When in the day it happens: `night` (burglary, vehicle fires) or `day`. */
  rhythm: 'night' | 'day';
}

/** The categories of a generated year and their shares (crime and public order, traffic, vehicle fires). */
export const HISTORY_CATEGORIES: readonly HistoryCategory[] = [
  {
    sector: 'criminal-security',
    category: 'burglary',
    share: 0.18,
    severities: [2, 3],
    summer: 1.35,
    rhythm: 'night',
  },
  {
    sector: 'criminal-security',
    category: 'theft',
    share: 0.28,
    severities: [1, 2],
    summer: 1.1,
    rhythm: 'day',
  },
  {
    sector: 'criminal-security',
    category: 'armed-robbery',
    share: 0.03,
    severities: [3, 4],
    summer: 1.1,
    rhythm: 'night',
  },
  {
    sector: 'criminal-security',
    category: 'drugs',
    share: 0.1,
    severities: [2, 3],
    summer: 1.0,
    rhythm: 'night',
  },
  {
    sector: 'public-security',
    category: 'assault',
    share: 0.11,
    severities: [2, 3],
    summer: 1.1,
    rhythm: 'night',
  },
  {
    sector: 'public-security',
    category: 'disturbance',
    share: 0.08,
    severities: [1, 2],
    summer: 1.1,
    rhythm: 'night',
  },
  {
    sector: 'fire-marine-rescue',
    category: 'vehicle-fire',
    share: 0.05,
    severities: [2, 3],
    summer: 1.6,
    rhythm: 'day',
  },
  {
    sector: 'traffic',
    category: 'collision',
    share: 0.17,
    severities: [1, 2, 3],
    summer: 0.9,
    rhythm: 'day',
  },
];

/** A series to plant in a generated year: `count` records of a category within `radiusM` of a place over its last `days`. */
export interface PlantedSeries {
  sector: SectorId;
  category: string;
  /** A district's English name (`Rumaithiya`) or a position. */
  at: string | Position;
  radiusM: number;
  count: number;
  /** Spread over the last `days` before `endDaysAgo` days before the end. */
  days: number;
  endDaysAgo?: number;
}

/** What a generated year is made from. */
export interface HistoryOptions {
  seed: number;
  /** The moment the year ends (exclusive), ms since the epoch. */
  end: number;
  /** Records in the year (planted ones come on top). */
  count: number;
  /** Days of history, 365 by default. */
  days?: number;
  /** The `source` of every record, `moi-archive` by default. */
  source?: string;
  plant?: readonly PlantedSeries[];
  /** Only these categories (all when left out); shares are renormalised. */
  categories?: readonly string[];
  /**
   * Near repeats, for a year with known structure (the forecast's benchmark): each record is
   * followed with probability `share` by another of its category within `radiusM`, after a
   * delay drawn from an exponential of mean `meanDays`. Off by default: a year without it has no
   * space-time interaction at all, which is what the scan's false-alarm test needs.
   */
  contagion?: { share: number; meanDays: number; radiusM: number };
}

/** The residential districts a year is spread over. */
export const HISTORY_DISTRICTS: readonly Place[] = PLACES.filter(
  (place) => place.kind === 'district' && place.radiusM <= 1_000,
);

const isRamadanFormat = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  month: 'numeric',
  timeZone: KUWAIT_TIME_ZONE,
});

/** Whether a moment falls in Ramadan (Umm al-Qura calendar, Kuwait's day). */
export function isRamadan(ms: number): boolean {
  return isRamadanFormat.formatToParts(new Date(ms)).find((p) => p.type === 'month')?.value === '9';
}

/** Whether a moment is in Kuwait's summer (June to August). */
export function isSummer(ms: number): boolean {
  const month = new Date(ms + KUWAIT_OFFSET_MS).getUTCMonth();
  return month >= 5 && month <= 7;
}

/** Relative rate of each weekday, Sunday first: the week starts on Sunday, the weekend (Friday, Saturday) is busier. */
const WEEKDAY_RATE = [1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.15];

/** Hours between two hours of the day, the short way round the clock. */
const hoursApart = (a: number, b: number): number => Math.min(Math.abs(a - b), 24 - Math.abs(a - b));

/** A bump of rate centred on an hour of the day. */
const bump = (hour: number, centre: number, widthH: number): number =>
  Math.exp(-(hoursApart(hour, centre) ** 2) / (2 * widthH ** 2));

/** Relative rate of each local hour by rhythm and season: Ramadan moves life to the evening and night, summer to the night. */
function hourProfile(rhythm: 'night' | 'day', season: 'usual' | 'summer' | 'ramadan'): number[] {
  return Array.from({ length: 24 }, (_, hour) => {
    const evening = bump(hour, 21, 2.5);
    const night = bump(hour, 1, 2);
    const day = bump(hour, 14, 3);
    let rate =
      rhythm === 'night'
        ? 0.2 + evening + 1.4 * night + 0.4 * day
        : 0.2 + 1.2 * day + 0.8 * evening + 0.2 * night;
    if (season === 'summer') rate += rhythm === 'night' ? night + 0.5 * evening : 0.6 * evening;
    if (season === 'ramadan') rate *= hour >= 19 || hour <= 2 ? 2.2 : hour >= 9 && hour <= 16 ? 0.5 : 0.9;
    return rate;
  });
}

const cumulative = (weights: readonly number[]): Float64Array => {
  const out = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    out[i] = total;
  });
  return out;
};

/** The index a uniform draw falls on in cumulative weights. */
function draw(cum: Float64Array, random: Random): number {
  const target = random.next() * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A position uniformly in a disc of `radiusM` around `center`. */
function scatter(center: Position, radiusM: number, random: Random): Position {
  const r = radiusM * Math.sqrt(random.next());
  const angle = random.next() * 2 * Math.PI;
  const dLat = (r * Math.cos(angle)) / 111_320;
  const dLon = (r * Math.sin(angle)) / (111_320 * Math.cos((center[1] * Math.PI) / 180));
  return [Number((center[0] + dLon).toFixed(6)), Number((center[1] + dLat).toFixed(6))];
}

function districtPosition(at: string | Position): Position {
  if (typeof at !== 'string') return at;
  const place = HISTORY_DISTRICTS.find((d) => d.name.en === at);
  if (!place) throw new Error(`no district named ${at} in the gazetteer`);
  return place.position;
}

function recordOf(
  kind: HistoryCategory,
  place: { name: { en: string; ar: string } } | null,
  position: Position,
  reportedAt: number,
  externalRef: string,
  source: string,
  random: Random,
): HistoryRecord {
  const name =
    sectorById(kind.sector).categories.find((c) => c.id === kind.category)?.name.en ?? kind.category;
  return {
    sector: kind.sector,
    category: kind.category,
    severity: random.pick(kind.severities),
    title: place ? `${name} in ${place.name.en}` : name,
    location: { type: 'Point', coordinates: position },
    reportedAt: new Date(reportedAt).toISOString(),
    closedAt: new Date(reportedAt + random.int(1, 48) * HOUR_MS).toISOString(),
    source,
    externalRef,
  };
}

/**
 * Generates a year (or `days`) of past incidents ending at `end`, oldest first, deterministic
 * for a seed: the place from the districts' weights, the day from the week, summer and
 * Ramadan, the hour from the category's rhythm in that season. Planted series come on top.
 */
export function generateHistory(options: HistoryOptions): HistoryRecord[] {
  const days = options.days ?? 365;
  const source = options.source ?? 'moi-archive';
  const random = createRandom(deriveSeed(options.seed, 14));
  const kinds = HISTORY_CATEGORIES.filter(
    (k) => !options.categories || options.categories.includes(k.category),
  );
  if (kinds.length === 0) throw new Error('no category to generate');
  const start = options.end - days * DAY_MS;
  // Day starts in Kuwait's time, so that an hour of the profile is a local hour.
  const firstDay = Math.floor((start + KUWAIT_OFFSET_MS) / DAY_MS) * DAY_MS - KUWAIT_OFFSET_MS;
  const dayStarts: number[] = [];
  for (let d = firstDay; d < options.end; d += DAY_MS) dayStarts.push(d);
  const seasonOf = (d: number): 'usual' | 'summer' | 'ramadan' =>
    isRamadan(d + 12 * HOUR_MS) ? 'ramadan' : isSummer(d + 12 * HOUR_MS) ? 'summer' : 'usual';
  const seasons = dayStarts.map(seasonOf);
  const placeCum = cumulative(HISTORY_DISTRICTS.map((p) => p.weight));
  const kindCum = cumulative(kinds.map((k) => k.share));
  const plans = kinds.map((kind) => {
    const dayCum = cumulative(
      dayStarts.map((d, i) => {
        const weekday = new Date(d + KUWAIT_OFFSET_MS).getUTCDay();
        const season = seasons[i];
        return (WEEKDAY_RATE[weekday] ?? 1) * (season === 'summer' ? kind.summer : 1);
      }),
    );
    const hours = {
      usual: cumulative(hourProfile(kind.rhythm, 'usual')),
      summer: cumulative(hourProfile(kind.rhythm, 'summer')),
      ramadan: cumulative(hourProfile(kind.rhythm, 'ramadan')),
    };
    return { kind, dayCum, hours };
  });
  const records: { at: number; record: HistoryRecord }[] = [];
  for (let n = 0; n < options.count; n++) {
    const plan = plans[draw(kindCum, random)];
    if (!plan) continue;
    const dayIndex = draw(plan.dayCum, random);
    const hour = draw(plan.hours[seasons[dayIndex] ?? 'usual'], random);
    const at = (dayStarts[dayIndex] ?? start) + hour * HOUR_MS + Math.floor(random.next() * HOUR_MS);
    if (at < start || at >= options.end) {
      n--;
      continue;
    }
    const place = HISTORY_DISTRICTS[draw(placeCum, random)];
    if (!place) continue;
    const position = scatter(place.position, place.radiusM, random);
    records.push({
      at,
      record: recordOf(plan.kind, place, position, at, `${source}-${options.seed}-${n}`, source, random),
    });
  }
  const contagion = options.contagion;
  if (contagion) {
    const parents = records.slice();
    parents.forEach(({ at, record }, k) => {
      // Offspring may have offspring of their own: a branching process, as a self-exciting model assumes.
      let parentAt = at;
      let parentPosition = record.location.coordinates as Position;
      let generation = 0;
      while (random.chance(contagion.share) && generation < 5) {
        const delay = -Math.log(1 - random.next()) * contagion.meanDays * DAY_MS;
        const childAt = parentAt + delay;
        if (childAt >= options.end) break;
        const kind = kinds.find((c) => c.category === record.category && c.sector === record.sector);
        if (!kind) break;
        const position = scatter(parentPosition, contagion.radiusM, random);
        records.push({
          at: childAt,
          record: recordOf(
            kind,
            null,
            position,
            childAt,
            `${source}-${options.seed}-repeat${k}-${generation}`,
            source,
            random,
          ),
        });
        parentAt = childAt;
        parentPosition = position;
        generation += 1;
      }
    });
  }
  (options.plant ?? []).forEach((series, s) => {
    const kind = HISTORY_CATEGORIES.find((k) => k.sector === series.sector && k.category === series.category);
    if (!kind) throw new Error(`no history category ${series.sector}/${series.category}`);
    const center = districtPosition(series.at);
    const place =
      typeof series.at === 'string' ? (HISTORY_DISTRICTS.find((d) => d.name.en === series.at) ?? null) : null;
    const last = options.end - (series.endDaysAgo ?? 0) * DAY_MS;
    for (let n = 0; n < series.count; n++) {
      const at = last - Math.floor(random.next() * series.days * DAY_MS) - 1;
      records.push({
        at,
        record: recordOf(
          kind,
          place,
          scatter(center, series.radiusM, random),
          at,
          `${source}-${options.seed}-plant${s}-${n}`,
          source,
          random,
        ),
      });
    }
  });
  return records.sort((a, b) => a.at - b.at).map((r) => r.record);
}
