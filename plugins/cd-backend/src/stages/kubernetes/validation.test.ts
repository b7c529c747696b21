import { KubernetesClientFactory } from '../../kubernetes';
import { kubernetesStages } from '.';

const stages = Object.fromEntries(kubernetesStages({ clients: new KubernetesClientFactory([]) }).map(s => [s.type, s]));
const validate = (type: string, stage: Record<string, unknown>) => stages[type].validate!({ refId: '1', type, ...stage } as any, 'stages[0]');

describe('manifest stage validation (field paths)', () => {
  it('registers every manifest stage', () => {
    expect(Object.keys(stages).sort()).toEqual([
      'bakeManifest', 'deleteManifest', 'deployManifest', 'disableManifest', 'enableManifest',
      'findArtifactsFromResource', 'patchManifest', 'runJobManifest', 'scaleManifest', 'undoRolloutManifest',
    ]);
  });

  it('checks deployManifest sources, YAML text and traffic management', () => {
    expect(validate('deployManifest', { account: 'dev', source: 'artifact' })).toEqual([
      { path: 'stages[0].manifestArtifactId', message: 'is required with source: artifact (or give manifestArtifact)' },
    ]);
    expect(validate('deployManifest', { account: 'dev', source: 'git' })).toEqual([{ path: 'stages[0].source', message: 'must be text or artifact' }]);
    expect(validate('deployManifest', { account: 'dev', manifests: 'kind: ConfigMap\nmetadata: { name: a }\n' })).toEqual([
      { path: 'stages[0].manifests[0].apiVersion', message: 'is required' },
    ]);
    expect(validate('deployManifest', { account: 'dev', manifests: 'a: [' })[0]).toMatchObject({ path: 'stages[0].manifests', message: expect.stringMatching(/^YAML document 1/) });
    expect(validate('deployManifest', {
      account: 'dev',
      manifests: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'a' } }],
      trafficManagement: { enabled: true, options: { enableTraffic: false, services: ['svc a'], strategy: 'redblack' } },
    })).toEqual([
      { path: 'stages[0].trafficManagement.options.services[0]', message: 'must be "service <name>"' },
      { path: 'stages[0].trafficManagement.options.enableTraffic', message: 'must be true with the redblack strategy (the new version takes the traffic)' },
    ]);
    expect(validate('deployManifest', {
      account: 'dev',
      manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }],
      trafficManagement: { enabled: true, options: { strategy: 'canary' } },
    })).toEqual([
      { path: 'stages[0].trafficManagement.options.services', message: 'must list at least one load balancer ("service my-svc")' },
      { path: 'stages[0].trafficManagement.options.strategy', message: 'must be one of redblack, bluegreen, highlander, none' },
    ]);
  });

  it('checks targets of the server group stages', () => {
    for (const type of ['disableManifest', 'enableManifest', 'findArtifactsFromResource', 'deleteManifest']) {
      expect(validate(type, {})).toEqual([
        { path: 'stages[0].account', message: 'is required' },
        { path: 'stages[0].manifestName', message: 'is required' },
      ]);
      expect(validate(type, { account: 'dev', cluster: 'replicaSet a' })).toEqual([
        { path: 'stages[0].criteria', message: 'is required with cluster (one of newest, second_newest, oldest, largest, smallest)' },
      ]);
      expect(validate(type, { account: 'dev', cluster: 'replicaSet a', criteria: 'newest' })).toEqual([]);
    }
    expect(validate('runJobManifest', { account: 'dev' })).toEqual([{ path: 'stages[0].manifest', message: 'is required (a Job manifest)' }]);
    expect(validate('runJobManifest', { account: 'dev', manifest: { kind: 'Job' } })).toEqual([
      { path: 'stages[0].manifest.apiVersion', message: 'is required' },
      { path: 'stages[0].manifest.metadata.name', message: 'is required' },
    ]);
  });
});
