import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  KUWAIT_BOUNDS,
  distanceMetres,
  governorateOf,
  isInArea,
  isInPolygon,
  representativePosition,
  type Inject,
  type IncidentLocation,
  type LocalizedText,
  type OverlayInjectSchema,
  type Polygon,
  type Position,
  type Scenario,
  type SectorId,
  type UnitType,
} from '@mirsad/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadFacilities } from './facilities.js';
import { loadGovernorates } from './governorates.js';
import { isSimpleRing, ringSignedArea } from './ring.js';
import { SCENARIOS_DIR, listScenarios, loadScenario, parseScenario, parseScenarioText } from './scenarios.js';

const governorates = loadGovernorates();
const stations = loadFacilities().filter((f) => f.kind !== 'hospital' && f.kind !== 'shelter-site');
const ARABIC = /[\u0600-\u06ff]/;
const RAIN_ID = 'heavy-rain-capital';
const FIRE_ID = 'industrial-fire-amghara';

/** Categories whose incidents happen on the water, so lie off every governorate's land. */
const SEA_CATEGORIES = new Set(['vessel-distress', 'marine-rescue']);

/** The exercise engine shifts reported points by up to about 40 m; land points must survive it. */
const JITTER_DEG = 0.0005;

/** The inject of one kind; overlay kinds share one variant, so it is matched by the kinds it allows. */
type Narrow<I, K> = I extends { kind: infer V } ? (K extends V ? I & { kind: K } : never) : never;
type Of<K extends Inject['kind']> = Narrow<Inject, K>;

const ofKind = <K extends Inject['kind']>(scenario: Scenario, kind: K): Of<K>[] =>
  scenario.injects.filter((inject): inject is Of<K> => inject.kind === kind);

type Report = Of<'incident'> | Of<'public-call'>;
const reports = (scenario: Scenario): Report[] =>
  scenario.injects.filter((i): i is Report => i.kind === 'incident' || i.kind === 'public-call');

const sectorOf = (report: Report): SectorId => (report.kind === 'incident' ? report.sector : 'operations');

const byId = (scenario: Scenario, id: string): Inject => {
  const inject = scenario.injects.find((i) => i.id === id);
  if (!inject) throw new Error(`${scenario.id} has no inject ${id}`);
  return inject;
};

type Overlay = z.infer<typeof OverlayInjectSchema>;

/** Overlays of one kind grouped by key, in the order they fire. */
function overlaysByKey(scenario: Scenario, kind: Overlay['kind']): Map<string, Overlay[]> {
  const groups = new Map<string, Overlay[]>();
  const overlays = scenario.injects.filter((inject): inject is Overlay => inject.kind === kind);
  for (const overlay of overlays.sort((a, b) => a.atMin - b.atMin)) {
    groups.set(overlay.key, [...(groups.get(overlay.key) ?? []), overlay]);
  }
  return groups;
}

/** The latest inject of a list at or before a minute. */
function latestAt<T extends Inject>(injects: readonly T[], minute: number): T | undefined {
  return injects.filter((i) => i.atMin <= minute).sort((a, b) => b.atMin - a.atMin)[0];
}

const outerRing = (area: Polygon): Position[] => area.coordinates[0] ?? [];
const areaOf = (area: Polygon): number => Math.abs(ringSignedArea(outerRing(area))) / 2;

/** Compass bearing from `a` to `b`, degrees clockwise from north, on a local flat projection. */
function bearingDeg(a: Position, b: Position): number {
  const east = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180);
  const north = b[1] - a[1];
  return ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
}

const angleBetween = (a: number, b: number): number => Math.abs(((a - b + 540) % 360) - 180);

const isInKuwaitBounds = ([lon, lat]: Position): boolean => {
  const [west, south, east, north] = KUWAIT_BOUNDS;
  return lon >= west && lon <= east && lat >= south && lat <= north;
};

const isOnLand = (position: Position): boolean => governorates.some((g) => isInArea(position, g.boundary));

