import type { FastifyInstance } from 'fastify';
import {
  PROTOCOL_VERSION,
  SECTORS,
  type ClientConfig,
  type Facility,
  type Health,
  type Sector,
} from '@mirsad/shared';
import type { EventStore } from '../store/event.store.js';

/** What the reference routes serve, loaded once at start. */
export interface ReferenceData {
  governoratesGeoJson: unknown;
  facilities: readonly Facility[];
  config: ClientConfig;
  version: string;
}

/** This node's place among the nodes of one room, from memory (health is every socket's ping target). */
export type NodeState = () => Omit<Health['node'], 'lagEvents'>;

/** Health, client config, sectors and the gazetteer: data that changes only with a deploy. */
export function referenceRoutes(
  app: FastifyInstance,
  store: EventStore,
  data: ReferenceData,
  nodeState: NodeState,
): void {
  const startedAt = Date.now();

  app.get('/api/health', { config: { access: 'public' } }, async (): Promise<Health> => {
    // The tail before the head, so a commit in between shows as lag rather than as a negative one.
    const node = nodeState();
    const headSeq = await store.headSeq();
    return {
      status: 'ok',
      version: data.version,
      protocolVersion: PROTOCOL_VERSION,
      store: store.kind,
      headSeq,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      node: { ...node, lagEvents: Math.max(0, headSeq - node.tailSeq) },
    };
  });

  app.get('/api/config', { config: { access: 'signed-in' } }, (): ClientConfig => data.config);

  app.get('/api/sectors', { config: { access: 'signed-in' } }, (): { sectors: readonly Sector[] } => ({
    sectors: SECTORS,
  }));

  app.get('/api/geo/governorates', { config: { access: 'signed-in' } }, (_request, reply) => {
    void reply.header('cache-control', 'public, max-age=3600').send(data.governoratesGeoJson);
  });

  app.get(
    '/api/facilities',
    { config: { access: 'signed-in' } },
    (): { facilities: readonly Facility[] } => ({ facilities: data.facilities }),
  );
}
