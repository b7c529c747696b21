import type { StageTypeLookup, ValidationIssue } from '../pipeline';
import { validatePipeline } from './validatePipeline';

const stageTypes: StageTypeLookup = {
  has: type =>
    ['wait', 'manualJudgment', 'webhook', 'deployManifest'].includes(type),
  validate: (type, stage, path) =>
    type === 'wait' && typeof stage.waitTime !== 'number'
      ? [{ path: `${path}.waitTime`, message: 'is required' }]
      : [],
};

const pipeline = (overrides: Record<string, unknown> = {}) => ({
  application: 'demo',
  name: 'deploy',
  stages: [
    { refId: '1', type: 'wait', name: 'Wait', waitTime: 5 },
    {
      refId: '2',
      type: 'manualJudgment',
      name: 'Approve',
      requisiteStageRefIds: ['1'],
    },
  ],
  ...overrides,
});

const paths = (issues: ValidationIssue[]) => issues.map(i => i.path);

describe('validatePipeline', () => {
  it('accepts a valid pipeline and keeps unknown fields', () => {
    const result = validatePipeline(pipeline({ spinnakerOnly: { x: 1 } }), {
      stageTypes,
    });
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.pipeline?.spinnakerOnly).toEqual({ x: 1 });
    expect(result.pipeline?.stages[0].waitTime).toBe(5);
  });

  it('rejects a document that is not an object', () => {
    expect(validatePipeline([1, 2]).issues).toEqual([
      { path: '', message: 'a pipeline must be a JSON object' },
    ]);
  });

  it('names missing required fields and wrong types by path', () => {
    const result = validatePipeline(
      {
        name: '',
        stages: [{ refId: '1' }, { type: 'wait', refId: 2, waitTime: 1 }],
        limitConcurrent: 'yes',
      },
      { stageTypes },
    );
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'application', message: 'is required' },
        { path: 'name', message: 'must not be empty' },
        { path: 'stages[0].type', message: 'is required' },
        { path: 'stages[1].refId', message: 'must be a string, not a number' },
        { path: 'limitConcurrent', message: 'must be a boolean, not a string' },
      ]),
    );
  });

  it('reports duplicate refIds', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          { refId: '1', type: 'wait', waitTime: 1 },
          { refId: '1', type: 'wait', waitTime: 1 },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      {
        path: 'stages[1].refId',
        message: 'duplicate refId "1" (also used by stages[0])',
      },
    ]);
  });

  it('reports dangling requisiteStageRefIds', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          { refId: '1', type: 'wait', waitTime: 1 },
          {
            refId: '2',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['1', '9'],
          },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      {
        path: 'stages[1].requisiteStageRefIds[1]',
        message: 'no stage has refId "9"',
      },
    ]);
  });

  it('reports a cycle naming its stages, and a stage depending on itself', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          {
            refId: 'a',
            name: 'Bake',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['c'],
          },
          {
            refId: 'b',
            name: 'Deploy',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['a'],
          },
          {
            refId: 'c',
            name: 'Verify',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['b'],
          },
          {
            refId: 'd',
            name: 'Self',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['d'],
          },
          {
            refId: 'e',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['a'],
          },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      {
        path: 'stages[3].requisiteStageRefIds[0]',
        message: 'stage "Self" (d) depends on itself',
      },
      {
        path: 'stages[0].requisiteStageRefIds',
        message:
          'dependency cycle: "Bake" (a) → "Verify" (c) → "Deploy" (b) → "Bake" (a)',
      },
    ]);
  });

  it('finds each of two separate cycles', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          {
            refId: '1',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['2'],
          },
          {
            refId: '2',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['1'],
          },
          {
            refId: '3',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['4'],
          },
          {
            refId: '4',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['3', '1'],
          },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues.map(i => i.message).sort()).toEqual([
      'dependency cycle: 1 → 2 → 1',
      'dependency cycle: 3 → 4 → 3',
    ]);
  });

  it('accepts a diamond (parallel branches and a join)', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          { refId: '1', type: 'wait', waitTime: 1 },
          {
            refId: '2',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['1'],
          },
          {
            refId: '3',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['1'],
          },
          {
            refId: '4',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['2', '3'],
          },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([]);
  });

  it('handles a long chain without recursion limits', () => {
    const stages = Array.from({ length: 5000 }, (_, i) => ({
      refId: String(i),
      type: 'wait',
      waitTime: 0,
      requisiteStageRefIds: i === 0 ? ['4999'] : [String(i - 1)],
    }));
    const result = validatePipeline(pipeline({ stages }), { stageTypes });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0].message).toMatch(
      /^dependency cycle: 0 → 4999 → 4998/,
    );
  });

  it('reports unknown stage types and runs the type-specific checks', () => {
    const result = validatePipeline(
      pipeline({
        stages: [
          { refId: '1', type: 'wait' },
          { refId: '2', type: 'jenkins', requisiteStageRefIds: ['1'] },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      { path: 'stages[0].waitTime', message: 'is required' },
      { path: 'stages[1].type', message: 'unknown stage type "jenkins"' },
    ]);
  });

  it('checks parameterConfig: duplicate names, options and defaults', () => {
    const result = validatePipeline(
      pipeline({
        parameterConfig: [
          {
            name: 'env',
            hasOptions: true,
            options: [{ value: 'dev' }, { value: 'prod' }],
            default: 'qa',
          },
          { name: 'env' },
          { name: 'region', hasOptions: true, options: [] },
          {
            name: 'tier',
            hasOptions: true,
            options: [{ value: 'a' }, { value: 'a' }],
          },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      {
        path: 'parameterConfig[0].default',
        message: 'default "qa" is not one of the options ("dev", "prod")',
      },
      {
        path: 'parameterConfig[1].name',
        message: 'duplicate parameter name "env" (also parameterConfig[0])',
      },
      {
        path: 'parameterConfig[2].options',
        message: 'hasOptions is true but no options are given',
      },
      {
        path: 'parameterConfig[3].options[1].value',
        message: 'duplicate option "a"',
      },
    ]);
  });

  it('checks triggers by type', () => {
    const result = validatePipeline(
      pipeline({
        triggers: [
          { type: 'manual' },
          { type: 'cron', cronExpression: '0 0/30 * 1/1 * ? *' },
          { type: 'cron', cronExpression: '61 * * * *' },
          { type: 'cron' },
          {
            type: 'webhook',
            source: 'my hook',
            payloadConstraints: { ref: '([' },
          },
          {
            type: 'pipeline',
            application: 'other',
            status: ['successful', 'done'],
          },
          { type: 'jenkins', master: 'ci', job: 'build' },
        ],
      }),
      { stageTypes },
    );
    expect(result.issues).toEqual([
      {
        path: 'triggers[2].cronExpression',
        message: 'minute field "61": 61 is out of range 0-59',
      },
      {
        path: 'triggers[3].cronExpression',
        message: 'is required for a cron trigger',
      },
      {
        path: 'triggers[4].source',
        message:
          'may only contain letters, digits, ".", "_", "~" and "-" (it is a URL path segment)',
      },
      {
        path: 'triggers[4].payloadConstraints.ref',
        message: expect.stringMatching(/^is not a valid regular expression/),
      },
      {
        path: 'triggers[5].pipeline',
        message: 'is required for a pipeline trigger',
      },
      {
        path: 'triggers[5].status[1]',
        message: 'must be one of successful, failed, canceled',
      },
      {
        path: 'triggers[6].type',
        message:
          'trigger type "jenkins" is not supported (supported: manual, webhook, cron, pipeline)',
      },
    ]);
  });

  it('checks notification events at pipeline and stage level', () => {
    const result = validatePipeline(
      pipeline({
        notifications: [
          {
            type: 'slack',
            address: '#deploys',
            when: ['pipeline.complete', 'pipeline.done'],
          },
        ],
        stages: [
          {
            refId: '1',
            type: 'manualJudgment',
            notifications: [
              { type: 'backstage', when: ['manualJudgment', 'judged'] },
            ],
          },
        ],
      }),
      { stageTypes },
    );
    expect(paths(result.issues)).toEqual([
      'stages[0].notifications[0].when[1]',
      'notifications[0].when[1]',
    ]);
  });

  it('passes each stage to the expression checker with its path', () => {
    const calls: Array<[unknown, string]> = [];
    const result = validatePipeline(
      pipeline({
        stages: [
          {
            refId: '1',
            type: 'deployManifest',
            skipExpressionEvaluation: true,
            manifests: [{ data: '${raw}' }],
            account: '${parameters.account',
            stageEnabled: {
              type: 'expression',
              expression: "parameters.deploy == 'true'",
            },
          },
        ],
      }),
      {
        stageTypes,
        expressions: (value, path) => {
          calls.push([value, path]);
          return typeof value === 'object' &&
            value !== null &&
            'account' in value
            ? [{ path: `${path}.account`, message: 'unterminated expression' }]
            : [];
        },
      },
    );
    expect(result.issues).toEqual([
      { path: 'stages[0].account', message: 'unterminated expression' },
    ]);
    expect(calls[0][1]).toBe('stages[0]');
    expect(calls[0][0]).not.toHaveProperty('manifests'); // skipExpressionEvaluation keeps them raw
    expect(calls[1]).toEqual([
      "${parameters.deploy == 'true'}",
      'stages[0].stageEnabled.expression',
    ]);
  });
});
