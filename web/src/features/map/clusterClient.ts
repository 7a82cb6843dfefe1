import { answerClusterRequest, type ClusterAnswer, type ClusterRequest } from './clusterProtocol.js';
import {
  IncidentClusterIndex,
  transferablesOf,
  type ClusterView,
  type PackedIncidents,
  type ViewFeatures,
} from './incidentClusters.js';

/**
 * The page's side of the clustering worker (incidentClusters.worker.ts). Incidents go over as
 * typed arrays, handed over rather than copied; views come back as the features they show.
 * Without workers (unit tests in Node) the index runs here, answering on a later turn.
 */
export class ClusterClient {
  private readonly worker: Worker | null;
  private readonly local: IncidentClusterIndex | null;
  private seq = 0;
  private readonly waiting = new Map<number, (answer: ClusterAnswer) => void>();

  constructor() {
    if (typeof Worker === 'undefined') {
      this.worker = null;
      this.local = new IncidentClusterIndex();
      return;
    }
    this.local = null;
    this.worker = new Worker(new URL('./incidentClusters.worker.ts', import.meta.url), {
      type: 'module',
      name: 'incident-clusters',
    });
    this.worker.addEventListener('message', (event: MessageEvent<ClusterAnswer>) => {
      this.settle(event.data);
    });
    this.worker.addEventListener('error', (event) => {
      console.error(`Mirsad: the map's clustering worker failed: ${event.message}`);
    });
  }

  /** Has the worker hold these incidents instead of any before. */
  reset(incidents: PackedIncidents): void {
    this.post({ kind: 'reset', incidents }, transferablesOf(incidents));
  }

  /** Has the worker add or replace `upsert` and drop `remove`. */
  update(upsert: PackedIncidents, remove: string[]): void {
    this.post({ kind: 'update', upsert, remove }, transferablesOf(upsert));
  }

  /** The features a view shows, after every reset and update sent before. */
  async view(view: ClusterView): Promise<ViewFeatures> {
    const answer = await this.ask((seq) => ({ kind: 'view', seq, view }));
    if (answer.kind !== 'view') throw new Error('Mirsad: the clustering worker answered out of turn');
    return answer.features;
  }

  /** The zoom at which a cluster falls apart; null once the clusters were made again without it. */
  async expansionZoom(clusterId: number): Promise<number | null> {
    const answer = await this.ask((seq) => ({ kind: 'expansionZoom', seq, clusterId }));
    return answer.kind === 'expansionZoom' ? answer.zoom : null;
  }

  /** Whether the worker holds an incident, after every reset and update sent before. */
  async has(id: string): Promise<boolean> {
    const answer = await this.ask((seq) => ({ kind: 'has', seq, id }));
    return answer.kind === 'has' && answer.isHeld;
  }

  destroy(): void {
    this.worker?.terminate();
    this.waiting.clear();
  }

  /** Sends a request numbered for its answer, made by `request` from its number. */
  private ask(request: (seq: number) => ClusterRequest): Promise<ClusterAnswer> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.post(request(seq), []);
    });
  }

  private post(request: ClusterRequest, transfer: Transferable[]): void {
    if (this.worker) {
      this.worker.postMessage(request, transfer);
      return;
    }
    const { local } = this;
    if (!local) return;
    const answer = answerClusterRequest(local, request);
    if (answer)
      queueMicrotask(() => {
        this.settle(answer);
      });
  }

  private settle(answer: ClusterAnswer): void {
    const resolve = this.waiting.get(answer.seq);
    this.waiting.delete(answer.seq);
    resolve?.(answer);
  }
}
