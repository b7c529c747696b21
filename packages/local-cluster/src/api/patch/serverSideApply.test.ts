import { StatusError } from '../../store/types';
import { fromFieldsV1, displayPath } from '../../store/managedFields';
import { serverSideApply } from './serverSideApply';

function config(replicas: number, image: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default', labels: { app: 'd' } },
    spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } }, ...extra },
  };
}

describe('server-side apply', () => {
  it('creates with an Apply entry listing the applied fields', () => {
    const { object, managedFields } = serverSideApply(undefined, config(1, 'a:1') as any, 'alice', false, true);
    expect(object.spec.replicas).toBe(1);
    expect(managedFields).toHaveLength(1);
    expect(managedFields[0]).toMatchObject({ manager: 'alice', operation: 'Apply', fieldsType: 'FieldsV1' });
    const paths = [...fromFieldsV1(managedFields[0].fieldsV1)].map(displayPath);
    expect(paths).toEqual(expect.arrayContaining(['.metadata.labels.app', '.spec.replicas', '.spec.template.spec.containers[name="app"]', '.spec.template.spec.containers[name="app"].image']));
  });

  it('conflicts on a field another manager set to another value, and transfers it with force', () => {
    const first = serverSideApply(undefined, config(1, 'a:1') as any, 'alice', false, true);
    const live = { ...first.object, metadata: { ...first.object.metadata, managedFields: first.managedFields } };
    // same values: shared ownership, no conflict
    const shared = serverSideApply(live as any, config(1, 'a:1') as any, 'bob', false, true);
    expect(shared.managedFields.map(m => m.manager)).toEqual(['alice', 'bob']);

    let error: StatusError | undefined;
    try {
      serverSideApply(live as any, config(3, 'a:1') as any, 'bob', false, true);
    } catch (e) {
      error = e as StatusError;
    }
    expect(error?.status).toMatchObject({ code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "alice" using apps/v1: .spec.replicas' });
    expect((error?.status.details as any).causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice" using apps/v1', field: '.spec.replicas' }]);

    const forced = serverSideApply(live as any, config(3, 'a:1') as any, 'bob', true, true);
    expect(forced.object.spec.replicas).toBe(3);
    const alice = forced.managedFields.find(m => m.manager === 'alice')!;
    expect([...fromFieldsV1(alice.fieldsV1)].map(displayPath)).not.toContain('.spec.replicas');
  });

  it('removes fields the manager stops applying, unless another manager owns them', () => {
    const first = serverSideApply(undefined, config(1, 'a:1', { minReadySeconds: 5, paused: false }) as any, 'alice', false, true);
    const live = { ...first.object, metadata: { ...first.object.metadata, managedFields: first.managedFields } };
    const second = serverSideApply(live as any, config(1, 'a:1') as any, 'alice', false, true);
    expect(second.object.spec.minReadySeconds).toBeUndefined();
    expect(second.object.spec.paused).toBeUndefined();
    expect(second.object.spec.template.spec.containers).toEqual([{ name: 'app', image: 'a:1' }]);
  });
});

describe('server-side apply after client-side apply', () => {
  it('takes over fields whose live value is still the last-applied one, and conflicts otherwise', () => {
    const applied = config(2, 'a:1');
    const live: any = {
      ...applied,
      metadata: {
        ...applied.metadata,
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) },
        managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } } }],
      },
    };
    expect(serverSideApply(live, config(2, 'a:2') as any, 'kubectl', false, true).object.spec.template.spec.containers[0].image).toBe('a:2');
    // someone changed the image after the last client-side apply: a real conflict
    const drifted = { ...live, spec: { ...live.spec, template: { spec: { containers: [{ name: 'app', image: 'a:9' }] } } } };
    expect(() => serverSideApply(drifted, config(2, 'a:2') as any, 'kubectl', false, true)).toThrow('Apply failed with 1 conflict');
  });
});
