import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { cdPlugin } from './plugin';

const demoEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'demo-app',
    namespace: 'default',
    annotations: { 'cd.backstage.io/application': 'demo-app' },
  },
  spec: { type: 'service', owner: 'group:default/team', lifecycle: 'production' },
};

const pipeline = {
  application: 'demo-app',
  name: 'quick',
  parameterConfig: [{ name: 'version', required: true }],
  stages: [
    { refId: '1', type: 'wait', name: 'Settle', waitTime: 0 },
    {
      refId: '2',
      requisiteStageRefIds: ['1'],
      type: 'evaluateVariables',
      name: 'Vars',
      variables: [{ key: 'tag', value: 'v${parameters.version}' }],
    },
  ],
};

async function start(result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const { server } = await startTestBackend({
    features: [
      cdPlugin,
      catalogServiceMock.factory({ entities: [demoEntity] }),
      mockServices.permissions.factory(result ? { result } : undefined),
    ],
  });
  return server;
}

async function waitForStatus(server: any, id: string, done: (s: string) => boolean) {
  for (let i = 0; i < 100; i++) {
    const res = await request(server).get(`/api/cd/executions/${id}`);
    if (done(res.body.status)) return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`execution ${id} did not finish`);
}

describe('cd plugin', () => {
  it('answers its health route without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/cd/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('stores a pipeline, runs it with parameters, and evaluates expressions', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const created = await request(server)
      .post('/api/cd/applications/demo-app/pipelines')
      .send(pipeline);
    expect(created.status).toBe(201);
    const id = created.body.id;

    const missing = await request(server).post(`/api/cd/pipelines/${id}/executions`).send({});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('parameters.version');

    const started = await request(server)
      .post(`/api/cd/pipelines/${id}/executions`)
      .send({ parameters: { version: '1.2.3' } });
    expect(started.status).toBeLessThan(300);
    const execution = await waitForStatus(server, started.body.id, s => s === 'SUCCEEDED' || s === 'TERMINAL');
    expect(execution.status).toBe('SUCCEEDED');
    const vars = execution.stages.find((s: any) => s.refId === '2');
    expect(vars.outputs.tag).toBe('v1.2.3');
  });

  it('refuses writes when the permission policy denies, and stores nothing', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .post('/api/cd/applications/demo-app/pipelines')
      .send(pipeline);
    expect(res.status).toBe(403);
    const list = await request(server).get('/api/cd/applications/demo-app/pipelines');
    expect(list.status).toBe(403);
  });
});
