import { stringify } from 'yaml';
import {
  assertValidPipeline,
  parsePipelineDocument,
  validatePipelineConfig,
} from './validatePipeline';
import { PipelineValidationError } from './errors';
import { GENERIC_STAGE_TYPES } from './testing';

const pipeline = {
  application: 'demo',
  name: 'deploy',
  limitConcurrent: true,
  parameterConfig: [{ name: 'tag', required: true, default: 'latest' }],
  triggers: [{ type: 'cron', cronExpression: '0 3 * * 1-5', enabled: true }],
  stages: [
    { refId: '1', type: 'wait', name: 'Wait', waitTime: 30 },
    {
      refId: '2',
      type: 'webhook',
      name: 'Notify',
      requisiteStageRefIds: ['1'],
      url: 'https://hooks.example.com/${parameters.tag}',
      payload: { multi: 'line\ntext', nested: [1, true, null] },
    },
  ],
};

function syntaxMessage(text: string, contentType: string): string {
  try {
    parsePipelineDocument(text, contentType);
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineValidationError);
    const [issue] = (e as PipelineValidationError).issues;
    expect(issue.path).toBe('');
    return issue.message;
  }
  throw new Error('expected a syntax error');
}

describe('parsePipelineDocument', () => {
  it('round-trips a pipeline through YAML unchanged', () => {
    const yaml = stringify(pipeline);
    const parsed = parsePipelineDocument(
      yaml,
      'application/yaml; charset=utf-8',
    );
    expect(parsed).toEqual(pipeline);
    expect(validatePipelineConfig(parsed, GENERIC_STAGE_TYPES).issues).toEqual(
      [],
    );
  });

  it('reads JSON as JSON and plain text as YAML (which includes JSON)', () => {
    const json = JSON.stringify(pipeline);
    expect(parsePipelineDocument(json, 'application/json')).toEqual(pipeline);
    expect(parsePipelineDocument(json, 'text/plain')).toEqual(pipeline);
  });

  it('names the line and column of a YAML syntax error', () => {
    const text =
      'application: demo\nname: deploy\nstages:\n  - refId: a\n    type: wait: now\n';
    expect(syntaxMessage(text, 'application/yaml')).toBe(
      'YAML syntax error at line 5, column 11: Nested mappings are not allowed in compact mappings',
    );
  });

  it('rejects duplicate YAML keys with their line', () => {
    const text = 'application: demo\nname: a\nname: b\nstages: []\n';
    expect(syntaxMessage(text, 'text/yaml')).toMatch(
      /^YAML syntax error at line 3, column 1: .*unique/i,
    );
  });

  it('names the line and column of a JSON syntax error, whatever V8 says', () => {
    expect(
      syntaxMessage(
        '{\n  "application": "demo",\n  "name": "x",\n}',
        'application/json',
      ),
    ).toMatch(/^JSON syntax error at line 4, column 1: /);
    // V8 does not give a position for an unexpected token: found by bisection.
    expect(
      syntaxMessage(
        '{\n  "application": "demo",\n  "stages": [1, }\n}',
        'application/json',
      ),
    ).toMatch(/^JSON syntax error at line 3, column 17: Unexpected token/);
    expect(syntaxMessage('{"a": [', 'application/json')).toMatch(
      /^JSON syntax error at line 1, column 8: /,
    );
  });
});

describe('validatePipelineConfig', () => {
  it('reports malformed expressions with the path of the field', () => {
    const result = validatePipelineConfig(
      {
        ...pipeline,
        stages: [
          {
            refId: '1',
            type: 'webhook',
            url: 'https://x/${parameters.tag',
            method: 'GET',
          },
        ],
      },
      GENERIC_STAGE_TYPES,
    );
    expect(result.valid).toBe(false);
    expect(result.issues.map(i => i.path)).toEqual(['stages[0].url']);
  });

  it('checks a stageEnabled expression written without ${}', () => {
    const result = validatePipelineConfig(
      {
        ...pipeline,
        stages: [
          {
            refId: '1',
            type: 'wait',
            waitTime: 1,
            stageEnabled: {
              type: 'expression',
              expression: "parameters.tag == 'x",
            },
          },
        ],
      },
      GENERIC_STAGE_TYPES,
    );
    expect(result.issues.map(i => i.path)).toEqual([
      'stages[0].stageEnabled.expression',
    ]);
  });

  it('throws every issue at once from assertValidPipeline', () => {
    const error = (() => {
      try {
        return assertValidPipeline(
          { application: 'demo', stages: [{ refId: '1', type: 'bake' }] },
          GENERIC_STAGE_TYPES,
        );
      } catch (e) {
        return e as PipelineValidationError;
      }
    })() as PipelineValidationError;
    expect(error.issues).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'stages[0].type', message: 'unknown stage type "bake"' },
    ]);
  });
});
