import type { ClusterView, IncidentClusterIndex, PackedIncidents, ViewFeatures } from './incidentClusters.js';

/** What the page asks of the clustering worker; the worker takes them in order. */
export type ClusterRequest =
  | { kind: 'reset'; incidents: PackedIncidents }
  | { kind: 'update'; upsert: PackedIncidents; remove: string[] }
  | { kind: 'view'; seq: number; view: ClusterView }
  | { kind: 'expansionZoom'; seq: number; clusterId: number }
  | { kind: 'has'; seq: number; id: string };

/** The worker's answer to a request that has a `seq`. */
export type ClusterAnswer =
  | { kind: 'view'; seq: number; features: ViewFeatures }
  | { kind: 'expansionZoom'; seq: number; zoom: number | null }
  | { kind: 'has'; seq: number; isHeld: boolean };

/** Carries out one request on the index; returns the answer of those that have one. */
export function answerClusterRequest(
  index: IncidentClusterIndex,
  request: ClusterRequest,
): ClusterAnswer | null {
  switch (request.kind) {
    case 'reset':
      index.reset(request.incidents);
      return null;
    case 'update':
      index.update(request.upsert, request.remove);
      return null;
    case 'view':
      return { kind: 'view', seq: request.seq, features: index.view(request.view) };
    case 'expansionZoom':
      return { kind: 'expansionZoom', seq: request.seq, zoom: index.expansionZoom(request.clusterId) };
    case 'has':
      return { kind: 'has', seq: request.seq, isHeld: index.has(request.id) };
  }
}
