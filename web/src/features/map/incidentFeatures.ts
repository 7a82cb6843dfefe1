import { representativePosition, sectorById, type Incident, type IncidentStatus } from '@mirsad/shared';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';

/**
 * How far the response has come, as the map draws it: a hollow ring waits for someone to take
 * it, a ring with a dot is acknowledged, a filled disc has units on the way, a filled disc
 * with a white dot has them on scene, and a faded disc is contained.
 */
export type ResponseStage = 'waiting' | 'acknowledged' | 'dispatched' | 'on-scene' | 'contained';

/** The response stage a status is drawn as. */
export function responseStage(status: IncidentStatus): ResponseStage {
  switch (status) {
    case 'reported':
    case 'reopened':
      return 'waiting';
    case 'acknowledged':
      return 'acknowledged';
    case 'dispatched':
      return 'dispatched';
    case 'on_scene':
      return 'on-scene';
    case 'contained':
    case 'closed':
    case 'cancelled':
      return 'contained';
  }
}

/** Whether an incident is to be ringed as overdue (the page's clock and targets decide). */
export type IsOverdue = (incident: Incident) => boolean;

/**
 * The overdue rule as the map's diff reads it: from when each incident is overdue (worked out
 * once per version of it, and kept with what is drawn) and the clock now.
 */
export interface OverdueClock {
  fromMs: (incident: Incident) => number;
  nowMs: number;
}

/** Nothing is overdue: the review's replayed map. */
export const NEVER_OVERDUE: OverdueClock = { fromMs: () => Number.POSITIVE_INFINITY, nowMs: 0 };

/**
 * What the map's incident layers read from each feature, and nothing more: the clustering worker
 * holds a feature for every incident drawn (incidentClusters.ts). The sector itself is not
 * drawn, only its colour.
 */
export interface IncidentFeatureProperties {
  id: string;
  /** The sector's colour, copied in so that layers colour with `['get', 'color']`. */
  color: string;
  /** 1..5; drives the radius, and 5 draws the critical halo. */
  severity: number;
  stage: ResponseStage;
  /** 1 when the incident waited past its response target, else 0 (a number, so clusters can sum it). */
  overdue: 0 | 1;
}

/** The features of the incident sources. */
export interface IncidentFeatures {
  /** One point per incident (an area's at its representative position): clustered. */
  points: FeatureCollection<Point, IncidentFeatureProperties>;
  /** The outline of each incident that covers an area; not clustered (clustering takes points only). */
  areas: FeatureCollection<Polygon, IncidentFeatureProperties>;
}

function propertiesOf(incident: Incident, isOverdue: boolean): IncidentFeatureProperties {
  return {
    id: incident.id,
    color: sectorById(incident.sector).color,
    severity: incident.severity,
    stage: responseStage(incident.status),
    overdue: isOverdue ? 1 : 0,
  };
}

/**
 * Turns incidents into the map's GeoJSON. Points are sorted by severity so the most severe
 * draw last, on top, even where the layer's sort key does not apply (between clusters).
 */
export function toIncidentFeatures(
  incidents: readonly Incident[],
  isOverdue: IsOverdue = () => false,
): IncidentFeatures {
  const points: Feature<Point, IncidentFeatureProperties>[] = [];
  const areas: Feature<Polygon, IncidentFeatureProperties>[] = [];
  for (const incident of incidents) {
    const properties = propertiesOf(incident, isOverdue(incident));
    points.push({
      type: 'Feature',
      properties,
      geometry: { type: 'Point', coordinates: [...representativePosition(incident.location)] },
    });
    if (incident.location.type === 'Polygon') {
      areas.push({
        type: 'Feature',
        properties,
        geometry: {
          type: 'Polygon',
          coordinates: incident.location.coordinates.map((ring) => ring.map((position) => [...position])),
        },
      });
    }
  }
  points.sort((a, b) => a.properties.severity - b.properties.severity);
  return {
    points: { type: 'FeatureCollection', features: points },
    areas: { type: 'FeatureCollection', features: areas },
  };
}

