import { cellArea, cellToBoundary, cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { distanceMetres, type Position } from '@mirsad/shared';

// The next hours' risk per cell from a self-exciting point process (Mohler, Short, Brantingham,
// Schoenberg & Tita, "Self-exciting point process modeling of crime", JASA 2011; the model behind
// PredPol's field trials, Mohler et al. 2015): the rate at a place and moment is a background
// plus a short-lived rise after each recent incident nearby, θ·ω·e^(−ω·Δt) in time and a Gaussian
// of σ metres in space. Everything is fitted on the past before `at`, nothing is tuned by hand:
// - θ (how many more incidents one brings), ω (how fast that fades) and σ (how far) by
//   expectation–maximisation on the last FIT_DAYS, which also says of each incident how likely
//   it was background rather than another's wake (stochastic declustering);
// - the background from the declustered incidents only, so that last month's burst of repeats
//   is counted once, in the wake, and not again as a lasting hot spot; its memory (how fast old
//   incidents are forgotten) and its spatial smoothing are chosen among a few by how well each
//   would have predicted the last VALIDATION_DAYS from the days before them (a held-out
//   likelihood): a place whose crime moves is followed, a steady one is averaged over the year;
// - the week's and the day's rhythm scale the background to the forecast's own hours.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Kuwait is UTC+3 all year: the rhythm is the local week and day. */
const KUWAIT_OFFSET_MS = 3 * HOUR_MS;

/** How far back triggering is looked for, days (e^(−ω·t) is negligible beyond). */
const TRIGGER_HORIZON_DAYS = 30;

/** The past the triggering is fitted on, days: recent enough to follow a change, long enough for a few hundred pairs. */
const FIT_DAYS = 120;

/** The spatial spread of the triggered rise is fitted within these bounds, metres. */
const SIGMA_BOUNDS_M: readonly [number, number] = [50, 300];

/** Pairs farther apart than this are never one another's wake, metres (2σ at its largest). */
const PAIR_MAX_M = 600;

/** The background's memories to choose from: half-lives in days; Infinity weighs the whole past evenly. */
const BACKGROUND_HALF_LIVES_DAYS = [30, 60, 120, 240, Infinity] as const;

/** The background's smoothings to choose from: how much of a cell's count is spread to each neighbour. */
const NEIGHBOUR_WEIGHTS = [0, 0.1, 0.25, 0.5] as const;

/** Rounds of fitting the triggering and re-estimating the background it is measured against. */
const BACKGROUND_ROUNDS = 3;

/** The last days before `at` on which the background's memory and smoothing are chosen. */
const VALIDATION_DAYS = 28;

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

/** The fitted model: θ offspring per incident fading at ω per day over σ metres, and the background chosen. */
export interface ForecastFit {
  theta: number;
  omegaPerDay: number;
  sigmaM: number;
  /** The background's half-life, days (Infinity: the whole past evenly). */
  backgroundHalfLifeDays: number;
  /** The share of a cell's count spread to each neighbour. */
  neighbourWeight: number;
  /** The forecast hours' rate against the average hour (the week's and day's rhythm). */
  rhythm: number;
}

/** Pairs (earlier j, later i) of incidents within PAIR_MAX_M and the trigger horizon, as columns. */
interface TriggerPairs {
  i: Int32Array;
  dtDays: Float64Array;
  distanceM: Float64Array;
}

const gaussian2d = (d: number, sigmaM: number): number =>
  Math.exp(-(d * d) / (2 * sigmaM ** 2)) / (2 * Math.PI * sigmaM ** 2);

function triggerPairs(input: ForecastInput, indices: readonly number[]): TriggerPairs {
  const cellDeg = PAIR_MAX_M / 111_320;
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
  const distances: number[] = [];
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
          if (d > PAIR_MAX_M) continue;
          later.push(i);
          delays.push(dtDays);
          distances.push(d);
        }
  }
  return {
    i: Int32Array.from(later),
    dtDays: Float64Array.from(delays),
    distanceM: Float64Array.from(distances),
  };
}

/**
 * Fits θ, ω and σ by expectation–maximisation (Veen & Schoenberg 2008's branching view; Mohler
 * et al. 2011) on the incidents given: each is the background's or an earlier incident's
 * offspring with probabilities in proportion to their rates; θ is the share of offspring, 1/ω
 * their mean delay, σ² half their mean squared distance. Answers each incident's probability of
 * being background too.
 */
