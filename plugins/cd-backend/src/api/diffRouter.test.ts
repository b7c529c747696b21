import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PipelineDiff, StoredPipeline } from '@internal/plugin-cd-common';
import express from 'express';
import request from 'supertest';
import { ManifestDiffService } from '../diff';
import { ExpressionEvaluator } from '../expressions';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { useTestbed } from '../stages/kubernetes/__testUtils__/testbed';
import { CdAuthorizer } from './CdAuthorizer';
import { createDiffRouter } from './diffRouter';

jest.setTimeout(120_000);

const bed = useTestbed({ namespace: 'diffs' });
const JANE = mockCredentials.user.header('user:default/jane');

class SwitchablePermissions implements PermissionsService {
  deny = false;
  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(() => ({ result: this.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })) as any;
  }
  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }
}

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: '${#toInt(parameters.replicas)}',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'pause' }] } },
  },
};
const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { replicas: '${parameters.replicas}' } };

describe('POST /pipelines/:id/diff', () => {
  let app: express.Express;
  let permissions: SwitchablePermissions;
  let pipeline: StoredPipeline;

  beforeAll(async () => {
    permissions = new SwitchablePermissions();
    const authorizer = new CdAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions,
      applications: new StaticApplicationResolver({ shop: 'component:default/shop' }),
    });
    const diffs = new ManifestDiffService({ clients: bed.clients, expressions: new ExpressionEvaluator() });
    app = express()
      .use('/api/cd', createDiffRouter({ pipelines: bed.h.pipelines, authorizer, diffs }))
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
    pipeline = await bed.h.savePipeline({
      application: 'shop',
      parameterConfig: [{ name: 'replicas', default: '2' }],
      stages: [
        { refId: '1', name: 'Deploy', type: 'deployManifest', account: 'dev', namespaceOverride: 'diffs', manifests: [settings, web] },
        { refId: '2', name: 'From bake', type: 'deployManifest', account: 'dev', source: 'artifact', manifestArtifactId: 'x', requisiteStageRefIds: ['1'] },
        {
          refId: '3', name: 'Later', type: 'deployManifest', account: 'dev', requisiteStageRefIds: ['1'],
          manifests: [{ ...settings, metadata: { name: 'later' }, data: { image: "${#stage('Deploy')['outputs']['image']}" } }],
        },
      ],
    } as any);
  });

  const diff = (body: unknown = {}, id = pipeline.id) =>
    request(app).post(`/api/cd/pipelines/${id}/diff`).set('Authorization', JANE).send(body as object);

  const byName = (d: PipelineDiff) => Object.fromEntries(d.manifests.map(m => [`${m.kind} ${m.name}`, m]));

  it('shows creates before the first deploy, skipping stages that need a run', async () => {
    const res = await diff().expect(200);
    const body = res.body as PipelineDiff;
    expect(body.pipelineId).toBe(pipeline.id);
    const m = byName(body);
    expect(Object.keys(m)).toEqual(['ConfigMap settings-v000', 'Deployment web']);
    expect(m['Deployment web']).toMatchObject({ stageRefId: '1', stageName: 'Deploy', account: 'dev', namespace: 'diffs', action: 'create' });
    expect(m['Deployment web'].diff).toContain('+++ dry-run/Deployment/web');
    expect(m['Deployment web'].diff).toContain('+  replicas: 2');
    expect(m['Deployment web'].diff).not.toMatch(/managedFields|resourceVersion|uid:|creationTimestamp/);
    expect(body.skipped).toEqual([
      { stageRefId: '2', reason: 'its manifests come from an artifact produced when the pipeline runs' },
      { stageRefId: '3', reason: expect.stringContaining("needs values only a run has (earlier stages' outputs): #stage('Deploy')") },
    ]);
    // A dry run writes nothing.
    await expect(bed.kube('GET', '/apis/apps/v1/namespaces/diffs/deployments/web')).rejects.toThrow(/404/);
  });

  it('shows unchanged after the deploy, an update and the next version when a parameter changes, and a 422 as an error', async () => {
    const run = await bed.h.engine.start({ ...pipeline, config: { ...pipeline.config, stages: [pipeline.config.stages[0]] } }, { type: 'manual', user: 'user:default/jane', parameters: { replicas: '2' } });
    expect((await bed.h.waitFor(run.id, undefined, 45_000)).status).toBe('SUCCEEDED');

    const same = byName((await diff({ parameters: { replicas: '2' } }).expect(200)).body);
    expect(same['ConfigMap settings-v000']).toMatchObject({ action: 'unchanged', diff: '' });
    expect(same['Deployment web']).toMatchObject({ action: 'unchanged', diff: '' });

    const changed = byName((await diff({ parameters: { replicas: '3' } }).expect(200)).body);
    expect(changed['ConfigMap settings-v001'].action).toBe('create');
    expect(changed['Deployment web'].action).toBe('update');
    expect(changed['Deployment web'].diff).toContain('-  replicas: 2');
    expect(changed['Deployment web'].diff).toContain('+  replicas: 3');

    const invalid = byName((await diff({ parameters: { replicas: '-1' } }).expect(200)).body);
    expect(invalid['Deployment web'].action).toBe('error');
    expect(invalid['Deployment web'].error).toMatch(/^422 Invalid: .*spec\.replicas: Invalid value: -1/);
  });

  it('answers 400 for bad bodies or parameters, 404 for unknown pipelines and 403 without read permission', async () => {
    const bad = await diff({ parameters: ['x'] }).expect(400);
    expect(bad.body.issues).toEqual([{ path: 'parameters', message: 'must be an object of parameter values' }]);
    const required = await bed.h.savePipeline({
      application: 'shop',
      parameterConfig: [{ name: 'tag', required: true }],
      stages: [{ refId: '1', type: 'deployManifest', account: 'dev', manifests: [settings] }],
    } as any);
    expect((await diff({}, required.id).expect(400)).body.issues).toEqual([{ path: 'parameters.tag', message: 'is required' }]);
    await diff({}, 'no-such-pipeline').expect(404);
    permissions.deny = true;
    try {
      await diff().expect(403);
    } finally {
      permissions.deny = false;
    }
  });
});
