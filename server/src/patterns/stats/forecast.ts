import { cellArea, cellToBoundary, cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { distanceMetres, type Position } from '@mirsad/shared';

// The next hours' risk per cell from a self-exciting point process (Mohler, Short, Brantingham,
// Schoenberg & Tita, "Self-exciting point process modeling of crime", JASA 2011; the model behind
// PredPol's field trials, Mohler et al. 2015): the rate at a place and moment is a background
// (the place's usual rate over the past year) plus a short-lived rise after each recent incident
// nearby, θ·ω·e^(−ω·Δt) in time and a Gaussian of σ metres in space. θ (how many more incidents
// one brings) and ω (how fast that fades) are fitted to the group's own past by expectation–
// maximisation; σ is fixed at the near-repeat distance the Knox test finds for burglary (about
// 200 m). Chosen over a recency-weighted kernel density because it says how much of a cell's
// risk is its usual level and how much is the wake of last night's incidents, which is what a
// patrol planner asks, and because its two parts are fitted, not tuned.

const DAY_MS = 86_400_000;

/** The spatial spread of the triggered rise, metres. */
export const FORECAST_SIGMA_M = 200;

/** How far back triggering is looked for, days (e^(−ω·t) is negligible beyond). */
const TRIGGER_HORIZON_DAYS = 30;

/** The past the triggering is fitted on, days: recent enough to follow a change, long enough for a few hundred pairs. */
const FIT_DAYS = 120;

/** How much a neighbouring cell's count adds to a cell's background (its own counts 1). */
const NEIGHBOUR_WEIGHT = 0.25;

/** What a forecast is given: one or more groups' incidents before `at`. */
export interface ForecastInput {
  lon: Float64Array;
  lat: Float64Array;
  t: Float64Array;
  at: number;
  hours: number;
  resolution: number;
  /** Days of past used for the background, 365 by default. */
  backgroundDays?: number;
}

/** One cell's forecast. */
export interface ForecastCellResult {
  h3: string;
  center: Position;
  boundary: Position[];
  expected: number;
  triggered: number;
}

/** The fitted triggering: θ offspring per incident, fading at ω per day. */
export interface TriggerFit {
  theta: number;
  omegaPerDay: number;
}

/** Pairs (earlier j, later i) of incidents within 3σ and the trigger horizon, as columns. */
interface TriggerPairs {
  i: Int32Array;
  dtDays: Float64Array;
  /** The spatial kernel of each pair, g(distance). */
  kernel: Float64Array;
}

const gaussian2d = (d: number): number =>
  Math.exp(-(d * d) / (2 * FORECAST_SIGMA_M ** 2)) / (2 * Math.PI * FORECAST_SIGMA_M ** 2);

function triggerPairs(input: ForecastInput, indices: readonly number[]): TriggerPairs {
  const cellDeg = (3 * FORECAST_SIGMA_M) / 111_320;
  const grid = new Map<string, number[]>();
  const key = (x: number, y: number): string => `${x},${y}`;
  for (const i of indices) {
    const k = key(Math.floor((input.lon[i] ?? 0) / cellDeg), Math.floor((input.lat[i] ?? 0) / cellDeg));
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  const later: number[] = [];
  const delays: number[] = [];
  const kernels: number[] = [];
  for (const i of indices) {
    const gx = Math.floor((input.lon[i] ?? 0) / cellDeg);
    const gy = Math.floor((input.lat[i] ?? 0) / cellDeg);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of grid.get(key(gx + dx, gy + dy)) ?? []) {
          const dtDays = ((input.t[i] ?? 0) - (input.t[j] ?? 0)) / DAY_MS;
          if (dtDays <= 0 || dtDays > TRIGGER_HORIZON_DAYS) continue;
          const d = distanceMetres(
            [input.lon[i] ?? 0, input.lat[i] ?? 0],
            [input.lon[j] ?? 0, input.lat[j] ?? 0],
          );
          if (d > 3 * FORECAST_SIGMA_M) continue;
          later.push(i);
          delays.push(dtDays);
          kernels.push(gaussian2d(d));
        }
  }
  return { i: Int32Array.from(later), dtDays: Float64Array.from(delays), kernel: Float64Array.from(kernels) };
}

/**
 * Fits θ and ω by expectation–maximisation (Veen & Schoenberg 2008's branching view) on the
 * last FIT_DAYS: each incident is the background's or an earlier incident's offspring with
 * probabilities in proportion to their rates; θ is the share of offspring, 1/ω their mean delay.
 */
export function fitTrigger(
  input: ForecastInput,
  indices: readonly number[],
  backgroundDensity: (i: number) => number,
): TriggerFit {
  let theta = 0.1;
  let omega = 1 / 3;
  const since = input.at - FIT_DAYS * DAY_MS;
  const recent = indices.filter((i) => (input.t[i] ?? 0) > since);
  if (recent.length < 20) return { theta, omegaPerDay: omega };
  const pairs = triggerPairs(input, recent);
  const background = new Float64Array(input.t.length);
  for (const i of recent) background[i] = backgroundDensity(i);
  const triggeredAt = new Float64Array(input.t.length);
  const n = pairs.i.length;
  for (let iteration = 0; iteration < 15; iteration++) {
    for (const i of recent) triggeredAt[i] = 0;
    for (let p = 0; p < n; p++) {
      const i = pairs.i[p] ?? 0;
      triggeredAt[i] =
        (triggeredAt[i] ?? 0) +
        theta * omega * Math.exp(-omega * (pairs.dtDays[p] ?? 0)) * (pairs.kernel[p] ?? 0);
    }
    let offspring = 0;
    let delay = 0;
    for (let p = 0; p < n; p++) {
      const i = pairs.i[p] ?? 0;
      const dt = pairs.dtDays[p] ?? 0;
      const g = theta * omega * Math.exp(-omega * dt) * (pairs.kernel[p] ?? 0);
      const share = g / ((triggeredAt[i] ?? 0) + (background[i] ?? 0));
      offspring += share;
      delay += share * dt;
    }
    theta = Math.min(0.9, Math.max(1e-4, offspring / recent.length));
    omega =
      offspring > 0 && delay > 0
        ? Math.min(10, Math.max(1 / TRIGGER_HORIZON_DAYS, offspring / delay))
        : omega;
  }
  return { theta, omegaPerDay: omega };
}

/** Forecasts the next `hours` from `at` for every cell of the area (cells with incidents in the past year and their rings). */
export function forecastCells(input: ForecastInput): {
  cells: ForecastCellResult[];
  fit: TriggerFit;
  total: number;
} {
  const backgroundDays = input.backgroundDays ?? 365;
  const from = input.at - backgroundDays * DAY_MS;
  const indices: number[] = [];
  for (let i = 0; i < input.t.length; i++) {
    const t = input.t[i] ?? 0;
    if (t > from && t <= input.at) indices.push(i);
  }
  const cellOf = (i: number): string => latLngToCell(input.lat[i] ?? 0, input.lon[i] ?? 0, input.resolution);
  const counts = new Map<string, number>();
  const cellOfIndex = new Map<number, string>();
  for (const i of indices) {
    const cell = cellOf(i);
    cellOfIndex.set(i, cell);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const area = new Set<string>();
  for (const cell of counts.keys()) for (const near of gridDisk(cell, 1)) area.add(near);
  // Background per cell and day: its own count and a quarter of its ring's, smoothed so that a
  // cell with one burglary last year is not certain to be safe next door.
  const background = new Map<string, number>();
  for (const cell of area) {
    let sum = (counts.get(cell) ?? 0) * 1;
    let weight = 1;
    for (const near of gridDisk(cell, 1)) {
      if (near === cell) continue;
      sum += NEIGHBOUR_WEIGHT * (counts.get(near) ?? 0);
      weight += NEIGHBOUR_WEIGHT;
    }
    background.set(cell, sum / weight / backgroundDays);
  }
  const areaM2 = (cell: string): number => cellArea(cell, 'm2');
  const fit = fitTrigger(input, indices, (i) => {
    const cell = cellOfIndex.get(i) ?? '';
    return (background.get(cell) ?? 0) / areaM2(cell);
  });
  const horizonDays = input.hours / 24;
  const expected = new Map<string, number>();
  const triggered = new Map<string, number>();
  for (const cell of area) expected.set(cell, (1 - fit.theta) * (background.get(cell) ?? 0) * horizonDays);
  // Each recent incident adds θ·(e^(−ω·a) − e^(−ω·(a+h))) spread over its cell and ring by the Gaussian.
  const since = input.at - TRIGGER_HORIZON_DAYS * DAY_MS;
  for (const i of indices) {
    const t = input.t[i] ?? 0;
    if (t <= since) continue;
    const age = (input.at - t) / DAY_MS;
    const mass =
      fit.theta * (Math.exp(-fit.omegaPerDay * age) - Math.exp(-fit.omegaPerDay * (age + horizonDays)));
    if (mass < 1e-6) continue;
    const here: Position = [input.lon[i] ?? 0, input.lat[i] ?? 0];
    const ring = gridDisk(cellOfIndex.get(i) ?? cellOf(i), 1);
    const weights = ring.map((cell) => {
      const [lat, lon] = cellToLatLng(cell);
      return gaussian2d(distanceMetres(here, [lon, lat])) * areaM2(cell);
    });
    const sum = weights.reduce((a, b) => a + b, 0);
    ring.forEach((cell, k) => {
      const add = sum > 0 ? (mass * (weights[k] ?? 0)) / sum : 0;
      expected.set(cell, (expected.get(cell) ?? 0) + add);
      triggered.set(cell, (triggered.get(cell) ?? 0) + add);
    });
  }
  const cells: ForecastCellResult[] = [];
  let total = 0;
  for (const [cell, value] of expected) {
    total += value;
    const [lat, lon] = cellToLatLng(cell);
    cells.push({
      h3: cell,
      center: [lon, lat],
      boundary: [],
      expected: value,
      triggered: triggered.get(cell) ?? 0,
    });
  }
  cells.sort((a, b) => b.expected - a.expected);
  return { cells, fit, total };
}

/** A cell's hexagon as a closed GeoJSON ring. */
export function boundaryOf(cell: string): Position[] {
  return cellToBoundary(cell, true);
}
