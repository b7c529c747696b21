import { rulesBackToStable, trackDeployment, trackService } from './canaryManifests';

const service = {
  metadata: { name: 'web' },
  spec: { selector: { serving: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};
const template = {
  metadata: { labels: { app: 'web', serving: 'web', 'pod-template-hash': 'abc12' } },
  spec: { containers: [{ name: 'app', image: 'registry.example/web:1.0.0' }, { name: 'sidecar', image: 'envoy:1.30' }] },
};

describe('canary manifests', () => {
  it('copies the stable template; only the canary gets the new image; neither is selected by the stable Service or server group', () => {
    const input = { application: 'web', namespace: 'shop', service, template, stableSelector: { app: 'web', 'pod-template-hash': 'abc12' }, replicas: 2, image: 'registry.example/web:2.0.0' };
    const baseline = trackDeployment({ ...input, track: 'baseline' });
    const canary = trackDeployment({ ...input, track: 'canary' });
    expect(baseline.metadata.name).toBe('web-baseline');
    expect(baseline.spec.selector.matchLabels).toEqual({ app: 'web-baseline', serving: 'web-baseline' });
    expect(baseline.spec.template.metadata.labels).toEqual({ app: 'web-baseline', serving: 'web-baseline', 'canary.cd.backstage.io/track': 'baseline' });
    expect(baseline.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['registry.example/web:1.0.0', 'envoy:1.30']);
    expect(canary.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['registry.example/web:2.0.0', 'envoy:1.30']);
    expect(canary.metadata.annotations).toMatchObject({ 'moniker.spinnaker.io/application': 'web', 'moniker.spinnaker.io/cluster': 'deployment web-canary' });
    expect(template.spec.containers[0].image).toBe('registry.example/web:1.0.0');
    expect(trackService(service, 'shop', 'canary').spec).toEqual({
      selector: { serving: 'web-canary' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
  });

  it('sends every rule back to stable and drops the user-group rules', () => {
    const rules = [
      { matches: [{ headers: [{ name: 'X-Canary', value: 'always' }] }], backendRefs: [{ name: 'web-canary', port: 80, weight: 1 }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80, weight: 50 }, { name: 'web-canary', port: 80, weight: 50 }] },
    ];
    expect(rulesBackToStable(rules, 'web', ['web-baseline', 'web-canary'])).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 80, weight: 1 }] },
    ]);
  });
});