export function fitTrigger(
  input: ForecastInput,
  recent: readonly number[],
  backgroundDensity: (i: number) => number,
): { theta: number; omegaPerDay: number; sigmaM: number; backgroundShare: Map<number, number> } {
  let theta = 0.1;
  let omega = 1 / 3;
  let sigma = 150;
  const backgroundShare = new Map<number, number>();
  if (recent.length < 20) {
    for (const i of recent) backgroundShare.set(i, 1 - theta);
    return { theta, omegaPerDay: omega, sigmaM: sigma, backgroundShare };
  }
  const pairs = triggerPairs(input, recent);
  const background = new Float64Array(input.t.length);
  for (const i of recent) background[i] = backgroundDensity(i);
  const triggeredAt = new Float64Array(input.t.length);
  const n = pairs.i.length;
  const rate = new Float64Array(n);
  for (let iteration = 0; iteration < 20; iteration++) {
    for (const i of recent) triggeredAt[i] = 0;
    for (let p = 0; p < n; p++) {
      const i = pairs.i[p] ?? 0;
      rate[p] =
        theta *
        omega *
        Math.exp(-omega * (pairs.dtDays[p] ?? 0)) *
        gaussian2d(pairs.distanceM[p] ?? 0, sigma);
      triggeredAt[i] = (triggeredAt[i] ?? 0) + (rate[p] ?? 0);
    }
    let offspring = 0;
    let delay = 0;
    let squared = 0;
    for (let p = 0; p < n; p++) {
      const i = pairs.i[p] ?? 0;
      const share = (rate[p] ?? 0) / ((triggeredAt[i] ?? 0) + (background[i] ?? 0));
      offspring += share;
      delay += share * (pairs.dtDays[p] ?? 0);
      squared += share * (pairs.distanceM[p] ?? 0) ** 2;
    }
    theta = Math.min(0.9, Math.max(1e-4, offspring / recent.length));
    omega =
      offspring > 0 && delay > 0
        ? Math.min(10, Math.max(1 / TRIGGER_HORIZON_DAYS, offspring / delay))
        : omega;
    sigma =
      offspring > 0
        ? Math.min(SIGMA_BOUNDS_M[1], Math.max(SIGMA_BOUNDS_M[0], Math.sqrt(squared / (2 * offspring))))
        : sigma;
  }
  for (const i of recent) {
    const mu = background[i] ?? 0;
    backgroundShare.set(i, mu > 0 ? mu / (mu + (triggeredAt[i] ?? 0)) : 0);
  }
  return { theta, omegaPerDay: omega, sigmaM: sigma, backgroundShare };
}

/** Incidents weighed by their probability of being background, per cell, with a memory of `halfLifeDays` before `until`. */
function backgroundCounts(
  cells: readonly { cell: string; t: number; weight: number }[],
  until: number,
  from: number,
  halfLifeDays: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const { cell, t, weight } of cells) {
    if (t > until || t <= from) continue;
    const age = (until - t) / DAY_MS;
    const decay = Number.isFinite(halfLifeDays) ? 2 ** (-age / halfLifeDays) : 1;
    out.set(cell, (out.get(cell) ?? 0) + weight * decay);
  }
  return out;
}

/** Spreads each cell's count over itself and its ring: the share `w` to each neighbour. */
function smooth(counts: ReadonlyMap<string, number>, w: number): Map<string, number> {
  const out = new Map<string, number>();
  const own = 1 / (1 + 6 * w);
  for (const [cell, count] of counts) {
    for (const near of gridDisk(cell, 1))
      out.set(near, (out.get(near) ?? 0) + count * (near === cell ? own : w * own));
  }
  return out;
}

/** Days a memory of `halfLifeDays` weighs over `days` of past: the background's divisor for a rate per day. */
const effectiveDays = (halfLifeDays: number, days: number): number =>
  Number.isFinite(halfLifeDays) ? (halfLifeDays / Math.LN2) * (1 - 2 ** (-days / halfLifeDays)) : days;

/** The hour of the week (Kuwait time, 0 = Sunday 00:00) of a moment. */
const hourOfWeek = (t: number): number => Math.floor(((t + KUWAIT_OFFSET_MS) / HOUR_MS) % 168);

/** The forecast hours' rate against the average hour, from the past's counts by hour of the week. */
function rhythmOf(t: readonly number[], at: number, hours: number): number {
  if (t.length < 168) return 1;
  const counts = new Float64Array(168);
  for (const time of t) counts[hourOfWeek(time)] = (counts[hourOfWeek(time)] ?? 0) + 1;
  const mean = t.length / 168;
  let sum = 0;
  const whole = Math.max(1, Math.round(hours));
  for (let h = 0; h < whole; h++) sum += (counts[hourOfWeek(at + h * HOUR_MS)] ?? 0) / mean;
  return sum / whole;
}

