import fixture from './__fixtures__/spinnaker-deploy-pipeline.json';
import { importSpinnakerPipelines } from './spinnakerImport';
import { GENERIC_STAGE_TYPES, stageTypesOf } from './testing';

const options = { application: 'demo-app', stageTypes: GENERIC_STAGE_TYPES };

describe('importSpinnakerPipelines', () => {
  it('imports a Front50 export: keeps the pipeline, drops bookkeeping and unsupported features', () => {
    const { pipelines, issues, warnings } = importSpinnakerPipelines(
      fixture,
      options,
    );
    expect(issues).toEqual([]);
    expect(pipelines).toHaveLength(1);
    const [pipeline] = pipelines;

    for (const field of [
      'index',
      'updateTs',
      'lastModifiedBy',
      'schema',
      'spelEvaluator',
      'appConfig',
      'locked',
      'expectedArtifacts',
    ]) {
      expect(pipeline).not.toHaveProperty(field);
    }
    expect(pipeline).toMatchObject({
      id: '6b3a2f1e-4d5c-4b7a-9e8f-0a1b2c3d4e5f',
      application: 'demo-app',
      name: 'Deploy to production',
      limitConcurrent: true,
      keepWaitingPipelines: false,
    });
    expect(
      pipeline.stages.map(s => [s.refId, s.type, s.requisiteStageRefIds]),
    ).toEqual([
      ['1', 'deployManifest', []],
      ['2', 'webhook', ['1']],
      ['3', 'wait', ['1']],
      ['4', 'manualJudgment', ['2', '3']],
    ]);
    // Stage fields the stage types read are kept as they are.
    expect(pipeline.stages[0].manifests).toEqual(fixture.stages[0].manifests);
    expect(pipeline.stages[3]).toMatchObject({
      judgmentInputs: [{ value: 'go' }, { value: 'no-go' }],
      stageEnabled: {
        type: 'expression',
        expression: "parameters.environment == 'production'",
      },
    });
    expect(pipeline.parameterConfig?.[2]).toEqual({
      default: '2',
      name: 'replicas',
      required: false,
    });
    expect(pipeline.triggers?.map(t => t.type)).toEqual([
      'webhook',
      'cron',
      'pipeline',
    ]);
    expect(pipeline.notifications?.map(n => n.type)).toEqual(['slack']);

    expect(warnings).toEqual([
      {
        path: 'locked',
        message: expect.stringContaining('pipeline locks are dropped'),
      },
      {
        path: 'application',
        message: 'imported into application "demo-app" (was "demoapp")',
      },
      {
        path: 'triggers[2]',
        message: expect.stringMatching(/^docker triggers are not supported/),
      },
      {
        path: 'notifications[1]',
        message: expect.stringMatching(
          /^email notifications are not supported/,
        ),
      },
    ]);
  });

  it('reports stage types it does not know as errors with their paths, for each pipeline of an array', () => {
    const bake = {
      ...fixture,
      name: 'Bake',
      id: undefined,
      stages: [{ refId: '1', type: 'bakeManifest', templateRenderer: 'HELM3' }],
    };
    const { issues } = importSpinnakerPipelines([fixture, bake], {
      ...options,
      stageTypes: stageTypesOf(['wait', 'manualJudgment', 'webhook']),
    });
    expect(issues).toEqual([
      {
        path: '[0].stages[0].type',
        message: 'unknown stage type "deployManifest"',
      },
      {
        path: '[1].stages[0].type',
        message: 'unknown stage type "bakeManifest"',
      },
    ]);
  });

  it('rejects templated pipelines, non-objects, empty arrays and duplicate names', () => {
    expect(
      importSpinnakerPipelines(
        { ...fixture, schema: 'v2', template: {} },
        options,
      ).issues,
    ).toEqual([
      {
        path: 'schema',
        message: expect.stringContaining('managed pipeline templates'),
      },
    ]);
    expect(importSpinnakerPipelines([fixture, 'x'], options).issues).toEqual([
      { path: '[1]', message: 'a pipeline must be a JSON object' },
    ]);
    expect(importSpinnakerPipelines([], options).issues).toEqual([
      { path: '', message: 'no pipelines to import' },
    ]);
    expect(
      importSpinnakerPipelines([fixture, fixture], options).issues,
    ).toEqual([
      {
        path: '[1].name',
        message: 'duplicate pipeline name "Deploy to production" (also [0])',
      },
    ]);
  });
});
