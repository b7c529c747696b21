/**
 * A realistic execution for the expression tests, typed with cd-common's
 * `Execution` so that the tests also prove the types fit each other.
 */
import type { Execution, StageExecution } from '@internal/plugin-cd-common';
import type { ExpressionContext } from './types';

function stage(fields: Partial<StageExecution> & Pick<StageExecution, 'id' | 'refId' | 'name' | 'type'>): StageExecution {
  return {
    status: 'SUCCEEDED',
    requisiteStageRefIds: [],
    context: {},
    outputs: {},
    tasks: [],
    ...fields,
  };
}

export function sampleExecution(): Execution {
  return {
    id: 'exec-1',
    type: 'PIPELINE',
    application: 'shop',
    pipelineConfigId: 'pipe-1',
    name: 'Deploy to prod',
    status: 'RUNNING',
    buildTime: 1_700_000_000_000,
    trigger: {
      type: 'manual',
      user: 'user:default/alice',
      parameters: { version: '1.4.2', env: 'prod', count: 5, tag: 'V12-RC', branch: 'feature/ABC-12_x', dryRun: 'false' },
    },
    pipelineConfig: { application: 'shop', name: 'Deploy to prod', stages: [] },
    stages: [
      stage({
        id: 's1',
        refId: '1',
        name: 'Bake',
        type: 'bakeManifest',
        outputs: { artifacts: [{ name: 'shop', reference: 'ghcr.io/acme/shop:1.4.2' }] },
      }),
      stage({
        id: 's2',
        refId: '2',
        name: 'Deploy',
        type: 'deployManifest',
        requisiteStageRefIds: ['1'],
        context: {
          account: 'local',
          manifests: [
            {
              kind: 'Deployment',
              metadata: { name: 'shop-web' },
              spec: { replicas: 3, template: { metadata: { labels: { app: 'shop', tier: 'web' } } } },
            },
          ],
          'deploy.server.groups': { production: ['shop-web-v007'] },
          outputs: { replicas: 3 },
        },
        outputs: { manifestNamesByNamespace: { production: ['deployment shop-web'] } },
      }),
      stage({
        id: 's3',
        refId: '3',
        name: 'Approve',
        type: 'manualJudgment',
        requisiteStageRefIds: ['2'],
        context: { judgmentStatus: 'continue', judgmentInput: 'continue' },
      }),
      stage({
        id: 's4',
        refId: '4',
        name: 'Notify',
        type: 'wait',
        status: 'RUNNING',
        requisiteStageRefIds: ['3'],
        context: { waitTime: 30 },
      }),
    ],
  };
}

/** The context Orca would build for the stage `Notify` of the sample execution. */
export function sampleContext(): ExpressionContext {
  const execution = sampleExecution();
  return {
    execution,
    trigger: execution.trigger,
    parameters: execution.trigger.parameters,
    currentStage: execution.stages[3],
  };
}