function positionsOf(location: IncidentLocation): Position[] {
  return location.type === 'Point' ? [location.coordinates] : location.coordinates.flat();
}

/** Every localized text of a scenario, labelled with where it is. */
function textsOf(scenario: Scenario): [string, LocalizedText][] {
  const texts: [string, LocalizedText][] = [
    ['name', scenario.name],
    ['summary', scenario.summary],
  ];
  for (const inject of scenario.injects) {
    if ('title' in inject) texts.push([`${inject.id}.title`, inject.title]);
    if ('description' in inject && inject.description)
      texts.push([`${inject.id}.description`, inject.description]);
    if ('text' in inject) texts.push([`${inject.id}.text`, inject.text]);
    if ('name' in inject) texts.push([`${inject.id}.name`, inject.name]);
  }
  for (const expectation of scenario.expectations) texts.push([expectation.id, expectation.description]);
  return texts;
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected an error, but none was thrown');
}

describe('listScenarios', () => {
  it('lists the heavy-rain and the industrial-fire scenarios with their kind, name and length', () => {
    const summaries = listScenarios();
    expect(summaries.map((s) => [s.id, s.kind])).toEqual([
      [RAIN_ID, 'heavy-rain'],
      [FIRE_ID, 'fire'],
    ]);
    for (const summary of summaries) {
      expect(summary.name.ar).toMatch(ARABIC);
      expect(summary.durationMin).toBe(loadScenario(summary.id).durationMin);
    }
  });
});

