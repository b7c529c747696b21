import { applyStrategicMergePatch } from './strategicMerge';
import { applyMergePatch } from './mergePatch';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'app:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'side:1', args: ['--a', '--b'] },
        ],
        volumes: [{ name: 'v1', emptyDir: {} }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('patches one container by name and keeps the other', () => {
    const out: any = applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } }, true);
    expect(out.spec.template.spec.containers).toHaveLength(2);
    expect(out.spec.template.spec.containers[0]).toMatchObject({ name: 'app', image: 'app:2', ports: [{ containerPort: 80 }] });
    expect(out.spec.template.spec.containers[1]).toEqual(deployment.spec.template.spec.containers[1]);
  });

  it('merges env by name, ports by containerPort, replaces atomic lists, deletes with null', () => {
    const out: any = applyStrategicMergePatch(deployment, {
      metadata: { labels: { b: null, c: '3' } },
      spec: { template: { spec: {
        containers: [
          { name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 8080 }] },
          { name: 'sidecar', args: ['--c'] },
        ],
        tolerations: [{ key: 'other', operator: 'Exists' }],
      } } },
    }, true);
    const [app, side] = out.spec.template.spec.containers;
    expect(out.metadata.labels).toEqual({ a: '1', c: '3' });
    expect(app.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    expect(app.ports.map((p: any) => p.containerPort)).toEqual([80, 8080]);
    expect(side.args).toEqual(['--c']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'other', operator: 'Exists' }]);
  });

  it('honours $patch delete / replace, $setElementOrder and $deleteFromPrimitiveList', () => {
    const out: any = applyStrategicMergePatch(deployment, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: { template: { spec: {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
        containers: [{ name: 'app', $patch: 'delete' }],
        volumes: [{ name: 'v2', emptyDir: {} }, { $patch: 'replace' }],
      } } },
    }, true);
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar']);
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'v2', emptyDir: {} }]);
    const reordered: any = applyStrategicMergePatch(deployment, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } } } }, true);
    expect(reordered.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'app']);
  });

  it('treats lists of custom resources as atomic', () => {
    const out: any = applyStrategicMergePatch({ spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, { spec: { containers: [{ name: 'a', x: 1 }] } }, false);
    expect(out.spec.containers).toEqual([{ name: 'a', x: 1 }]);
  });
});

describe('JSON merge patch', () => {
  it('follows RFC 7386', () => {
    expect(applyMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(applyMergePatch({ a: 1 }, 'x')).toBe('x');
  });
});
