import {
  newReplicaSetTarget,
  oldReplicaSetTargets,
  resolveIntOrPercent,
  surgeAndUnavailable,
} from './rollout';

const rs = (name: string, replicas: number, available: number) => ({
  name,
  replicas,
  available,
  actual: replicas,
});

describe('rolling update arithmetic', () => {
  it('rounds surge up and unavailable down, never both zero', () => {
    expect(
      surgeAndUnavailable(10, { maxSurge: '25%', maxUnavailable: '25%' }),
    ).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(surgeAndUnavailable(3, { maxSurge: 0, maxUnavailable: 0 })).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
    expect(surgeAndUnavailable(4, undefined)).toEqual({
      maxSurge: 1,
      maxUnavailable: 1,
    });
  });

  it('names the field of a bad value', () => {
    expect(() =>
      resolveIntOrPercent(
        'abc',
        4,
        true,
        'spec.strategy.rollingUpdate.maxSurge',
      ),
    ).toThrow(/spec\.strategy\.rollingUpdate\.maxSurge/);
  });

  it('scales the new ReplicaSet up to replicas + maxSurge in total', () => {
    const newRs = rs('new', 0, 0);
    expect(newReplicaSetTarget(4, 1, newRs, [newRs, rs('old', 4, 4)])).toBe(1);
    const grown = rs('new', 1, 0);
    expect(newReplicaSetTarget(4, 1, grown, [grown, rs('old', 4, 4)])).toBe(1);
    const more = rs('new', 1, 1);
    expect(newReplicaSetTarget(4, 1, more, [more, rs('old', 3, 3)])).toBe(2);
  });

  it('scales old ReplicaSets down while desired - maxUnavailable stay available', () => {
    // 4 desired, maxUnavailable 1: new has 1 not yet available → old may lose 1 (4+1 - 3 - 1)
    expect(
      oldReplicaSetTargets(4, 1, rs('new', 1, 0), [rs('old', 4, 4)]).get('old'),
    ).toBe(3);
    // new is available: old can drop to keep 3 available in total
    expect(
      oldReplicaSetTargets(4, 1, rs('new', 2, 2), [rs('old', 3, 3)]).get('old'),
    ).toBe(1);
    // unhealthy old replicas go first and cost nothing
    expect(
      oldReplicaSetTargets(4, 0, rs('new', 1, 1), [rs('old', 4, 2)]).get('old'),
    ).toBe(3);
  });
});
