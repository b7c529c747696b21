import type { ClusterSummary } from '@internal/plugin-cd-common';
import { buildServerGroup } from '../Clusters/testInventory';
import {
  availableActions,
  defaultRollbackTarget,
  rollbackTargets,
} from './serverGroupActions';

const cluster = (
  ...serverGroups: ClusterSummary['serverGroups']
): ClusterSummary => ({
  account: 'prod',
  name: 'replicaSet web',
  application: 'shop',
  serverGroups,
  serverGroupManagers: [],
});

describe('server group actions', () => {
  it('rolls a versioned server group back by re-enabling an older version, newest first', () => {
    const v1 = buildServerGroup({
      name: 'web-v001',
      sequence: 1,
      images: ['shop:1'],
    });
    const v2 = buildServerGroup({
      name: 'web-v002',
      sequence: 2,
      images: ['shop:2'],
    });
    const v3 = buildServerGroup({
      name: 'web-v003',
      sequence: 3,
      images: ['shop:3'],
    });
    const targets = rollbackTargets(v3, cluster(v1, v3, v2));
    expect(targets.map(t => t.label)).toEqual([
      'web-v002 · shop:2',
      'web-v001 · shop:1',
    ]);
    expect(targets[0].request).toEqual({
      action: 'rollback',
      restoreServerGroup: 'web-v002',
    });
    expect(defaultRollbackTarget(v3, targets)).toBe(targets[0]);
  });

  it("rolls a Deployment's ReplicaSet back to the revision before it", () => {
    const manager = (revision: number) => ({
      kind: 'Deployment' as const,
      name: 'web',
      revision: 3,
      current: revision === 3,
    });
    const r1 = buildServerGroup({
      name: 'web-a',
      revision: 1,
      manager: manager(1),
    });
    const r2 = buildServerGroup({
      name: 'web-b',
      revision: 2,
      manager: manager(2),
    });
    const r3 = buildServerGroup({
      name: 'web-c',
      revision: 3,
      manager: manager(3),
    });
    const other = buildServerGroup({
      name: 'api-a',
      revision: 1,
      manager: { ...manager(1), name: 'api' },
    });
    const targets = rollbackTargets(r3, cluster(r1, r2, r3, other));
    expect(targets.map(t => t.request.revision)).toEqual([2, 1]);
    expect(defaultRollbackTarget(r3, targets)?.request.revision).toBe(2);
    // Rolling the oldest forward is still offered, defaulting to the newest.
    expect(
      defaultRollbackTarget(r1, rollbackTargets(r1, cluster(r1, r2, r3)))
        ?.request.revision,
    ).toBe(3);
  });

  it('offers what fits the kind and the traffic state', () => {
    const enabled = buildServerGroup({ name: 'web-v001' });
    expect(availableActions(enabled, cluster(enabled))).toEqual([
      'scale',
      'disable',
      'delete',
    ]);
    const disabled = buildServerGroup({
      name: 'web-v002',
      traffic: { enabled: false, loadBalancers: [], declared: ['service web'] },
    });
    expect(availableActions(disabled, cluster(enabled, disabled))).toEqual([
      'scale',
      'enable',
      'rollback',
      'delete',
    ]);
    const daemons = buildServerGroup({ name: 'agent', kind: 'DaemonSet' });
    expect(availableActions(daemons, undefined)).toEqual(['disable', 'delete']);
    const job = buildServerGroup({ name: 'migrate', kind: 'Job' });
    expect(availableActions(job, undefined)).toEqual(['delete']);
  });
});
