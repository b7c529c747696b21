import { annotate, isVersioned, nextVersion } from './manifests';
import { stability } from './stability';

const rs = (name: string, annotations: Record<string, string>) => ({ kind: 'ReplicaSet', metadata: { name, annotations } });

describe('manifest versioning', () => {
  const manifest = annotate({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'demo' } }, { application: 'shop', namespace: 'shop' });
  const cluster = { 'moniker.spinnaker.io/application': 'shop', 'moniker.spinnaker.io/cluster': 'replicaSet demo' };

  it('takes one past the highest version of the same cluster, ignoring other clusters', () => {
    const existing = [
      rs('demo-v000', { ...cluster, 'moniker.spinnaker.io/sequence': '0' }),
      rs('demo-v004', cluster),
      rs('other-v009', { ...cluster, 'moniker.spinnaker.io/cluster': 'replicaSet other' }),
    ];
    const next = nextVersion(manifest, existing, 'stage:1:0');
    expect(next.metadata?.name).toBe('demo-v005');
    expect(next.metadata?.annotations?.['moniker.spinnaker.io/sequence']).toBe('5');
  });

  it('reuses the version a repeated run of the same task created', () => {
    const existing = [rs('demo-v003', { ...cluster, 'cd.backstage.io/deploy-key': 'stage:1:0' }), rs('demo-v002', cluster)];
    expect(nextVersion(manifest, existing, 'stage:1:0').metadata?.name).toBe('demo-v003');
    expect(nextVersion(manifest, existing, 'stage:2:0').metadata?.name).toBe('demo-v004');
  });

  it('versions ReplicaSets, ConfigMaps, Secrets and Pods unless the strategy annotation says otherwise', () => {
    expect(isVersioned({ kind: 'ConfigMap' })).toBe(true);
    expect(isVersioned({ kind: 'Deployment' })).toBe(false);
    expect(isVersioned({ kind: 'Secret', metadata: { annotations: { 'strategy.spinnaker.io/versioned': 'false' } } })).toBe(false);
    expect(isVersioned({ kind: 'Service', metadata: { annotations: { 'strategy.spinnaker.io/versioned': 'true' } } })).toBe(true);
  });
});

describe('rollout stability', () => {
  it('says why a ReplicaSet or Deployment is not stable yet', () => {
    const base = { metadata: { generation: 2 } };
    expect(stability({ ...base, kind: 'ReplicaSet', spec: { replicas: 3 }, status: { observedGeneration: 2, readyReplicas: 1 } }))
      .toEqual({ stable: false, reason: '1/3 ready' });
    expect(stability({ ...base, kind: 'ReplicaSet', spec: { replicas: 3 }, status: { observedGeneration: 1, readyReplicas: 3 } }).stable)
      .toBe(false);
    expect(stability({ ...base, kind: 'Deployment', spec: { replicas: 2 }, status: { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 } }))
      .toEqual({ stable: false, reason: '1 old replicas pending termination' });
    expect(stability({ ...base, kind: 'Deployment', spec: { replicas: 2 }, status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 } }))
      .toEqual({ stable: false, reason: '1/2 available' });
    expect(stability({ ...base, kind: 'Deployment', spec: { replicas: 2 }, status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } }))
      .toEqual({ stable: true });
    expect(stability({ kind: 'Service' })).toEqual({ stable: true });
  });
});
