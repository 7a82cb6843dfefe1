/**
 * Shortest time between two updates of the map's sources, in ms: each goes through every
 * incident drawn (an identity check each) and has the worker cluster again.
 */
export const MAP_DATA_THROTTLE_MS = 250;

/**
 * More time between two updates of the incident sources per incident drawn, in ms: the
 * clustering worker (incidentClusters.ts) clusters every incident again on each update, however
 * few changed, as MapLibre's workers did, and at 50,000 four updates a second kept both cores
 * busy through a burst and the page's frames waited. At that size the map takes a burst's
 * changes once a second (the list at once).
 */
export const MAP_DATA_MS_PER_INCIDENT = 0.02;

/**
 * Most of the page's time the map's own drawing may take while updates stream in, 0–1: the
 * sources take updates no more often than the map's last frames took to draw, divided by this.
 * With a GPU a frame of the map costs one refresh and nothing changes (250 ms stays the floor);
 * under software WebGL (SwiftShader, a machine without a GPU) a whole 1920×1080 frame drawn on
 * the CPU takes 100–300 ms, and a burst that had the map draw at every update left the page
 * almost no plain frames in between.
 */
export const MAP_DRAW_SHARE = 0.25;

/**
 * Longest time between two updates of the incident sources in a burst, in ms, however slowly the
 * map draws: the list shows a change at once, the map within this.
 */
export const MAP_DATA_MAX_INTERVAL_MS = 1_000;

/** Weight of the latest frame in the map's drawing time, 0–1 (an exponential average). */
export const DRAW_COST_WEIGHT = 0.3;

/**
 * How often the incident sources may take a burst's updates: from how long the map's frames
 * take to draw (an average of the frames timed) and how many incidents it draws.
 */
export class DrawBudget {
  /** How long the map's frames take to draw, in ms (0 until a frame is timed). */
  private drawCostMs = 0;

  /** Notes how long a frame of the map took to draw, in ms. */
  noteFrame(costMs: number): void {
    const cost = Math.max(0, costMs);
    this.drawCostMs =
      this.drawCostMs === 0 ? cost : this.drawCostMs + DRAW_COST_WEIGHT * (cost - this.drawCostMs);
  }

  /** The map's drawing time as averaged so far, in ms. */
  get frameMs(): number {
    return this.drawCostMs;
  }

  /** Time between two updates of the incident sources when `drawnCount` incidents are drawn, in ms. */
  intervalMs(drawnCount: number): number {
    return Math.min(
      MAP_DATA_MAX_INTERVAL_MS,
      Math.max(MAP_DATA_THROTTLE_MS, drawnCount * MAP_DATA_MS_PER_INCIDENT, this.drawCostMs / MAP_DRAW_SHARE),
    );
  }
}
