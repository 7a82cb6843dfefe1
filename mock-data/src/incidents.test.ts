import {
  NewIncidentSchema,
  SECTOR_IDS,
  SECTORS,
  governorateOf,
  isInArea,
  representativePosition,
  distanceMetres,
  type NewIncident,
  type Position,
} from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { loadGovernorates } from './governorates.js';
import { AREA_RADIUS_RANGE_M, DEMO_SOURCE, generateIncidents } from './incidents.js';
import { isSimpleRing, ringSignedArea } from './ring.js';

const START = new Date('2025-01-01T00:00:00.000Z');
const END = new Date('2025-01-08T00:00:00.000Z');
const governorates = loadGovernorates();
const isOnLand = (position: Position): boolean => governorates.some((g) => isInArea(position, g.boundary));
const ARABIC = /[\u0600-\u06ff]/;

const generate = (seed: number, count = 500, extra: Partial<Parameters<typeof generateIncidents>[0]> = {}) =>
  generateIncidents({ seed, count, start: START, end: END, ...extra });

const incidents = generate(42);
/** Categories that may happen at sea, where the governorate is the nearest one. */
const SEA_CATEGORIES = new Set(['vessel-distress', 'maritime-intrusion', 'smuggling', 'marine-rescue']);

const countBy = <K extends string | number>(items: readonly NewIncident[], key: (i: NewIncident) => K) => {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe('generateIncidents', () => {
  it('produces bodies that NewIncidentSchema accepts without changing them', () => {
    expect(incidents).toHaveLength(500);
    for (const incident of incidents) expect(NewIncidentSchema.parse(incident)).toEqual(incident);
  });

  it('gives the same incidents for the same options', () => {
    expect(generate(42)).toEqual(incidents);
  });

  it('gives different incidents for another seed', () => {
    const other = generate(43);
    expect(other.map((i) => i.title)).not.toEqual(incidents.map((i) => i.title));
    expect(other.map((i) => i.reportedAt)).not.toEqual(incidents.map((i) => i.reportedAt));
  });

  it.each([1, 42, 2024])('covers all eleven sectors in 500 incidents (seed %i)', (seed) => {
    expect(new Set(generate(seed).map((i) => i.sector))).toEqual(new Set(SECTOR_IDS));
  });

  it('uses every category of every sector in 5000 incidents', () => {
    const seen = new Set(generate(7, 5000).map((i) => `${i.sector}/${i.category}`));
    const all = SECTORS.flatMap((s) => s.categories.map((c) => `${s.id}/${c.id}`));
    expect(all.filter((key) => !seen.has(key))).toEqual([]);
  });

  it('reports every incident between start and end, spread over the whole range, in time order', () => {
    const times = incidents.map((i) => Date.parse(i.reportedAt ?? ''));
    const span = END.getTime() - START.getTime();
    expect(times.every((t) => t >= START.getTime() && t <= END.getTime())).toBe(true);
    expect(Math.min(...times)).toBeLessThan(START.getTime() + span * 0.05);
    expect(Math.max(...times)).toBeGreaterThan(END.getTime() - span * 0.05);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(incidents.every((i) => i.reportedAt === new Date(i.reportedAt ?? '').toISOString())).toBe(true);
  });

  it('reports every incident at the one instant when start equals end', () => {
    const at = generate(5, 20, { end: START });
    expect(new Set(at.map((i) => i.reportedAt))).toEqual(new Set([START.toISOString()]));
  });

  it('makes traffic and public security far more frequent than correctional incidents', () => {
    const bySector = countBy(generate(11, 3000), (i) => i.sector);
    const correctional = bySector.get('correctional') ?? 0;
    expect(correctional).toBeGreaterThan(0);
    expect(bySector.get('traffic') ?? 0).toBeGreaterThan(8 * correctional);
    expect(bySector.get('public-security') ?? 0).toBeGreaterThan(5 * correctional);
  });

  it('skews severity low, with occasional severe and critical incidents', () => {
    const bySeverity = countBy(generate(12, 3000), (i) => i.severity);
    const share = (...levels: number[]): number =>
      levels.reduce((sum, level) => sum + (bySeverity.get(level) ?? 0), 0) / 3000;
    expect(share(1, 2)).toBeGreaterThan(0.5);
    expect(share(4, 5)).toBeGreaterThan(0.05);
    expect(share(4, 5)).toBeLessThan(0.25);
    expect(share(5)).toBeGreaterThan(0);
    expect(share(5)).toBeLessThan(share(4));
  });

  it('draws some areas as small, closed, simple, counterclockwise polygons on land', () => {
    const areas = incidents.flatMap((i) => (i.location.type === 'Polygon' ? [i.location] : []));
    expect(areas.length).toBeGreaterThanOrEqual(5);
    expect(areas.length).toBeLessThan(incidents.length / 5);
    for (const area of areas) {
      const [ring, ...holes] = area.coordinates;
      expect(holes).toEqual([]);
      if (!ring) throw new Error('an area without a ring');
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[ring.length - 1]).toEqual(ring[0]);
      expect(isSimpleRing(ring)).toBe(true);
      expect(ringSignedArea(ring)).toBeGreaterThan(0);
      const centre = representativePosition(area);
      const reach = Math.max(...ring.map((p) => distanceMetres(centre, p)));
      expect(reach).toBeGreaterThan(AREA_RADIUS_RANGE_M[0] * 0.5);
      expect(reach).toBeLessThan(AREA_RADIUS_RANGE_M[1] * 1.3);
      expect(ring.every(isOnLand)).toBe(true);
    }
  });

  it('puts land incidents inside a governorate and names the one they fall in', () => {
    for (const incident of incidents) {
      const position = representativePosition(incident.location);
      expect(incident.governorate, incident.title).toBe(governorateOf(incident.location, governorates));
      if (!SEA_CATEGORIES.has(incident.category)) expect(isOnLand(position), incident.title).toBe(true);
    }
  });

  it('puts incidents at sea offshore, naming the nearest governorate', () => {
    const atSea = generate(13, 2000).filter((i) => !isOnLand(representativePosition(i.location)));
    expect(atSea.length).toBeGreaterThan(10);
    for (const incident of atSea) {
      expect(SEA_CATEGORIES.has(incident.category), incident.title).toBe(true);
      expect(incident.location.type).toBe('Point');
      expect(incident.governorate, incident.title).toBeDefined();
    }
  });

  it('marks incidents with the demo source and idempotent refs demo-<seed>-<n>', () => {
    expect(new Set(incidents.map((i) => i.source))).toEqual(new Set([DEMO_SOURCE]));
    const refs = incidents.map((i) => i.externalRef);
    expect(new Set(refs)).toEqual(new Set(Array.from({ length: 500 }, (_, n) => `demo-42-${n + 1}`)));
  });

  it('uses the source it is given', () => {
    expect(new Set(generate(42, 10, { source: 'training-2025' }).map((i) => i.source))).toEqual(
      new Set(['training-2025']),
    );
  });

  it('writes Arabic for ar, English for en and both for mixed', () => {
    const arabic = generate(3, 200, { titleLocale: 'ar' });
    const english = generate(3, 200, { titleLocale: 'en' });
    expect(arabic.every((i) => ARABIC.test(i.title) && ARABIC.test(i.description))).toBe(true);
    expect(english.some((i) => ARABIC.test(i.title) || ARABIC.test(i.description))).toBe(false);
    const mixed = incidents.map((i) => ARABIC.test(i.title));
    expect(mixed).toContain(true);
    expect(mixed).toContain(false);
  });

  it('names real places in its titles', () => {
    const titles = generate(3, 300, { titleLocale: 'en' }).map((i) => i.title);
    expect(titles.some((t) => /^Collision on the .+ Road near [A-Z]/.test(t))).toBe(true);
    expect(titles.some((t) => t.includes('Salmiya'))).toBe(true);
  });

  it('fills every placeholder of its templates', () => {
    const all = [...generate(21, 3000, { titleLocale: 'ar' }), ...generate(21, 3000, { titleLocale: 'en' })];
    expect(all.filter((i) => /[{}]/.test(i.title + i.description))).toEqual([]);
  });

  it('keeps the first incidents unchanged when the count grows', () => {
    const small = generate(42, 50);
    const byRef = new Map(incidents.map((i) => [i.externalRef, i]));
    for (const incident of small) expect(byRef.get(incident.externalRef)).toEqual(incident);
  });

  it('returns no incidents for a count of zero', () => {
    expect(generate(1, 0)).toEqual([]);
  });

  it('refuses an end before the start, a fractional count and a negative seed', () => {
    expect(() => generate(1, 10, { end: new Date('2024-12-31T00:00:00.000Z') })).toThrow(
      /end must not be before start/,
    );
    expect(() => generate(1, 2.5)).toThrow(/count/);
    expect(() => generate(-1)).toThrow(/seed/);
  });
});
