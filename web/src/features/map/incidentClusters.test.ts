import { describe, expect, it } from 'vitest';
import type { Incident, Position } from '@mirsad/shared';
import { makeIncident } from '../../test/fixtures.js';
import { answerClusterRequest } from './clusterProtocol.js';
import { CLUSTER_MAX_ZOOM, IncidentClusterIndex, MIN_AREA_PX, packIncidents } from './incidentClusters.js';
import { toIncidentFeatures } from './incidentFeatures.js';

/** All of Kuwait and around it, `[west, south, east, north]`. */
const KUWAIT_BOX: [number, number, number, number] = [46, 28.4, 49, 30.2];
/** The zoom of the opening view of Kuwait on a wall. */
const OPENING_ZOOM = 8.3;

/** A closed square ring of `sizeDeg` around a position. */
function square([lng, lat]: Position, sizeDeg: number): Position[] {
  const h = sizeDeg / 2;
  return [
    [lng - h, lat - h],
    [lng + h, lat - h],
    [lng + h, lat + h],
    [lng - h, lat + h],
    [lng - h, lat - h],
  ];
}

function indexOf(drawn: readonly { incident: Incident; isOverdue: boolean }[]): IncidentClusterIndex {
  const index = new IncidentClusterIndex();
  index.reset(packIncidents(drawn));
  return index;
}

const atKuwaitCity = (n: number, overrides: Partial<Incident> = {}): Incident =>
  makeIncident(n, { location: { type: 'Point', coordinates: [47.98 + n * 0.0001, 29.37] }, ...overrides });

