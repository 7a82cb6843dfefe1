import {
  DRONE_TRACK_MS,
  droneFreshness,
  sectorById,
  type DroneState,
  type Position,
  type RecordedDetection,
  type SectorId,
} from '@mirsad/shared';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';

/** How fresh a drone is drawn: heard in the last 30 s, silent for longer (stale), or lost. */
export type DroneFreshness = ReturnType<typeof droneFreshness>;

/** How a drone's battery is drawn: enough, low (return soon), critical (landing). */
export type BatteryClass = 'ok' | 'low' | 'critical';

/** Battery percentages at and under which a drone is drawn low and critical. */
export const BATTERY_LOW_PCT = 30;
export const BATTERY_CRITICAL_PCT = 15;

/** The drawing class of a battery level. */
export function batteryClass(batteryPct: number): BatteryClass {
  return batteryPct <= BATTERY_CRITICAL_PCT ? 'critical' : batteryPct <= BATTERY_LOW_PCT ? 'low' : 'ok';
}

/** Fewest metres between two kept points of a track: a hovering drone does not grow it. */
const TRACK_MIN_STEP_DEG = 0.00002;

/** One point of a drone's track: where, and when the drone was there (ms). */
export interface TrackPoint {
  position: Position;
  atMs: number;
}

/** The drones the room knows: each one's latest state and its track of the last ten minutes. */
export interface DroneFleet {
  drones: ReadonlyMap<string, DroneState>;
  tracks: ReadonlyMap<string, readonly TrackPoint[]>;
}

/** No drones yet. */
export const EMPTY_FLEET: DroneFleet = { drones: new Map(), tracks: new Map() };

/**
 * Folds drone states (a `drones.moved` batch, or the list after a reconnect) into the fleet:
 * newer telemetry replaces older (a late batch never moves a drone back), each track gains the
 * new point and drops what is older than `DRONE_TRACK_MS` before its newest. Returns the same
 * fleet when nothing changed, so nothing re-renders.
 */
export function applyDroneStates(fleet: DroneFleet, states: readonly DroneState[]): DroneFleet {
  let drones: Map<string, DroneState> | null = null;
  let tracks: Map<string, readonly TrackPoint[]> | null = null;
  for (const state of states) {
    const held = (drones ?? fleet.drones).get(state.droneId);
    const atMs = Date.parse(state.telemetry.at);
    if (held && Date.parse(held.telemetry.at) > atMs) continue;
    if (held && held.telemetry.at === state.telemetry.at && held.heardAt === state.heardAt) continue;
    drones ??= new Map(fleet.drones);
    tracks ??= new Map(fleet.tracks);
    drones.set(state.droneId, state);
    const track = tracks.get(state.droneId) ?? [];
    const last = track[track.length - 1];
    const [lon, lat] = state.telemetry.position;
    const hasMoved =
      !last ||
      Math.abs(last.position[0] - lon) > TRACK_MIN_STEP_DEG ||
      Math.abs(last.position[1] - lat) > TRACK_MIN_STEP_DEG;
    const grown =
      hasMoved && (!last || atMs > last.atMs)
        ? [...track, { position: state.telemetry.position, atMs }]
        : track;
    tracks.set(
      state.droneId,
      grown.filter((point) => point.atMs >= atMs - DRONE_TRACK_MS),
    );
  }
  return drones && tracks ? { drones, tracks } : fleet;
}

/** What the drone layers read from each feature. */
export interface DroneFeatureProperties {
  id: string;
  sector: SectorId;
  colour: string;
  headingDeg: number;
  batteryPct: number;
  battery: BatteryClass;
  freshness: DroneFreshness;
  /** When the drone measured this fix, epoch ms (bench:sensors reads it to time broker-to-screen). */
  atMs: number;
}

/** The drones as GeoJSON points at `now` (their freshness depends on it): what must be current. */
export function dronePoints(fleet: DroneFleet, now: Date): FeatureCollection<Point, DroneFeatureProperties> {
  const features: Feature<Point, DroneFeatureProperties>[] = [];
  for (const state of fleet.drones.values()) {
    const { telemetry } = state;
    features.push({
      type: 'Feature',
      id: state.droneId,
      geometry: { type: 'Point', coordinates: [...telemetry.position] },
      properties: {
        id: state.droneId,
        sector: state.sector,
        colour: sectorById(state.sector).color,
        headingDeg: telemetry.headingDeg,
        batteryPct: telemetry.batteryPct,
        battery: batteryClass(telemetry.batteryPct),
        freshness: droneFreshness(state.heardAt, now),
        atMs: Date.parse(telemetry.at),
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The drones' camera footprints and tracks as GeoJSON at `now`: the heavier shapes, which the
 * map may refresh less often than the drones themselves.
 */
export function droneShapes(
  fleet: DroneFleet,
  now: Date,
): {
  footprints: FeatureCollection<Polygon, { id: string; freshness: DroneFreshness }>;
  tracks: FeatureCollection<LineString, { id: string; freshness: DroneFreshness }>;
} {
  const footprints: Feature<Polygon, { id: string; freshness: DroneFreshness }>[] = [];
  const tracks: Feature<LineString, { id: string; freshness: DroneFreshness }>[] = [];
  for (const state of fleet.drones.values()) {
    const freshness = droneFreshness(state.heardAt, now);
    const { footprint } = state.telemetry;
    // A lost drone's camera shows nothing now: its last footprint would lie about the ground.
    if (footprint && freshness !== 'lost')
      footprints.push({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: footprint.coordinates.map((ring) => ring.map((p) => [...p])),
        },
        properties: { id: state.droneId, freshness },
      });
    const track = fleet.tracks.get(state.droneId) ?? [];
    if (track.length >= 2)
      tracks.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: track.map((point) => [...point.position]) },
        properties: { id: state.droneId, freshness },
      });
  }
  return {
    footprints: { type: 'FeatureCollection', features: footprints },
    tracks: { type: 'FeatureCollection', features: tracks },
  };
}

/** Most detections the map keeps (the newest): a long fire must not grow the page without end. */
export const MAX_MAP_DETECTIONS = 500;

/** Adds detections to the map's list once each (by id), newest kept, oldest first. */
export function appendDetections(
  held: readonly RecordedDetection[],
  added: readonly RecordedDetection[],
): RecordedDetection[] {
  const ids = new Set(held.map((detection) => detection.id));
  const fresh = added.filter((detection) => !ids.has(detection.id));
  if (fresh.length === 0) return held as RecordedDetection[];
  return [...held, ...fresh].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-MAX_MAP_DETECTIONS);
}

/** The detections as GeoJSON points, hottest drawn largest. */
export function detectionCollection(
  detections: readonly RecordedDetection[],
): FeatureCollection<Point, { id: string; incidentId: string; maxTempC: number; outcome: string }> {
  return {
    type: 'FeatureCollection',
    features: detections.map((detection) => ({
      type: 'Feature',
      id: detection.id,
      geometry: { type: 'Point', coordinates: [...detection.location.coordinates] },
      properties: {
        id: detection.id,
        incidentId: detection.incidentId,
        maxTempC: detection.maxTempC,
        outcome: detection.outcome,
      },
    })),
  };
}
