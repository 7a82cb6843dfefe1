import { z } from 'zod';
import { distanceMetres, isInPolygon, PolygonSchema, type Polygon, type Position } from './geo.js';
import { ExerciseIdSchema } from './incident.js';
import { PersonRefSchema } from './room.js';
import { SectorIdSchema } from './sectors.js';

// Patrol deployment: named areas of a sector that units patrol, and the coverage of the places
// where trouble is likely. The areas are durable (events of the log, projected as entities);
// coverage is computed on request from them and from the risk picture.

/** Most units one patrol area holds. */
export const MAX_PATROL_UNITS = 50;

/** Whether a patrol area is in force or was stood down. */
export const PatrolStatusSchema = z.enum(['active', 'retired']);

/** Whether a patrol area is in force or was stood down. */
export type PatrolStatus = z.infer<typeof PatrolStatusSchema>;

const UnitIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(MAX_PATROL_UNITS)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'a unit is listed twice' });

/** A named area of a sector that assigned units patrol. */
export const PatrolAreaSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(120),
  sector: SectorIdSchema,
  area: PolygonSchema,
  /** The units patrolling it, of the same log; a unit patrols one area at a time. */
  unitIds: UnitIdsSchema,
  status: PatrolStatusSchema,
  createdBy: PersonRefSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().min(1),
  exerciseId: ExerciseIdSchema,
});

/** A named area of a sector that assigned units patrol. */
export type PatrolArea = z.infer<typeof PatrolAreaSchema>;

/** The body of `POST /api/patrols`. */
export const NewPatrolAreaSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    sector: SectorIdSchema,
    area: PolygonSchema,
    /** Defines it inside an exercise rather than in the live picture. */
    exerciseId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** The body of `PATCH /api/patrols/:id` (commanders: rename, redraw, stand down or restore). */
export const PatrolAreaPatchSchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(120).optional(),
    area: PolygonSchema.optional(),
    status: PatrolStatusSchema.optional(),
  })
  .strict();

/** The body of `PUT /api/patrols/:id/units`: the whole list of units patrolling it, against a version. */
export const PatrolUnitsSchema = z
  .object({ version: z.number().int().min(1), unitIds: UnitIdsSchema })
  .strict();

/** Where risk comes from: the pattern-watch forecast when the server has one, else the recent incidents. */
export const RiskSourceSchema = z.enum(['forecast', 'recent-incidents']);

/** Where risk comes from. */
export type RiskSource = z.infer<typeof RiskSourceSchema>;

/** One place where trouble is likely, as the coverage view weighs it. */
export const RiskAreaSchema = z.object({
  /** Stable for the same place: the grid cell or forecast cell it is. */
  id: z.string().min(1).max(64),
  /** Its centre, [longitude, latitude]. */
  centre: z.tuple([z.number(), z.number()]),
  /** The cell's outline, for the map. */
  area: PolygonSchema,
  /** How likely trouble is, 0 to 1 (relative among the areas shown). */
  risk: z.number().min(0).max(1),
  /** How many incidents it stands for (recent-incidents), or null (forecast). */
  incidents: z.number().int().min(0).nullable(),
});

/** One place where trouble is likely. */
export type RiskArea = z.infer<typeof RiskAreaSchema>;

/** One risk area with the patrol nearest to it. */
export const CoveredAreaSchema = RiskAreaSchema.extend({
  /** The nearest active patrol area with units, and how far its edge is (0 inside), metres. */
  nearest: z.object({ patrolId: z.uuid(), name: z.string(), distanceM: z.number().min(0) }).nullable(),
  isCovered: z.boolean(),
});

/** One risk area with the patrol nearest to it. */
export type CoveredArea = z.infer<typeof CoveredAreaSchema>;

/** The answer of `GET /api/patrols/coverage`. */
export const CoverageSchema = z.object({
  source: RiskSourceSchema,
  /** The distance a patrol must be within to cover an area, metres. */
  distanceM: z.number().min(0),
  /** The high-risk areas, riskiest first. */
  areas: z.array(CoveredAreaSchema),
  /** How many of them are covered. */
  covered: z.number().int().min(0),
});

/** The answer of `GET /api/patrols/coverage`. */
export type Coverage = z.infer<typeof CoverageSchema>;

/** Default and limits of the coverage view's distance, metres. */
export const COVERAGE_DISTANCE_M = { default: 2_000, min: 100, max: 20_000 } as const;