describe('the map’s own clustering of incidents', () => {
  it('draws a lone incident with the properties the incident layers read, as MapLibre was given them', () => {
    const incident = makeIncident(1, { severity: 4, status: 'acknowledged' });
    const index = indexOf([{ incident, isOverdue: true }]);

    const { points } = index.view({ bbox: KUWAIT_BOX, zoom: OPENING_ZOOM, keepAreaOf: null });

    const expected = toIncidentFeatures([incident], () => true).points.features;
    expect(points.features).toEqual(expected);
  });

  it('merges nearby incidents into one cluster that counts them, keeps the highest severity and sums the overdue', () => {
    const incidents = [
      { incident: atKuwaitCity(1, { severity: 2 }), isOverdue: true },
      { incident: atKuwaitCity(2, { severity: 5 }), isOverdue: false },
      { incident: atKuwaitCity(3, { severity: 3 }), isOverdue: true },
    ];
    const index = indexOf(incidents);

    const { points } = index.view({ bbox: KUWAIT_BOX, zoom: OPENING_ZOOM, keepAreaOf: null });

    expect(points.features).toHaveLength(1);
    expect(points.features[0]?.properties).toMatchObject({
      cluster: true,
      point_count: 3,
      maxSeverity: 5,
      overdue: 2,
    });
  });

  it('shows every incident on its own past the clustering zoom, the most severe last', () => {
    const index = indexOf([
      { incident: atKuwaitCity(1, { severity: 5 }), isOverdue: false },
      { incident: atKuwaitCity(2, { severity: 1 }), isOverdue: false },
    ]);

    const { points } = index.view({ bbox: KUWAIT_BOX, zoom: CLUSTER_MAX_ZOOM + 4, keepAreaOf: null });

    expect(points.features.map((feature): unknown => feature.properties?.['severity'])).toEqual([1, 5]);
  });

  it('gives only what lies in the view', () => {
    const inside = atKuwaitCity(1);
    const outside = makeIncident(2, { location: { type: 'Point', coordinates: [48.3, 28.6] } });
    const index = indexOf([
      { incident: inside, isOverdue: false },
      { incident: outside, isOverdue: false },
    ]);

    const { points } = index.view({ bbox: [47.9, 29.3, 48.1, 29.4], zoom: 11, keepAreaOf: null });

    expect(points.features.map((feature): unknown => feature.properties?.['id'])).toEqual([inside.id]);
  });

  it('draws an area once it is large enough on screen to be seen, and the selected one at any size', () => {
    // About 440 m across: a few pixels in the opening view, tens of pixels at zoom 12.
    const area = makeIncident(1, {
      location: { type: 'Polygon', coordinates: [square([47.98, 29.37], 0.004)] },
    });
    const index = indexOf([{ incident: area, isOverdue: false }]);
    const areasAt = (zoom: number, keepAreaOf: string | null = null): unknown[] =>
      index.view({ bbox: KUWAIT_BOX, zoom, keepAreaOf }).areas.features;

    expect(areasAt(OPENING_ZOOM)).toEqual([]);
    expect(areasAt(OPENING_ZOOM, area.id)).toEqual(toIncidentFeatures([area]).areas.features);
    expect(areasAt(12)).toEqual(toIncidentFeatures([area]).areas.features);
    // The rule's edge: 0.004° of latitude (taller in Web Mercator than as wide) is MIN_AREA_PX high at this zoom.
    const edgeZoom = Math.log2((MIN_AREA_PX * 360 * Math.cos((29.37 * Math.PI) / 180)) / (0.004 * 512));
    expect(areasAt(edgeZoom - 0.05)).toEqual([]);
    expect(areasAt(edgeZoom + 0.05)).toHaveLength(1);
  });

  it('takes changes: a new incident joins, a removed one leaves, a changed one is drawn as it is now', () => {
    const first = atKuwaitCity(1, { severity: 2 });
    const second = atKuwaitCity(2, { severity: 2 });
    const index = indexOf([
      { incident: first, isOverdue: false },
      { incident: second, isOverdue: false },
    ]);
    const third = atKuwaitCity(3, { severity: 2 });
    const changed = { ...second, severity: 5, version: 2 };

    index.update(
      packIncidents([
        { incident: third, isOverdue: true },
        { incident: changed, isOverdue: true },
      ]),
      [first.id],
    );

    expect(index.has(first.id)).toBe(false);
    expect(index.has(third.id)).toBe(true);
    expect(index.size).toBe(2);
    const { points } = index.view({ bbox: KUWAIT_BOX, zoom: OPENING_ZOOM, keepAreaOf: null });
    expect(points.features[0]?.properties).toMatchObject({ point_count: 2, maxSeverity: 5, overdue: 2 });
  });

  it('says the zoom at which a cluster falls apart', () => {
    const index = indexOf([
      { incident: atKuwaitCity(1), isOverdue: false },
      { incident: atKuwaitCity(20), isOverdue: false },
    ]);
    const cluster = index.view({ bbox: KUWAIT_BOX, zoom: OPENING_ZOOM, keepAreaOf: null }).points.features[0];
    const clusterId: unknown = cluster?.properties?.['cluster_id'];
    expect(typeof clusterId).toBe('number');

    const zoom = index.expansionZoom(Number(clusterId));
    expect(zoom).toBeGreaterThan(OPENING_ZOOM);
    const apart = index.view({ bbox: KUWAIT_BOX, zoom: zoom ?? 0, keepAreaOf: null }).points.features;
    expect(apart.every((feature) => feature.properties?.['cluster'] !== true)).toBe(true);
  });

  it('answers the page’s requests in the order they come: a view after an update shows the update', () => {
    const index = new IncidentClusterIndex();
    const incident = atKuwaitCity(1);
    expect(answerClusterRequest(index, { kind: 'reset', incidents: packIncidents([]) })).toBeNull();
    answerClusterRequest(index, {
      kind: 'update',
      upsert: packIncidents([{ incident, isOverdue: false }]),
      remove: [],
    });
    const answer = answerClusterRequest(index, {
      kind: 'view',
      seq: 7,
      view: { bbox: KUWAIT_BOX, zoom: OPENING_ZOOM, keepAreaOf: null },
    });
    expect(answer).toMatchObject({ kind: 'view', seq: 7 });
    expect(answer?.kind === 'view' && answer.features.points.features.length).toBe(1);
    expect(answerClusterRequest(index, { kind: 'has', seq: 8, id: incident.id })).toEqual({
      kind: 'has',
      seq: 8,
      isHeld: true,
    });
  });
});
