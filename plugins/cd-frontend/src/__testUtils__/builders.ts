import type {
  Execution,
  ExecutionSummary,
  StageExecution,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import type { Entity } from '@backstage/catalog-model';
import type { CdApi } from '../api';

/** A stage with the fields every stage has; tests override what they exercise. */
export function buildStage(
  partial: Partial<StageExecution> & { refId: string },
): StageExecution {
  return {
    id: `stage-${partial.refId}`,
    type: 'wait',
    name: `Stage ${partial.refId}`,
    status: 'NOT_STARTED',
    requisiteStageRefIds: [],
    context: {},
    outputs: {},
    tasks: [],
    ...partial,
  };
}

export function buildExecution(partial: Partial<Execution> = {}): Execution {
  return {
    id: 'exec-1',
    type: 'PIPELINE',
    application: 'shop',
    pipelineConfigId: 'pipe-1',
    name: 'Deploy to prod',
    status: 'RUNNING',
    trigger: { type: 'manual', user: 'user:default/alice', parameters: {} },
    stages: [],
    pipelineConfig: { application: 'shop', name: 'Deploy to prod', stages: [] },
    buildTime: 1_700_000_000_000,
    startTime: 1_700_000_000_000,
    ...partial,
  };
}

export function summaryOf(execution: Execution): ExecutionSummary {
  const { stages, pipelineConfig, ...rest } = execution;
  const stageCounts: ExecutionSummary['stageCounts'] = {};
  for (const s of stages)
    stageCounts[s.status] = (stageCounts[s.status] ?? 0) + 1;
  return { ...rest, stageCounts };
}

export function buildPipeline(
  partial: Partial<StoredPipeline> = {},
): StoredPipeline {
  return {
    id: 'pipe-1',
    application: 'shop',
    name: 'Deploy to prod',
    version: 1,
    config: { application: 'shop', name: 'Deploy to prod', stages: [] },
    updatedBy: 'user:default/alice',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...partial,
  };
}

export const shopEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: { 'cd.backstage.io/application': 'shop' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/**
 * A CdApi test double: the given methods, every other one rejects naming
 * itself, so a test fails loudly when a view calls something unexpected.
 */
export function fakeCdApi(methods: Partial<CdApi>): CdApi {
  return new Proxy(methods as CdApi, {
    get(target, name: string) {
      if (name in target) return target[name as keyof CdApi];
      return () => Promise.reject(new Error(`unexpected CdApi.${name} call`));
    },
  });
}
