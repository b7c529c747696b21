import type { ServerGroupSummary } from '@internal/plugin-cd-common';
import { planServerGroupAction } from './planServerGroupAction';
import { parseServerGroupActionRequest } from './serverGroupActionRequest';

const sg = (name: string, extra: Partial<ServerGroupSummary> = {}): ServerGroupSummary => ({
  account: 'prod',
  namespace: 'shop',
  kind: 'ReplicaSet',
  name,
  uid: name,
  moniker: { app: 'shop', cluster: 'replicaSet web' },
  images: ['web:1'],
  replicas: { desired: 1, ready: 1, current: 1 },
  health: { up: 1, down: 0, starting: 0, unknown: 0 },
  traffic: { enabled: true, loadBalancers: [], declared: [] },
  instances: [],
  ...extra,
});

describe('planServerGroupAction', () => {
  const managed = (name: string, revision: number, current: boolean) =>
    sg(name, { revision, manager: { kind: 'Deployment', name: 'web', revision: 3, current } });

  it('rolls a Deployment back to the older ReplicaSet it was asked on, or to a given revision', () => {
    const older = planServerGroupAction(managed('web-a', 2, false), [], { action: 'rollback' });
    expect(older.stages).toEqual([expect.objectContaining({ type: 'undoRolloutManifest', manifestName: 'deployment web', revision: 2 })]);
    expect(older.stages[0].numRevisionsBack).toBeUndefined();
    const given = planServerGroupAction(managed('web-c', 3, true), [], { action: 'rollback', revision: 1 });
    expect(given.name).toBe('Roll back deployment web to revision 1');
    expect(() => planServerGroupAction(managed('web-c', 3, true), [], { action: 'rollback', revision: 3 })).toThrow(/already runs revision 3/);
    expect(() => planServerGroupAction(managed('web-c', 3, true), [], { action: 'rollback', restoreServerGroup: 'web-a' }))
      .toThrow(/restoreServerGroup: replicaSet web-c is managed by deployment web/);
  });

  it('refuses to scale an older revision of a Deployment, and to roll back what has no versions', () => {
    expect(() => planServerGroupAction(managed('web-a', 2, false), [], { action: 'scale', replicas: 2 })).toThrow(/older revision of deployment web/);
    expect(() => planServerGroupAction(sg('plain'), [], { action: 'rollback' })).toThrow(/rolled back only when a Deployment manages it or it is versioned/);
  });

  it('restores the newest older version of the same cluster by default, or the one named', () => {
    const v3 = sg('web-v003', { sequence: 3 });
    const cluster = [v3, sg('web-v001', { sequence: 1 }), sg('web-v002', { sequence: 2 }), sg('web-v004', { sequence: 4 })];
    expect(planServerGroupAction(v3, cluster, { action: 'rollback' }).stages.map(s => s.manifestName)).toEqual(['replicaSet web-v002', 'replicaSet web-v003']);
    const named = planServerGroupAction(v3, cluster, { action: 'rollback', restoreServerGroup: 'replicaSet web-v001' });
    expect(named.stages[1]).toMatchObject({ refId: '2', requisiteStageRefIds: ['1'], type: 'disableManifest', location: 'shop', account: 'prod' });
    expect(named.stages[0].manifestName).toBe('replicaSet web-v001');
  });
});

describe('parseServerGroupActionRequest', () => {
  it('accepts each action and names the bad field otherwise', () => {
    expect(parseServerGroupActionRequest({ action: 'scale', replicas: 0 })).toEqual({ action: 'scale', replicas: 0 });
    expect(parseServerGroupActionRequest({ action: 'rollback', revision: 2 })).toEqual({ action: 'rollback', revision: 2 });
    expect(() => parseServerGroupActionRequest({ action: 'scale', replicas: 1.5 })).toThrow(/replicas: Expected integer/);
    expect(() => parseServerGroupActionRequest({ action: 'rollback', revision: 0 })).toThrow(/revision: Number must be greater than 0/);
    expect(() => parseServerGroupActionRequest('scale')).toThrow(/\(body\)/);
  });
});
