import {
  boxPolygon,
  type DroneTelemetry,
  type NewSensor,
  type Polygon,
  type Position,
  type SectorId,
  type ThermalDetection,
} from '@mirsad/shared';
import { createRandom } from './random.js';

// Seeded field sensors for the demo and the training scenarios: drones flying search patterns
// over an area, fixed thermal cameras watching a fire, and patrols driving loops (reported over
// CoT). Pure: given a plan and a time, the same telemetry every run; the transport (MQTT, CoT)
// is `simulate-sensors.ts`.

const M_PER_DEG_LAT = 111_320;

/** A seed from a text (FNV-1a), so each sensor and tick has its own stream. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
const mPerDegLon = (lat: number): number => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

/** A rectangle to search, `[west, south, east, north]` in degrees. */
export type Box = readonly [number, number, number, number];

/** One drone's flight: the box it searches in lanes `laneM` apart, at `speedMps`, from `startMs`. */
export interface DronePlan {
  id: string;
  name: string;
  sector: SectorId;
  box: Box;
  laneM: number;
  speedMps: number;
  altitudeM: number;
  /** When it took off (its battery full), epoch ms. */
  startMs: number;
  /** How long a battery lasts in the air, ms; it lands, swaps and flies again. */
  enduranceMs: number;
}

/** The lawnmower path of a plan: the corners it flies through, in order, then back. */
export function searchPath(plan: Pick<DronePlan, 'box' | 'laneM'>): Position[] {
  const [west, south, east, north] = plan.box;
  const laneDeg = plan.laneM / M_PER_DEG_LAT;
  const lanes = Math.max(1, Math.floor((north - south) / laneDeg));
  const path: Position[] = [];
  for (let lane = 0; lane <= lanes; lane += 1) {
    const lat = south + lane * laneDeg;
    const [from, to] = lane % 2 === 0 ? [west, east] : [east, west];
    path.push([from, lat], [to, lat]);
  }
  // Back down the way it came, so the loop is closed without a long diagonal.
  return [...path, ...path.slice(0, -1).reverse()];
}