/** The query of `GET /api/patrols/coverage`. */
export const CoverageQuerySchema = z
  .object({
    distanceM: z.coerce
      .number()
      .int()
      .min(COVERAGE_DISTANCE_M.min)
      .max(COVERAGE_DISTANCE_M.max)
      .default(COVERAGE_DISTANCE_M.default),
    exercise: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Distance from a point to a segment, metres, on a local flat projection (fine at patrol scale). */
function distanceToSegmentM(p: Position, a: Position, b: Position): number {
  const kx = Math.cos((p[1] * Math.PI) / 180);
  const ax = (a[0] - p[0]) * kx;
  const ay = a[1] - p[1];
  const bx = (b[0] - p[0]) * kx;
  const by = b[1] - p[1];
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSq));
  const nearest: Position = [p[0] + (ax + t * dx) / kx, p[1] + ay + t * dy];
  return distanceMetres(p, nearest);
}

/** Distance from a point to a polygon, metres: 0 inside, else to its nearest edge. */
export function distanceToPolygonM(point: Position, polygon: Polygon): number {
  if (isInPolygon(point, polygon.coordinates)) return 0;
  let best = Infinity;
  for (const ring of polygon.coordinates)
    for (let i = 1; i < ring.length; i += 1) {
      const a = ring[i - 1];
      const b = ring[i];
      if (a && b) best = Math.min(best, distanceToSegmentM(point, a, b));
    }
  return best;
}

/**
 * Which risk areas an active patrol with units lies within `distanceM` of. Pure: the server
 * answers the coverage view with it and the web app recomputes it as patrols change.
 */
export function coverageOf(
  risks: readonly RiskArea[],
  patrols: readonly Pick<PatrolArea, 'id' | 'name' | 'area' | 'unitIds' | 'status'>[],
  distanceM: number,
  source: RiskSource,
): Coverage {
  const manned = patrols.filter((patrol) => patrol.status === 'active' && patrol.unitIds.length > 0);
  const areas = [...risks]
    .sort((a, b) => b.risk - a.risk)
    .map((risk): CoveredArea => {
      let nearest: CoveredArea['nearest'] = null;
      for (const patrol of manned) {
        const d = distanceToPolygonM(risk.centre, patrol.area);
        if (!nearest || d < nearest.distanceM)
          nearest = { patrolId: patrol.id, name: patrol.name, distanceM: Math.round(d) };
      }
      return { ...risk, nearest, isCovered: nearest !== null && nearest.distanceM <= distanceM };
    });
  return { source, distanceM, areas, covered: areas.filter((area) => area.isCovered).length };
}

/** A box `[west, south, east, north]` as a closed GeoJSON polygon. */
export function boxPolygon([west, south, east, north]: readonly [number, number, number, number]): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** The side of a risk grid cell, degrees of latitude (about 1.1 km). */
export const RISK_CELL_DEG = 0.01;

/** Fewest recent incidents in a cell for it to count as high risk. */
export const RISK_MIN_INCIDENTS = 2;

/**
 * High-risk cells from recent incidents: incidents binned into a grid of `RISK_CELL_DEG`, the
 * cells with at least `RISK_MIN_INCIDENTS`, risk relative to the busiest cell, at most `limit`.
 */
export function riskFromIncidents(positions: readonly Position[], limit = 50): RiskArea[] {
  const cells = new Map<string, { x: number; y: number; count: number; lon: number; lat: number }>();
  for (const [lon, lat] of positions) {
    const x = Math.floor(lon / RISK_CELL_DEG);
    const y = Math.floor(lat / RISK_CELL_DEG);
    const key = `${x}:${y}`;
    const cell = cells.get(key) ?? { x, y, count: 0, lon: 0, lat: 0 };
    cell.count += 1;
    cell.lon += lon;
    cell.lat += lat;
    cells.set(key, cell);
  }
  const busy = [...cells.values()].filter((cell) => cell.count >= RISK_MIN_INCIDENTS);
  const most = Math.max(1, ...busy.map((cell) => cell.count));
  const round = (value: number): number => Math.round(value * 1e6) / 1e6;
  return busy
    .sort((a, b) => b.count - a.count || a.x - b.x || a.y - b.y)
    .slice(0, limit)
    .map((cell) => {
      const [w, s] = [round(cell.x * RISK_CELL_DEG), round(cell.y * RISK_CELL_DEG)];
      const [e, n] = [round(w + RISK_CELL_DEG), round(s + RISK_CELL_DEG)];
      return {
        id: `cell:${cell.x}:${cell.y}`,
        centre: [round(cell.lon / cell.count), round(cell.lat / cell.count)],
        area: boxPolygon([w, s, e, n]),
        risk: cell.count / most,
        incidents: cell.count,
      };
    });
}
