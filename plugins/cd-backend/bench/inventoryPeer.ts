/*
 * The peer of the inventory benchmark: @backstage/plugin-kubernetes-backend,
 * the Kubernetes view users have today, started as a real backend plugin
 * (startTestBackend) with a catalog holding the benchmarked entity and the
 * same clusters configured through `kubernetes.clusterLocatorMethods`. The
 * benchmark runs it in its own process (inventoryPeerProcess.ts).
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { HttpRequest } from './inventoryHttp';

export const PEER_OBJECT_TYPES = [
  'pods', 'services', 'configmaps', 'deployments', 'replicasets', 'horizontalpodautoscalers',
  'jobs', 'cronjobs', 'ingresses', 'statefulsets', 'daemonsets',
];

export interface PeerCluster {
  name: string;
  url: string;
  token: string;
}

export interface PeerBackend {
  /** The POST to /api/kubernetes/services/:serviceId that the Kubernetes tab makes for the entity. */
  request: HttpRequest;
  stop(): Promise<void>;
}

export interface PeerResponse {
  items: Array<{
    cluster: { name: string };
    errors: Array<{ errorType: string; statusCode?: number; resourcePath?: string; message?: string }>;
    resources: Array<{ type: string; resources: unknown[] }>;
  }>;
}

export function peerEntity(application: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: application, namespace: 'default', annotations: { 'backstage.io/kubernetes-id': application } },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/bench' },
  };
}

export async function startPeerBackend(clusters: PeerCluster[], entity: Entity): Promise<PeerBackend> {
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            // The peer's default object types, less LimitRange and ResourceQuota, which the local
            // cluster does not serve (they would only add a 404 per cluster to every answer).
            objectTypes: PEER_OBJECT_TYPES,
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: clusters.map(c => ({
                  name: c.name,
                  url: c.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: c.token,
                  skipTLSVerify: true,
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
        },
      }),
    ],
  });
  return {
    request: {
      url: `http://127.0.0.1:${backend.server.port()}/api/kubernetes/services/${entity.metadata.name}`,
      method: 'POST',
      headers: { Authorization: mockCredentials.user.header('user:default/bench') },
      body: { entity },
    },
    stop: () => backend.stop(),
  };
}