describe.each([RAIN_ID, FIRE_ID])('scenario %s', (id) => {
  const scenario = loadScenario(id);

  it('runs at least 90 minutes with dozens of injects from several sectors, spread over the whole run', () => {
    expect(scenario.durationMin).toBeGreaterThanOrEqual(90);
    expect(scenario.injects.length).toBeGreaterThanOrEqual(40);
    expect(new Set(reports(scenario).map(sectorOf)).size).toBeGreaterThanOrEqual(5);
    // No quiet spell longer than ten minutes, and something still happens in the last quarter.
    const minutes = scenario.injects.map((i) => i.atMin).sort((a, b) => a - b);
    const gaps = minutes.slice(1).map((m, i) => m - (minutes[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10);
    expect(minutes.filter((m) => m >= scenario.durationMin * 0.75).length).toBeGreaterThanOrEqual(5);
  });

  it('puts every report in Kuwait: on land inside a governorate, or offshore within reach for sea incidents', () => {
    for (const report of reports(scenario)) {
      for (const position of positionsOf(report.location))
        expect(isInKuwaitBounds(position), report.id).toBe(true);
      const position = representativePosition(report.location);
      const isAtSea = report.kind === 'incident' && SEA_CATEGORIES.has(report.category);
      if (isAtSea) {
        expect(isOnLand(position), `${report.id} should be at sea`).toBe(false);
        expect(governorateOf(report.location, governorates), report.id).not.toBeNull();
      } else {
        for (const dLon of [-JITTER_DEG, 0, JITTER_DEG]) {
          for (const dLat of [-JITTER_DEG, 0, JITTER_DEG]) {
            expect(isOnLand([position[0] + dLon, position[1] + dLat]), `${report.id} should be on land`).toBe(
              true,
            );
          }
        }
      }
    }
  });

  it('bases every unit of its fleet at a real police, fire, civil defence or coast guard station', () => {
    expect(scenario.units.length).toBeGreaterThanOrEqual(15);
    expect(new Set(scenario.units.map((u) => u.id)).size).toBe(scenario.units.length);
    expect(new Set(scenario.units.map((u) => u.callSign)).size).toBe(scenario.units.length);
    for (const unit of scenario.units) {
      const station = stations.find((s) => s.location.coordinates.every((c, i) => c === unit.base[i]));
      expect(station, `${unit.id} is not based at a station`).toBeDefined();
    }
  });

  it('reports an incident before anything updates it, watches it or scores it, and leaves time to meet each expectation', () => {
    for (const inject of scenario.injects) {
      const watched = [
        ...(inject.kind === 'incident-update' ? [inject.target] : []),
        ...(inject.condition ? [inject.condition.unlessIncident] : []),
      ];
      for (const target of watched)
        expect(byId(scenario, target).atMin, inject.id).toBeLessThan(inject.atMin);
    }
    for (const expectation of scenario.expectations) {
      const reportedAt = byId(scenario, expectation.target).atMin;
      expect(reportedAt + expectation.withinMin, expectation.id).toBeLessThanOrEqual(scenario.durationMin);
    }
  });

  it('escalates an unacknowledged report about five minutes later, to critical or with a new severe incident', () => {
    const conditional = scenario.injects.filter((i) => i.condition);
    expect(conditional.length).toBeGreaterThanOrEqual(3);
    for (const inject of conditional) {
      const watched = inject.condition?.unlessIncident ?? '';
      expect(inject.condition?.hasReached, inject.id).toBe('acknowledged');
      const delay = inject.atMin - byId(scenario, watched).atMin;
      expect(delay, inject.id).toBeGreaterThanOrEqual(4);
      expect(delay, inject.id).toBeLessThanOrEqual(7);
      if (inject.kind === 'incident-update') {
        expect([inject.target, inject.severity], inject.id).toEqual([watched, 5]);
      } else {
        expect(inject.kind, inject.id).toBe('incident');
        expect(inject.kind === 'incident' && inject.severity >= 4, inject.id).toBe(true);
      }
    }
  });

  it('draws every overlay as a simple counterclockwise ring inside KUWAIT_BOUNDS', () => {
    for (const inject of scenario.injects) {
      const area = 'area' in inject ? inject.area : undefined;
      if (!area) continue;
      for (const ring of area.coordinates) {
        expect(isSimpleRing(ring), inject.id).toBe(true);
        expect(ring.every(isInKuwaitBounds), inject.id).toBe(true);
      }
      expect(ringSignedArea(outerRing(area)), inject.id).toBeGreaterThan(0);
    }
  });

  it('closes each road before it reopens it, along a line that stays on land', () => {
    const isClosed = new Map<string, boolean>();
    for (const closure of ofKind(scenario, 'road-closure').sort((a, b) => a.atMin - b.atMin)) {
      if (closure.isOpen)
        expect(isClosed.get(closure.key), `${closure.id} reopens a road never closed`).toBe(true);
      isClosed.set(closure.key, !closure.isOpen);
      for (const position of closure.line.coordinates) expect(isOnLand(position), closure.id).toBe(true);
    }
    expect(isClosed.size).toBeGreaterThanOrEqual(3);
  });

  it('expects a shelter to be opened only for civil defence shelter incidents', () => {
    const shelterExpectations = scenario.expectations.filter((e) => e.action === 'open-shelter');
    expect(shelterExpectations.length).toBeGreaterThanOrEqual(1);
    for (const expectation of shelterExpectations) {
      const target = byId(scenario, expectation.target);
      expect(target.kind === 'incident' && [target.sector, target.category], expectation.id).toEqual([
        'civil-defence',
        'shelter',
      ]);
    }
  });

  it('writes every text in Arabic script first and in English without it', () => {
    for (const [where, text] of textsOf(scenario)) {
      expect(text.ar, where).toMatch(ARABIC);
      expect(text.en, where).not.toMatch(ARABIC);
    }
  });
});

describe(`the ${RAIN_ID} scenario`, () => {
  const scenario = loadScenario(RAIN_ID);
  const weather = ofKind(scenario, 'weather').sort((a, b) => a.atMin - b.atMin);
  const rates = weather.map((w) => w.rainMmPerHour);
  const peakRate = Math.max(...rates);
  const peakRainMin = weather.find((w) => w.rainMmPerHour === peakRate)?.atMin ?? Infinity;

  it('meets the brief: 100 minutes, 45 injects over 6 sectors, 4 escalations and 12 expectations', () => {
    expect(scenario.durationMin).toBeGreaterThanOrEqual(100);
    expect(scenario.injects.length).toBeGreaterThanOrEqual(45);
    expect(new Set(reports(scenario).map(sectorOf)).size).toBeGreaterThanOrEqual(6);
    expect(scenario.injects.filter((i) => i.condition).length).toBeGreaterThanOrEqual(4);
    expect(scenario.expectations.length).toBeGreaterThanOrEqual(12);
  });

  it('builds the rain up to a single peak of cloudburst strength and lets it die away to dry', () => {
    const peakAt = rates.indexOf(peakRate);
    expect(peakRate).toBeGreaterThanOrEqual(50);
    expect(peakAt).toBeGreaterThan(0);
    expect(peakAt).toBeLessThan(rates.length - 1);
    rates.forEach((rate, i) => {
      const previous = rates[i - 1];
      if (previous === undefined) return;
      if (i <= peakAt) expect(rate, `bulletin ${i}`).toBeGreaterThan(previous);
      else expect(rate, `bulletin ${i}`).toBeLessThan(previous);
    });
    expect(rates.at(-1)).toBe(0);
  });

  it('raises the water in each flooded zone to a peak no earlier than the heaviest rain, spreading as it deepens', () => {
    const zones = overlaysByKey(scenario, 'flooded-zone');
    expect(zones.size).toBeGreaterThanOrEqual(6);
    for (const [key, readings] of zones) {
      const depths = readings.map((r) => r.depthCm ?? Number.NaN);
      const peak = Math.max(...depths);
      const peakAt = depths.indexOf(peak);
      expect(readings.length, key).toBeGreaterThanOrEqual(3);
      expect(depths[0], key).toBeLessThan(peak);
      expect(readings[peakAt]?.atMin, key).toBeGreaterThanOrEqual(peakRainMin);
      readings.forEach((reading, i) => {
        const previous = readings[i - 1];
        if (!previous) return;
        const rise = (reading.depthCm ?? 0) - (previous.depthCm ?? 0);
        expect(i <= peakAt ? rise > 0 : rise < 0, `${reading.id} after ${previous.id}`).toBe(true);
        // Deeper water covers more ground; falling water gives it back.
        expect(Math.sign(areaOf(reading.area) - areaOf(previous.area)), reading.id).toBe(Math.sign(rise));
      });
    }
  });

  it('floods and closes the ring roads, the Fahaheel Expressway, King Fahad Road and the Gulf Road, then reopens them all', () => {
    const names = [...ofKind(scenario, 'flooded-zone'), ...ofKind(scenario, 'road-closure')].map(
      (i) => i.name.en,
    );
    const mentioned = [...names, ...ofKind(scenario, 'incident').map((i) => i.title.en)];
    for (const road of ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh']) {
      expect(
        mentioned.some((n) => n.includes(`${road} Ring Road`)),
        road,
      ).toBe(true);
    }
    for (const road of ['Fahaheel Expressway', 'King Fahad Road', 'Gulf Road']) {
      expect(
        names.some((n) => n.includes(road)),
        road,
      ).toBe(true);
    }
    const closures = ofKind(scenario, 'road-closure');
    const closedKeys = new Set(closures.filter((c) => !c.isOpen).map((c) => c.key));
    const reopenedKeys = new Set(closures.filter((c) => c.isOpen).map((c) => c.key));
    expect([...closedKeys].sort()).toEqual([...reopenedKeys].sort());
  });

  it('cuts the power somewhere and reports what the cut takes down', () => {
    expect(ofKind(scenario, 'power-cut').length).toBeGreaterThanOrEqual(2);
    const knockOn = reports(scenario).filter((r) => sectorOf(r) === 'systems-information');
    expect(knockOn.length).toBeGreaterThanOrEqual(2);
    const firstCut = Math.min(...ofKind(scenario, 'power-cut').map((p) => p.atMin));
    for (const report of knockOn) expect(report.atMin, report.id).toBeGreaterThan(firstCut);
  });

  it('fields drones, boats, crews and patrols, and asks for a drone survey, a boat rescue and two shelters', () => {
    const fleet = new Set(scenario.units.map((u) => `${u.sector}/${u.type}`));
    for (const kind of [
      'traffic/patrol',
      'traffic/tow-truck',
      'civil-defence/rescue-team',
      'civil-defence/drone',
      'fire-marine-rescue/fire-engine',
      'fire-marine-rescue/rescue-boat',
      'border-coast-guard/rescue-boat',
      'public-security/patrol',
    ] satisfies `${SectorId}/${UnitType}`[]) {
      expect(fleet.has(kind), kind).toBe(true);
    }
    const incidents = ofKind(scenario, 'incident');
    expect(incidents.some((i) => i.category === 'vessel-distress')).toBe(true);
    expect(incidents.some((i) => i.sector === 'civil-defence' && i.title.en.includes('Drone'))).toBe(true);
    expect(incidents.filter((i) => i.category === 'shelter').length).toBeGreaterThanOrEqual(2);
    expect(scenario.expectations.filter((e) => e.action === 'open-shelter').length).toBeGreaterThanOrEqual(2);
    expect(ofKind(scenario, 'public-call').length).toBeGreaterThanOrEqual(6);
  });
});

describe(`the ${FIRE_ID} scenario`, () => {
  const scenario = loadScenario(FIRE_ID);
  const perimeters = overlaysByKey(scenario, 'fire-perimeter');
  const [fireKey, outlines = []] = [...perimeters][0] ?? [];
  const first = outlines[0];
  if (!first) throw new Error('the fire scenario has no fire perimeter');
  const fireCentre = representativePosition(first.area);
  const weather = ofKind(scenario, 'weather');

  it('meets the brief: 100 minutes, 40 injects over 5 sectors, 3 escalations and 10 expectations', () => {
    expect(scenario.durationMin).toBeGreaterThanOrEqual(100);
    expect(scenario.injects.length).toBeGreaterThanOrEqual(40);
    expect(new Set(reports(scenario).map(sectorOf)).size).toBeGreaterThanOrEqual(5);
    expect(scenario.injects.filter((i) => i.condition).length).toBeGreaterThanOrEqual(3);
    expect(scenario.expectations.length).toBeGreaterThanOrEqual(10);
  });

  it('grows one fire perimeter every time, each outline holding the one before', () => {
    expect(perimeters.size).toBe(1);
    expect(outlines.length, fireKey).toBeGreaterThanOrEqual(4);
    outlines.forEach((outline, i) => {
      const previous = outlines[i - 1];
      if (!previous) return;
      expect(areaOf(outline.area), outline.id).toBeGreaterThan(areaOf(previous.area));
      for (const vertex of outerRing(previous.area)) {
        expect(isInPolygon(vertex, outline.area.coordinates), `${outline.id} holds ${previous.id}`).toBe(
          true,
        );
      }
    });
  });

  it('starts the fire at the reported yard', () => {
    const report = ofKind(scenario, 'incident').find((i) => i.category === 'industrial-fire');
    expect(report?.atMin).toBe(0);
    expect(report && distanceMetres(representativePosition(report.location), fireCentre)).toBeLessThan(300);
  });

  it('turns the wind at least once and keeps each smoke plume a long tongue downwind of the fire', () => {
    const directions = weather.map((w) => w.windFromDeg);
    expect(Math.max(...directions.map((d) => angleBetween(d, directions[0] ?? d)))).toBeGreaterThan(90);
    const plumes = overlaysByKey(scenario, 'smoke-plume');
    expect(plumes.size).toBe(1);
    const shapes = [...plumes.values()][0] ?? [];
    expect(shapes.length).toBeGreaterThanOrEqual(5);
    for (const plume of shapes) {
      const wind = latestAt(weather, plume.atMin);
      if (!wind) throw new Error(`${plume.id} comes before any weather bulletin`);
      const ring = outerRing(plume.area);
      const far = ring.reduce((a, b) =>
        distanceMetres(fireCentre, b) > distanceMetres(fireCentre, a) ? b : a,
      );
      const downwind = (wind.windFromDeg + 180) % 360;
      expect(angleBetween(bearingDeg(fireCentre, far), downwind), plume.id).toBeLessThanOrEqual(15);
      // Elongated: much longer downwind than it is wide across the wind.
      const across = ring.map(
        (p) =>
          distanceMetres(fireCentre, p) * Math.sin(((bearingDeg(fireCentre, p) - downwind) * Math.PI) / 180),
      );
      const width = Math.max(...across) - Math.min(...across);
      expect(distanceMetres(fireCentre, far) / width, plume.id).toBeGreaterThan(1.5);
    }
  });

  it('evacuates only where the fire is close or the smoke lies at the time', () => {
    const zones = ofKind(scenario, 'evacuation-zone');
    const plumes = ofKind(scenario, 'smoke-plume');
    expect(zones.length).toBeGreaterThanOrEqual(2);
    for (const zone of zones) {
      const centre = representativePosition(zone.area);
      const plume = latestAt(plumes, zone.atMin);
      const isNearFire = distanceMetres(centre, fireCentre) <= 2000;
      const isUnderSmoke = plume !== undefined && isInPolygon(centre, plume.area.coordinates);
      expect(isNearFire || isUnderSmoke, zone.id).toBe(true);
    }
  });

  it('brings in hazmat, a thermal drone, relief crews, diversions and security media', () => {
    const incidents = ofKind(scenario, 'incident');
    expect(incidents.some((i) => i.sector === 'civil-defence' && i.category === 'hazmat')).toBe(true);
    expect(scenario.units.some((u) => u.type === 'drone')).toBe(true);
    expect(incidents.some((i) => i.title.en.includes('drone'))).toBe(true);
    expect(incidents.some((i) => i.title.en.includes('Relief crews'))).toBe(true);
    expect(incidents.some((i) => i.sector === 'traffic' && i.category === 'road-blocked')).toBe(true);
    const media = new Set(incidents.filter((i) => i.sector === 'security-media').map((i) => i.category));
    expect(media).toEqual(new Set(['public-alert', 'rumour', 'media-inquiry']));
    const brokenDown = ofKind(scenario, 'unit-breakdown').map(
      (b) => scenario.units.find((u) => u.id === b.unitId)?.type,
    );
    expect(brokenDown).toContain('fire-engine');
  });
});

/** A scenario file as JSON, loose enough to break on purpose. */
interface RawScenario {
  durationMin: number;
  injects: Record<string, unknown>[];
  expectations: Record<string, unknown>[];
}

describe('parseScenario', () => {
  const fileName = `${RAIN_ID}.json`;
  const text = readFileSync(new URL(fileName, SCENARIOS_DIR), 'utf8');
  const raw = (): RawScenario => JSON.parse(text) as RawScenario;

  it('accepts the file as shipped', () => {
    expect(parseScenario(raw(), fileName).id).toBe(RAIN_ID);
  });

  it('refuses a broken copy, naming the file and every problem with its place', () => {
    const file = raw();
    const indexOf = (test: (inject: Record<string, unknown>) => boolean): number => {
      const index = file.injects.findIndex(test);
      if (index < 0) throw new Error('no such inject in the file');
      return index;
    };
    const injectAt = (index: number): Record<string, unknown> => file.injects[index] ?? {};
    const expectationAt = (index: number): Record<string, unknown> => file.expectations[index] ?? {};

    const badCategory = indexOf((i) => i.sector === 'traffic');
    injectAt(badCategory).category = 'hazmat';
    const badUpdate = indexOf((i) => i.kind === 'incident-update');
    injectAt(badUpdate).target = 'no-such-incident';
    expectationAt(3).target = 'missing-incident';
    const late = indexOf((i) => i.kind === 'road-closure');
    injectAt(late).atMin = file.durationMin + 5;
    const weathers = file.injects.flatMap((inject, index) => (inject.kind === 'weather' ? [index] : []));
    const [firstWeather = -1, secondWeather = -1] = weathers;
    injectAt(secondWeather).id = injectAt(firstWeather).id;

    const message = errorOf(() => parseScenario(file, fileName));
    expect(message.startsWith(`${fileName}: `)).toBe(true);
    const problems = message.slice(fileName.length + 2).split('; ');
    expect(problems).toEqual(
      expect.arrayContaining([
        `injects[${badCategory}].category: not a category of traffic`,
        `injects[${badUpdate}].target: no incident inject no-such-incident`,
        'expectations[3].target: no incident inject missing-incident',
        `injects[${late}].atMin: after the scenario ends (${file.durationMin} min)`,
        `injects[${secondWeather}].id: inject id ${String(injectAt(firstWeather).id)} is used twice`,
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names each malformed field of a file whose shape is wrong', () => {
    const file = raw();
    const incident = file.injects.findIndex((i) => i.kind === 'incident');
    const injectAt = (index: number): Record<string, unknown> => file.injects[index] ?? {};
    injectAt(incident).severity = 7;
    injectAt(incident + 1).kind = 'earthquake';
    Reflect.deleteProperty(file, 'durationMin');
    const message = errorOf(() => parseScenario(file, fileName));
    expect(message).toMatch(new RegExp(`^${fileName}: `));
    expect(message).toContain('durationMin: ');
    expect(message).toContain(`injects[${incident}].severity: `);
    expect(message).toContain(`injects[${incident + 1}].kind: `);
  });

  it('refuses something that is not a scenario at all, saying so for the whole file', () => {
    expect(errorOf(() => parseScenario([], fileName))).toMatch(/^heavy-rain-capital\.json: \(whole file\): /);
  });
});

describe('reading scenario files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mirsad-scenarios-'));
  const directory = pathToFileURL(`${folder}/`);
  const shipped = readFileSync(new URL(`${RAIN_ID}.json`, SCENARIOS_DIR), 'utf8');
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a file that is not JSON, naming the file and the JSON error', () => {
    const text = shipped.slice(0, 200);
    writeFileSync(join(folder, 'cut-short.json'), text);
    const jsonError = errorOf(() => JSON.parse(text));
    expect(errorOf(() => loadScenario('cut-short', directory))).toBe(
      `cut-short.json is not valid JSON: ${jsonError}`,
    );
    expect(errorOf(() => parseScenarioText('{ "id": ', 'x.json'))).toMatch(/^x\.json is not valid JSON: \S/);
  });

  it('refuses a file whose id is not its file name', () => {
    writeFileSync(join(folder, 'renamed.json'), shipped);
    expect(errorOf(() => loadScenario('renamed', directory))).toBe(
      `renamed.json: id: "${RAIN_ID}" differs from the file name; it should be "renamed"`,
    );
  });

  it('fails the whole list when one file is bad, naming that file', () => {
    writeFileSync(join(folder, 'cut-short.json'), shipped.slice(0, 200));
    expect(errorOf(() => listScenarios(directory))).toMatch(/^cut-short\.json is not valid JSON/);
  });

  it('finds no scenario for an unknown id or one that reaches outside the folder', () => {
    expect(errorOf(() => loadScenario('no-such-scenario'))).toMatch(/^no scenario "no-such-scenario"/);
    expect(errorOf(() => loadScenario('../data/facilities'))).toMatch(
      /^no scenario "\.\.\/data\/facilities"/,
    );
    expect(errorOf(() => loadScenario('Heavy-Rain-Capital'))).toMatch(/^no scenario/);
  });
});