/** What the map last drew of an incident: the incident object and whether it was ringed as overdue. */
export interface DrawnIncident {
  incident: Incident;
  isOverdue: boolean;
  /** From when it is overdue (epoch ms; Infinity: never), for this version of it under `rule`. */
  overdueFromMs: number;
  rule: OverdueClock['fromMs'];
  /** The pass that last found it among the incidents: the others are to be removed. */
  pass: number;
}

/** Numbers the diff's passes, so that finding the removed needs no set of the seen ids. */
let diffPass = 0;

/**
 * The changes to one incident source, in the shape of MapLibre's `GeoJSONSource.updateData`: the
 * map now sends only their ids to its clustering worker (incidentClusters.ts). TODO: reduce to ids
 * once incidentDiff.test.ts pins ids rather than features.
 */
export interface FeatureDiff {
  add: Feature[];
  update: {
    id: string;
    newGeometry?: Point | Polygon;
    addOrUpdateProperties?: { key: string; value: unknown }[];
  }[];
  remove: string[];
}

/** The changes to the incident sources between what was drawn and what is to be drawn. */
export interface IncidentDiffs {
  /** For the clustered point source. */
  points: FeatureDiff;
  areas: FeatureDiff;
  /** How many incidents changed, were added or removed. */
  changed: number;
}

const emptyDiff = (): FeatureDiff => ({ add: [], update: [], remove: [] });

/** Every property of a feature, as `updateData`'s list of properties to set. */
function propertyUpdates(properties: IncidentFeatureProperties): { key: string; value: unknown }[] {
  const { id, color, severity, stage, overdue } = properties;
  const values: Record<keyof IncidentFeatureProperties, unknown> = {
    id,
    color,
    severity,
    stage,
    overdue,
  };
  return Object.entries(values).map(([key, value]) => ({ key, value }));
}

function pointOf(
  incident: Incident,
  properties: IncidentFeatureProperties,
): Feature<Point, IncidentFeatureProperties> {
  return {
    type: 'Feature',
    properties,
    geometry: { type: 'Point', coordinates: [...representativePosition(incident.location)] },
  };
}

function areaOf(
  incident: Incident,
  properties: IncidentFeatureProperties,
): Feature<Polygon, IncidentFeatureProperties> | null {
  if (incident.location.type !== 'Polygon') return null;
  return {
    type: 'Feature',
    properties,
    geometry: {
      type: 'Polygon',
      coordinates: incident.location.coordinates.map((ring) => ring.map((position) => [...position])),
    },
  };
}

/** One diff in the making: its changes so far, and its pass over what is drawn. */
interface DiffPass {
  drawn: Map<string, DrawnIncident>;
  clock: OverdueClock;
  pass: number;
  diffs: IncidentDiffs;
  /** Only `drawn` brought up to date and the changes counted, no features built. */
  isCountOnly: boolean;
}

function startPass(drawn: Map<string, DrawnIncident>, clock: OverdueClock, isCountOnly: boolean): DiffPass {
  return {
    drawn,
    clock,
    pass: ++diffPass,
    diffs: { points: emptyDiff(), areas: emptyDiff(), changed: 0 },
    isCountOnly,
  };
}

