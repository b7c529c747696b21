import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parse as parseYaml } from 'yaml';
import { PipelineTemplateError, renderPipelineTemplate } from './pipelineTemplate';

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PipelineTemplateError) return e.issues;
    throw e;
  }
  throw new Error('no error');
};

describe('renderPipelineTemplate', () => {
  it('substitutes whole values with their type and spliced values as text; leaves run-time expressions', () => {
    const rendered = renderPipelineTemplate(
      {
        variables: [
          { name: 'app', type: 'string' },
          { name: 'replicas', type: 'int', defaultValue: 2 },
          { name: 'groups', type: 'list' },
        ],
        pipeline: {
          name: 'Deploy ${ templateVariables.app }',
          stages: [
            {
              refId: '1',
              type: 'deployManifest',
              replicas: '${templateVariables.replicas}',
              roles: '${ templateVariables.groups }',
              image: '${ templateVariables.app }:${ parameters.version }',
              note: 'groups ${ templateVariables.groups }',
            },
          ],
        },
      },
      { app: 'shop', groups: ['group:default/sre'] },
    );
    expect(rendered).toEqual({
      name: 'Deploy shop',
      stages: [
        {
          refId: '1',
          type: 'deployManifest',
          replicas: 2,
          roles: ['group:default/sre'],
          image: 'shop:${ parameters.version }',
          note: 'groups ["group:default/sre"]',
        },
      ],
    });
  });

  it('names every problem: undeclared, missing and mistyped parameters, unknown references', () => {
    const template = {
      variables: [{ name: 'app', type: 'string' }, { name: 'n', type: 'int' }],
      pipeline: { name: '${ templateVariables.app }', stages: [] },
    };
    expect(issuesOf(() => renderPipelineTemplate(template, { app: 7, extra: 1 }))).toEqual([
      { path: 'parameters.app', message: 'must be of type string' },
      { path: 'parameters.extra', message: 'is not a variable of the template (app, n)' },
      { path: 'parameters.n', message: 'is required (the template gives it no defaultValue)' },
    ]);
    expect(issuesOf(() => renderPipelineTemplate({ name: 'x', stages: [{ a: 'v ${ templateVariables.nope }' }] }))).toEqual([
      { path: 'stages[0].a', message: 'unknown template variable nope' },
    ]);
    expect(issuesOf(() => renderPipelineTemplate({ variables: [{ name: 'x', type: 'date' }], pipeline: {} }))).toEqual([
      { path: 'variables[0].type', message: 'must be one of string, int, float, boolean, list, object' },
    ]);
    expect(issuesOf(() => renderPipelineTemplate([]))).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('renders the example software template: dev → canary in staging → judgment → prod', () => {
    const document = parseYaml(
      readFileSync(resolvePath(__dirname, '../../../../examples/template/content/.cd/pipeline-template.yaml'), 'utf8'),
    );
    const pipeline = renderPipelineTemplate(document, {
      application: 'shop',
      image: 'ghcr.io/acme/shop',
      canaryConfig: 'shop-canary',
    }) as { name: string; stages: Array<Record<string, any>> };
    expect(pipeline.name).toBe('Deploy shop');
    expect(pipeline.stages.map(s => [s.refId, s.type, s.requisiteStageRefIds ?? []])).toEqual([
      ['dev', 'deployManifest', []],
      ['canary', 'deployCanary', ['dev']],
      ['traffic', 'shiftTraffic', ['canary']],
      ['analysis', 'kayentaCanary', ['traffic']],
      ['cleanup', 'cleanupCanary', ['analysis']],
      ['staging', 'deployManifest', ['cleanup']],
      ['approve', 'manualJudgment', ['staging']],
      ['prod', 'deployManifest', ['approve']],
    ]);
    const text = JSON.stringify(pipeline);
    expect(text).not.toContain('templateVariables');
    expect(pipeline.stages[0].manifests.map((m: any) => `${m.kind} ${m.metadata.namespace ?? ''}`.trim())).toEqual([
      'Namespace', 'Deployment dev', 'Service dev',
    ]);
    expect(pipeline.stages[7].manifests[1].metadata).toEqual({
      name: 'shop', namespace: 'prod', labels: { 'backstage.io/kubernetes-id': 'shop' },
    });
    expect(pipeline.stages[3].canaryConfig.canaryConfigName).toBe('shop-canary');
    expect(pipeline.stages[2].backendRefs.map((b: any) => `${b.name}=${b.weight}`)).toEqual([
      'shop=80', 'shop-baseline=10', 'shop-canary=10',
    ]);
    expect(pipeline.stages[6].requiredJudgmentRoles).toEqual([]);
  });
});