/** Forecasts the next `hours` from `at` for every cell of the area (cells with incidents in the past year and their rings). */
export function forecastCells(input: ForecastInput): {
  cells: ForecastCellResult[];
  fit: ForecastFit;
  total: number;
} {
  const backgroundDays = input.backgroundDays ?? 365;
  const from = input.at - backgroundDays * DAY_MS;
  const indices: number[] = [];
  for (let i = 0; i < input.t.length; i++) {
    const t = input.t[i] ?? 0;
    if (t > from && t <= input.at) indices.push(i);
  }
  const cellOfIndex = new Map<number, string>();
  const counts = new Map<string, number>();
  for (const i of indices) {
    const cell = latLngToCell(input.lat[i] ?? 0, input.lon[i] ?? 0, input.resolution);
    cellOfIndex.set(i, cell);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const area = new Set<string>();
  for (const cell of counts.keys()) for (const near of gridDisk(cell, 1)) area.add(near);
  const areaM2 = new Map([...area].map((cell) => [cell, cellArea(cell, 'm2')]));

  // The triggering, fitted by EM against a background density that is itself re-estimated from
  // the declustered incidents (Mohler et al.'s alternation), on cells a resolution finer than the
  // forecast's, so that two incidents in one busy block are not taken for a repeat.
  const fitFrom = input.at - FIT_DAYS * DAY_MS;
  const recent = indices.filter((i) => (input.t[i] ?? 0) > fitFrom);
  const fineOf = new Map<number, string>();
  for (const i of indices)
    fineOf.set(i, latLngToCell(input.lat[i] ?? 0, input.lon[i] ?? 0, input.resolution + 1));
  const fineArea = cellArea(fineOf.get(indices[0] ?? 0) ?? latLngToCell(0, 0, input.resolution + 1), 'm2');
  let shares = new Map<number, number>();
  let trigger = fitTrigger(input, [], () => 0);
  for (let round = 0; round < BACKGROUND_ROUNDS; round++) {
    const fine = new Map<string, number>();
    for (const i of indices) {
      const cell = fineOf.get(i) ?? '';
      fine.set(cell, (fine.get(cell) ?? 0) + (shares.get(i) ?? (round === 0 ? 1 : 1 - trigger.theta)));
    }
    const density = smooth(fine, 0.25);
    trigger = fitTrigger(
      input,
      recent,
      (i) => (density.get(fineOf.get(i) ?? '') ?? 0) / backgroundDays / fineArea,
    );
    shares = trigger.backgroundShare;
  }

  // The background from the declustered incidents: those before the fitted window weigh their
  // average chance of being background, 1 − θ.
  const weighed = indices.map((i) => ({
    cell: cellOfIndex.get(i) ?? '',
    t: input.t[i] ?? 0,
    weight: trigger.backgroundShare.get(i) ?? 1 - trigger.theta,
  }));

  // Its memory and smoothing: the pair under which the last VALIDATION_DAYS' background
  // incidents were likeliest, from the days before them.
  const validationStart = input.at - VALIDATION_DAYS * DAY_MS;
  const held = weighed.filter((w) => w.t > validationStart);
  // Without enough to choose on, the whole year evenly, lightly smoothed (a steady place's best).
  let best: { halfLife: number; w: number; score: number } = {
    halfLife: Infinity,
    w: 0.25,
    score: -Infinity,
  };
  if (held.length >= 20) {
    for (const halfLife of BACKGROUND_HALF_LIVES_DAYS) {
      const before = backgroundCounts(weighed, validationStart, from, halfLife);
      for (const w of NEIGHBOUR_WEIGHTS) {
        const spread = smooth(before, w);
        let total = 0;
        for (const value of spread.values()) total += value;
        // A floor of 1 % of the average cell: a cell never seen before is unlikely, not impossible.
        const floor = (0.01 * total) / Math.max(1, area.size);
        const denominator = total + floor * area.size;
        let score = 0;
        for (const { cell, weight } of held)
          score += weight * Math.log(((spread.get(cell) ?? 0) + floor) / denominator);
        if (score > best.score) best = { halfLife, w, score };
      }
    }
  }
  const background = smooth(backgroundCounts(weighed, input.at, from, best.halfLife), best.w);
  const perDay = effectiveDays(best.halfLife, backgroundDays);
  const rhythm = rhythmOf(
    indices.map((i) => input.t[i] ?? 0),
    input.at,
    input.hours,
  );

  const horizonDays = input.hours / 24;
  const expected = new Map<string, number>();
  const triggered = new Map<string, number>();
  for (const cell of area) expected.set(cell, ((background.get(cell) ?? 0) / perDay) * horizonDays * rhythm);
  // Each recent incident adds θ·(e^(−ω·a) − e^(−ω·(a+h))) spread over its cell and ring by the Gaussian.
  const { theta, omegaPerDay: omega, sigmaM } = trigger;
  const since = input.at - TRIGGER_HORIZON_DAYS * DAY_MS;
  for (const i of indices) {
    const t = input.t[i] ?? 0;
    if (t <= since) continue;
    const age = (input.at - t) / DAY_MS;
    const mass = theta * (Math.exp(-omega * age) - Math.exp(-omega * (age + horizonDays)));
    if (mass < 1e-6) continue;
    const here: Position = [input.lon[i] ?? 0, input.lat[i] ?? 0];
    const ring = gridDisk(cellOfIndex.get(i) ?? '', 1);
    const weights = ring.map((cell) => {
      const [lat, lon] = cellToLatLng(cell);
      return (
        gaussian2d(distanceMetres(here, [lon, lat]), sigmaM) * (areaM2.get(cell) ?? cellArea(cell, 'm2'))
      );
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
  return {
    cells,
    fit: {
      theta,
      omegaPerDay: omega,
      sigmaM,
      backgroundHalfLifeDays: best.halfLife,
      neighbourWeight: best.w,
      rhythm,
    },
    total,
  };
}

/** A cell's hexagon as a closed GeoJSON ring. */
export function boundaryOf(cell: string): Position[] {
  return cellToBoundary(cell, true);
}