/** Brings one incident to be drawn into the diff: nothing when it is drawn as it is. */
function diffIncident(diff: DiffPass, incident: Incident): void {
  const { drawn, clock, pass, diffs } = diff;
  const { points, areas } = diffs;
  const held = drawn.get(incident.id);
  if (held) held.pass = pass;
  // The same object, or the same version of it (a replayed picture makes new objects).
  const isSame = held && (held.incident === incident || held.incident.version === incident.version);
  const overdueFromMs = isSame && held.rule === clock.fromMs ? held.overdueFromMs : clock.fromMs(incident);
  const isIncidentOverdue = clock.nowMs > overdueFromMs;
  if (held && isSame) {
    held.overdueFromMs = overdueFromMs;
    held.rule = clock.fromMs;
  }
  if (isSame && held.isOverdue === isIncidentOverdue) return;
  diffs.changed += 1;
  drawn.set(incident.id, {
    incident,
    isOverdue: isIncidentOverdue,
    overdueFromMs,
    rule: clock.fromMs,
    pass,
  });
  if (diff.isCountOnly) return;
  const properties = propertiesOf(incident, isIncidentOverdue);
  if (!held) {
    points.add.push(pointOf(incident, properties));
    const area = areaOf(incident, properties);
    if (area) areas.add.push(area);
    return;
  }
  const addOrUpdateProperties = propertyUpdates(properties);
  const isMoved = held.incident.location !== incident.location;
  points.update.push({
    id: incident.id,
    addOrUpdateProperties,
    ...(isMoved ? { newGeometry: pointOf(incident, properties).geometry } : {}),
  });
  const area = areaOf(incident, properties);
  const hadArea = held.incident.location.type === 'Polygon';
  if (hadArea && !area) areas.remove.push(incident.id);
  else if (!hadArea && area) areas.add.push(area);
  else if (area)
    areas.update.push({
      id: incident.id,
      addOrUpdateProperties,
      ...(isMoved ? { newGeometry: area.geometry } : {}),
    });
}

/** Takes an incident that is no longer to be drawn off the map. */
function removeIncident(diff: DiffPass, id: string, held: DrawnIncident): void {
  const { drawn, diffs } = diff;
  diffs.changed += 1;
  drawn.delete(id);
  diffs.points.remove.push(id);
  if (held.incident.location.type === 'Polygon') diffs.areas.remove.push(id);
}

/**
 * The incident sources' changes from `drawn` (what the map holds, by id) to `incidents`, and
 * `drawn` brought up to date. An incident whose version and overdue mark are the ones drawn is
 * skipped: the picture keeps unchanged incidents as the same objects, so a pass costs one
 * identity check per incident and a feature per change, not a new collection of 50,000 for the
 * map's worker to parse and cluster again. Features are keyed by the `id` property (the
 * sources' `promoteId`).
 */
export function diffIncidentFeatures(
  drawn: Map<string, DrawnIncident>,
  incidents: readonly Incident[],
  clock: OverdueClock,
  /**
   * Only bring `drawn` up to date and count, building no features: the caller sets the
   * sources whole (the first picture), and 50,000 features made here would be thrown away.
   */
  isCountOnly = false,
): IncidentDiffs {
  const diff = startPass(drawn, clock, isCountOnly);
  for (const incident of incidents) diffIncident(diff, incident);
  // Every incident given is drawn now: any more drawn ones have left.
  for (const [id, held] of drawn.size > incidents.length ? drawn : []) {
    if (held.pass !== diff.pass) removeIncident(diff, id, held);
  }
  return diff.diffs;
}

/**
 * The same changes as `diffIncidentFeatures`, from only the ids that changed since `drawn` was
 * last brought up to date under the same clock (`shown` gives each one's incident as it is to be
 * drawn, undefined for one no longer shown): in a burst at 50,000 incidents, a pass over all of
 * them for a few dozen changes was the page's longest work.
 */
export function diffChangedIncidents(
  drawn: Map<string, DrawnIncident>,
  changedIds: Iterable<string>,
  shown: (id: string) => Incident | undefined,
  clock: OverdueClock,
): IncidentDiffs {
  const diff = startPass(drawn, clock, false);
  for (const id of changedIds) {
    const incident = shown(id);
    const held = drawn.get(id);
    if (incident) diffIncident(diff, incident);
    else if (held) removeIncident(diff, id, held);
  }
  return diff.diffs;
}