function legLengthM(a: Position, b: Position): number {
  const dx = (b[0] - a[0]) * mPerDegLon((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

function bearingDeg(a: Position, b: Position): number {
  const dx = (b[0] - a[0]) * mPerDegLon((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return ((((Math.atan2(dx, dy) * 180) / Math.PI) % 360) + 360) % 360;
}

/** Where along a closed path something moving at `speedMps` is after `elapsedMs`, and its heading. */
export function alongPath(
  path: readonly Position[],
  speedMps: number,
  elapsedMs: number,
): { position: Position; headingDeg: number } {
  const legs = path
    .slice(1)
    .map((to, i) => ({ from: path[i] as Position, to, lengthM: legLengthM(path[i] as Position, to) }));
  const totalM = legs.reduce((sum, leg) => sum + leg.lengthM, 0);
  const first = path[0] ?? [0, 0];
  if (totalM === 0) return { position: first, headingDeg: 0 };
  let leftM = ((speedMps * elapsedMs) / 1000) % totalM;
  for (const leg of legs) {
    if (leftM <= leg.lengthM) {
      const f = leg.lengthM === 0 ? 0 : leftM / leg.lengthM;
      const round = (v: number) => Math.round(v * 1e7) / 1e7;
      return {
        position: [
          round(leg.from[0] + (leg.to[0] - leg.from[0]) * f),
          round(leg.from[1] + (leg.to[1] - leg.from[1]) * f),
        ],
        headingDeg: Math.round(bearingDeg(leg.from, leg.to) * 10) / 10,
      };
    }
    leftM -= leg.lengthM;
  }
  return { position: first, headingDeg: 0 };
}

/** The ground a downward camera sees: a rectangle about the drone, as wide as it flies high, turned with its heading. */
export function cameraFootprint(position: Position, headingDeg: number, altitudeM: number): Polygon {
  const half = altitudeM * 0.6;
  const rad = (headingDeg * Math.PI) / 180;
  const [lon, lat] = position;
  const corner = (forward: number, right: number): Position => {
    const east = forward * Math.sin(rad) + right * Math.cos(rad);
    const north = forward * Math.cos(rad) - right * Math.sin(rad);
    return [
      Math.round((lon + east / mPerDegLon(lat)) * 1e7) / 1e7,
      Math.round((lat + north / M_PER_DEG_LAT) * 1e7) / 1e7,
    ];
  };
  const ring = [corner(half, -half), corner(half, half), corner(-half, half), corner(-half, -half)];
  return { type: 'Polygon', coordinates: [[...ring, ring[0] as Position]] };
}

/** A drone's telemetry at `nowMs`: where its pattern has brought it, its battery, its footprint. */
export function droneTelemetry(plan: DronePlan, nowMs: number): DroneTelemetry {
  const elapsed = Math.max(0, nowMs - plan.startMs);
  const { position, headingDeg } = alongPath(searchPath(plan), plan.speedMps, elapsed);
  const intoBattery = elapsed % plan.enduranceMs;
  const batteryPct = Math.max(5, Math.round((100 - (intoBattery / plan.enduranceMs) * 92) * 10) / 10);
  return {
    at: new Date(nowMs).toISOString(),
    position,
    altitudeM: plan.altitudeM,
    headingDeg,
    speedMps: plan.speedMps,
    batteryPct,
    footprint: cameraFootprint(position, headingDeg, plan.altitudeM),
  };
}

/** A fixed thermal camera and the fire it sees: where, from when, how it grows. */
export interface CameraPlan {
  sensor: NewSensor & { kind: 'thermal-camera' };
  /** Where the fire is. */
  fire: Position;
  /** When the fire starts, epoch ms. */
  igniteMs: number;
}

/**
 * What a camera reports of its fire at `nowMs`: heat and area that grow over the first twenty
 * minutes and then hold, with a little seeded flicker; the spot wanders a few metres. Null
 * before the fire starts.
 */
export function thermalDetection(plan: CameraPlan, nowMs: number, tick: number): ThermalDetection | null {
  const elapsedMin = (nowMs - plan.igniteMs) / 60_000;
  if (elapsedMin < 0) return null;
  const random = createRandom(seedOf(`${plan.sensor.id}:${tick}`));
  const growth = Math.min(1, elapsedMin / 20);
  const jitter = (random.next() - 0.5) * 0.0002;
  return {
    at: new Date(nowMs).toISOString(),
    location: { type: 'Point', coordinates: [plan.fire[0] + jitter, plan.fire[1] - jitter] },
    maxTempC: Math.round(220 + 520 * growth + random.next() * 40),
    areaM2: Math.round(30 + 1_800 * growth * growth),
    confidence: Math.round((0.78 + 0.2 * growth) * 100) / 100,
  };
}

/** A patrol vehicle with a TAK phone: its unit, its loop, and its device uid. */
export interface PatrolPlan {
  unitId: string;
  callSign: string;
  sector: SectorId;
  takUid: string;
  loop: Position[];
  speedMps: number;
  startMs: number;
}

/** Where a patrol is at `nowMs`, for its CoT position report. */
export function patrolPosition(plan: PatrolPlan, nowMs: number): { position: Position; headingDeg: number } {
  return alongPath(
    [...plan.loop, plan.loop[0] as Position],
    plan.speedMps,
    Math.max(0, nowMs - plan.startMs),
  );
}

/** A closed ring around a loop, `marginM` out: the patrol area the loop is driven in. */
export function areaAround(loop: readonly Position[], marginM: number): Polygon {
  const lons = loop.map((p) => p[0]);
  const lats = loop.map((p) => p[1]);
  const lat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const dLon = marginM / mPerDegLon(lat);
  const dLat = marginM / M_PER_DEG_LAT;
  return boxPolygon([
    Math.min(...lons) - dLon,
    Math.min(...lats) - dLat,
    Math.max(...lons) + dLon,
    Math.max(...lats) + dLat,
  ]);
}

/** Everything a run of the simulator flies, watches and drives. */
export interface SensorPlan {
  drones: DronePlan[];
  cameras: CameraPlan[];
  patrols: PatrolPlan[];
  /** The log the sensors belong to: null live, or an exercise's id (its sensors stay apart). */
  exerciseId: string | null;
}

/** Where the demo's drones search: busy districts of the capital, Hawalli, Farwaniya and Ahmadi. */
const DEMO_SEARCH_BOXES: readonly { box: Box; sector: SectorId }[] = [
  { box: [47.96, 29.36, 48.0, 29.385], sector: 'civil-defence' },
  { box: [48.02, 29.33, 48.06, 29.355], sector: 'traffic' },
  { box: [47.93, 29.27, 47.97, 29.3], sector: 'public-security' },
  { box: [48.08, 29.07, 48.12, 29.1], sector: 'fire-marine-rescue' },
];

/** The demo's patrol loops (their TAK phones report over CoT). */
const DEMO_PATROL_LOOPS: readonly { sector: SectorId; loop: Position[] }[] = [
  {
    sector: 'traffic',
    loop: [
      [47.975, 29.34],
      [48.0, 29.34],
      [48.0, 29.355],
      [47.975, 29.355],
    ],
  },
  {
    sector: 'public-security',
    loop: [
      [48.03, 29.3],
      [48.06, 29.3],
      [48.06, 29.32],
      [48.03, 29.32],
    ],
  },
  {
    sector: 'traffic',
    loop: [
      [47.94, 29.28],
      [47.96, 29.28],
      [47.96, 29.295],
      [47.94, 29.295],
    ],
  },
];

/** The Amghara scrap-yard fire of the `industrial-fire-amghara` scenario. */
export const AMGHARA_FIRE: Position = [47.748, 29.284];

/** Where the heavy-rain scenario's drones look for stranded cars: the capital's flooded underpasses. */
const RAIN_SEARCH_BOXES: readonly Box[] = [
  [47.985, 29.33, 48.01, 29.345],
  [47.95, 29.355, 47.98, 29.37],
];

/** Which scenario a run flies: the live demo, or one of the training scenarios. */
export type SensorScenario = 'demo' | 'industrial-fire-amghara' | 'heavy-rain-capital';

/**
 * The sensors of a run. Ids carry the exercise's id when there is one, so an exercise's sensors
 * never take a live sensor's topic. `droneCount` adds drones over the scenario's boxes in turn
 * (the benchmark asks for hundreds).
 */
export function sensorPlan(options: {
  scenario: SensorScenario;
  startMs: number;
  exerciseId?: string | null;
  droneCount?: number;
}): SensorPlan {
  const exerciseId = options.exerciseId ?? null;
  const prefix = exerciseId === null ? 'sim' : exerciseId;
  const random = createRandom(seedOf(`sensors:${options.scenario}`));
  const boxes: readonly { box: Box; sector: SectorId }[] =
    options.scenario === 'demo'
      ? DEMO_SEARCH_BOXES
      : options.scenario === 'heavy-rain-capital'
        ? RAIN_SEARCH_BOXES.map((box) => ({ box, sector: 'civil-defence' as const }))
        : [
            { box: [47.735, 29.275, 47.762, 29.293], sector: 'fire-marine-rescue' as const },
            { box: [47.74, 29.29, 47.775, 29.31], sector: 'civil-defence' as const },
          ];
  const count = options.droneCount ?? boxes.length;
  const drones = Array.from({ length: count }, (_, i): DronePlan => {
    const { box, sector } = boxes[i % boxes.length] ?? {
      box: [47.9, 29.3, 47.95, 29.33] as Box,
      sector: 'civil-defence' as const,
    };
    return {
      id: `${prefix}-drone-${i + 1}`,
      name: `Drone ${i + 1}`,
      sector,
      box,
      laneM: 250 + Math.round(random.next() * 150),
      speedMps: 10 + Math.round(random.next() * 6),
      altitudeM: 90 + Math.round(random.next() * 40),
      // Staggered along the pattern and through the battery, so they are not all in one place.
      startMs: options.startMs - Math.round(random.next() * 25 * 60_000),
      enduranceMs: 35 * 60_000,
    };
  });
  const cameras: CameraPlan[] =
    options.scenario === 'industrial-fire-amghara'
      ? [
          { at: [47.742, 29.279] as Position, bearingDeg: 45 },
          { at: [47.756, 29.29] as Position, bearingDeg: 225 },
        ].map(({ at, bearingDeg }, i) => ({
          sensor: {
            id: `${prefix}-cam-amghara-${i + 1}`,
            kind: 'thermal-camera',
            sector: 'fire-marine-rescue',
            name: `Amghara mast ${i + 1}`,
            location: { type: 'Point', coordinates: at },
            fieldOfView: { bearingDeg, widthDeg: 60, rangeM: 2_500 },
            ...(exerciseId === null ? {} : { exerciseId }),
          },
          fire: AMGHARA_FIRE,
          igniteMs: options.startMs,
        }))
      : [];
  const patrols: PatrolPlan[] =
    options.scenario === 'demo'
      ? DEMO_PATROL_LOOPS.map(({ sector, loop }, i) => ({
          unitId: `${prefix}-patrol-${i + 1}`,
          callSign: `TAK-${i + 1}`,
          sector,
          takUid: `ANDROID-mirsad-${prefix}-${i + 1}`,
          loop,
          speedMps: 9,
          startMs: options.startMs,
        }))
      : [];
  return { drones, cameras, patrols, exerciseId };
}

/** The registration (`POST /api/sensors`) of a drone of the plan. */
export function droneRegistration(plan: DronePlan, exerciseId: string | null): NewSensor {
  return {
    id: plan.id,
    kind: 'drone',
    sector: plan.sector,
    name: plan.name,
    ...(exerciseId === null ? {} : { exerciseId }),
  };
}

const escapeXml = (value: string): string =>
  value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** A patrol's position as a Cursor-on-Target event, as ATAK sends it (friendly ground unit, GPS). */
export function patrolCot(plan: PatrolPlan, nowMs: number, staleMs = 60_000): string {
  const { position, headingDeg } = patrolPosition(plan, nowMs);
  const time = new Date(nowMs).toISOString();
  const stale = new Date(nowMs + staleMs).toISOString();
  return (
    `<event version="2.0" uid="${escapeXml(plan.takUid)}" type="a-f-G-U-C" time="${time}" start="${time}" stale="${stale}" how="m-g">` +
    `<point lat="${position[1]}" lon="${position[0]}" hae="10" ce="9" le="9"/>` +
    `<detail><contact callsign="${escapeXml(plan.callSign)}"/><track course="${headingDeg}" speed="${plan.speedMps}"/></detail>` +
    `</event>`
  );
}
