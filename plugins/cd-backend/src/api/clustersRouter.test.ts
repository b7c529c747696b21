import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import express from 'express';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { DatabaseAuditLog } from '../audit';
import { createHarness, Harness } from '../engine/testing/harness';
import { KubernetesInventory } from '../inventory';
import { deployment, kube, mergePatch, waitFor } from '../inventory/testing';
import { KubernetesClientFactory, loadKubernetesAccounts } from '../kubernetes';
import { kubernetesStages } from '../stages/kubernetes';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { CdAuthorizer } from './CdAuthorizer';
import { createClustersRouter } from './clustersRouter';

jest.setTimeout(90_000);

/** Allows everything unless `deny` (or `denyAccounts`, for cd.account.deploy) is set; records what was asked. */
class RecordingPermissions implements PermissionsService {
  deny = false;
  denyAccounts = false;
  readonly asked: Array<{ permission: string; resourceRef?: string }> = [];
  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      this.asked.push({ permission: r.permission.name, resourceRef: (r as { resourceRef?: string }).resourceRef });
      return { result: this.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }
  async authorizeConditional(requests: Parameters<PermissionsService['authorizeConditional']>[0]) {
    return requests.map(r => {
      this.asked.push({ permission: r.permission.name });
      return { result: this.denyAccounts ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }
}

const JANE = mockCredentials.user.header('user:default/jane');

describe('clusters router', () => {
  let cluster: LocalCluster;
  let inventory: KubernetesInventory;
  let permissions: RecordingPermissions;
  let app: express.Express;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-clusters-router-'));
    cluster = await startLocalCluster({
      dataDir,
      imageCommands: { talker: { command: process.execPath, args: ['-e', 'console.log("hello from the pod"); setInterval(() => {}, 1000)'] } },
    });
    const { accounts } = await loadKubernetesAccounts(new ConfigReader({
      cd: { accounts: [{ name: 'dev', environment: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }] },
    }));
    inventory = new KubernetesInventory({ accounts });
    inventory.start();
    await inventory.waitForSync();
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments',
      deployment('talk', { replicas: 1, image: 'talker', labels: { 'backstage.io/kubernetes-id': 'talk' } }));

    permissions = new RecordingPermissions();
    const applications = new StaticApplicationResolver({ talk: 'component:default/talk-service' });
    const router = createClustersRouter({
      inventory,
      applications,
      authorizer: new CdAuthorizer({ httpAuth: mockServices.httpAuth(), permissions, applications }),
    });
    app = express()
      .use('/api/cd', router)
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  });

  afterAll(async () => {
    await inventory?.stop();
    await cluster?.stop();
  });

  beforeEach(() => {
    permissions.deny = false;
  });

  const get = (url: string) => request(app).get(`/api/cd${url}`).set('Authorization', JANE);

  it('lists accounts without credentials', async () => {
    const res = await get('/accounts').expect(200);
    expect(res.body).toEqual({ items: [{ name: 'dev', environment: 'dev', status: 'ok' }] });
  });

  it('serves an application view by application and by entity ref, after a permission check', async () => {
    const byApp = await waitFor(async () => {
      const res = await get('/applications/talk/clusters').expect(200);
      return res.body.accounts[0].clusters[0]?.serverGroups[0]?.health.up === 1 ? res.body : undefined;
    }, 'talk running');
    expect(byApp.accounts[0]).toMatchObject({
      name: 'dev',
      status: 'ok',
      clusters: [{ name: 'deployment talk', serverGroups: [{ kind: 'ReplicaSet', images: ['talker'], version: 'v001' }] }],
    });
    expect(permissions.asked).toContainEqual({ permission: 'cd.pipeline.read', resourceRef: 'component:default/talk-service' });

    // Unchanged views are answered 304 to a browser that has them.
    const first = await get('/applications/talk/clusters').expect(200);
    expect(first.headers.etag).toBeTruthy();
    await get('/applications/talk/clusters').set('If-None-Match', first.headers.etag).expect(304);

    const byEntity = await get('/entities/component/default/talk-service/clusters').expect(200);
    expect(byEntity.body.accounts[0].clusters[0].name).toBe('deployment talk');
    const none = await get('/entities/component/default/unknown/clusters').expect(404);
    expect(none.body.error.message).toContain('component:default/unknown has no CD application');

    permissions.deny = true;
    await get('/applications/talk/clusters').expect(403);
    await get('/entities/component/default/talk-service/clusters').expect(403);
  });

  it('serves server group details and live instance logs of the application only', async () => {
    const view = (await get('/applications/talk/clusters').expect(200)).body;
    const sg = view.accounts[0].clusters[0].serverGroups[0];
    const details = await get(`/applications/talk/serverGroups/dev/default/ReplicaSet/${sg.name}`).expect(200);
    expect(details.body).toMatchObject({ name: sg.name, manifest: { kind: 'ReplicaSet' }, instances: [{ health: 'up' }] });
    expect(Array.isArray(details.body.events)).toBe(true);
    await get(`/applications/other/serverGroups/dev/default/ReplicaSet/${sg.name}`).expect(404);
    await get(`/applications/talk/serverGroups/dev/default/Secret/${sg.name}`).expect(400);
    await get(`/applications/talk/serverGroups/nope/default/ReplicaSet/${sg.name}`).expect(404);

    const pod = sg.instances[0].name;
    const logs = await waitFor(async () => {
      const res = await get(`/applications/talk/instances/dev/default/${pod}/logs?tailLines=5`);
      return res.status === 200 && res.text.includes('hello from the pod') ? res : undefined;
    }, 'pod logs');
    expect(logs.headers['content-type']).toContain('text/plain');
    await get(`/applications/talk/instances/dev/default/${pod}/logs?tailLines=zero`).expect(400);
    await get(`/applications/other/instances/dev/default/${pod}/logs`).expect(404);
    permissions.deny = true;
    await get(`/applications/talk/instances/dev/default/${pod}/logs`).expect(403);
  });
});

describe('server group actions as tracked tasks', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let cluster: LocalCluster;
  let inventory: KubernetesInventory;
  let permissions: RecordingPermissions;
  let h: Harness;
  let audit: DatabaseAuditLog;
  let app: express.Express;

  const serverGroups = () =>
    inventory.applicationClusters('demo').accounts[0].clusters.flatMap(c => c.serverGroups);
  const serverGroup = (name: string) => serverGroups().find(s => s.name === name);

  /** A versioned ReplicaSet of application `demo` behind Service `demo` (Spinnaker's traffic annotation). */
  const versioned = (name: string, replicas: number, enabled: boolean) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      annotations: { 'moniker.spinnaker.io/application': 'demo', 'traffic.spinnaker.io/load-balancers': '["service demo"]' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { version: name } },
      template: {
        metadata: { labels: { version: name, ...(enabled ? { serving: 'demo' } : {}) } },
        spec: { containers: [{ name: 'main', image: 'pause' }] },
      },
    },
  });

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-server-group-actions-')) });
    const { accounts } = await loadKubernetesAccounts(new ConfigReader({
      cd: { accounts: [{ name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }] },
    }));
    inventory = new KubernetesInventory({ accounts });
    inventory.start();
    await inventory.waitForSync();
    h = await createHarness(await databases.init('SQLITE_3'), { stages: kubernetesStages({ clients: new KubernetesClientFactory(accounts) }) });
    audit = new DatabaseAuditLog({ knex: h.knex });
    permissions = new RecordingPermissions();
    const applications = new StaticApplicationResolver({ demo: 'component:default/demo-service' });
    app = express()
      .use('/api/cd', createClustersRouter({
        inventory,
        applications,
        authorizer: new CdAuthorizer({ httpAuth: mockServices.httpAuth(), permissions, applications }),
        engine: h.engine,
        audit,
      }))
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());

    await kube(cluster, 'POST', '/api/v1/namespaces/default/services', {
      metadata: { name: 'demo', annotations: { 'moniker.spinnaker.io/application': 'demo' } },
      spec: { selector: { serving: 'demo' }, ports: [{ port: 80 }] },
    });
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/replicasets', versioned('demo-app-v001', 1, false));
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/replicasets', versioned('demo-app-v002', 2, true));
    await waitFor(() => serverGroup('demo-app-v002')?.health.up === 2 && serverGroup('demo-app-v001')?.health.up === 1, 'demo versions up');
  });

  afterAll(async () => {
    await h?.stop();
    await inventory?.stop();
    await cluster?.stop();
  });

  beforeEach(() => {
    permissions.deny = false;
    permissions.denyAccounts = false;
  });

  const act = (target: string, body: unknown) =>
    request(app).post(`/api/cd/applications/demo/serverGroups/dev/default/${target}/actions`).set('Authorization', JANE).send(body as object);
  const executions = async () => (await h.knex('cd_executions').count({ n: '*' }))[0].n;

  async function runAction(target: string, body: object) {
    const res = await act(target, body).expect(202);
    expect(res.headers.location).toBe(`/api/cd/executions/${res.body.executionId}`);
    const done = await h.waitFor(res.body.executionId, undefined, 60_000);
    return { response: res.body, execution: done };
  }

  it('scales a server group through an ORCHESTRATION running scaleManifest, and audits it', async () => {
    const { response, execution } = await runAction('ReplicaSet/demo-app-v002', { action: 'scale', replicas: 3, reason: 'load test' });
    expect(response.stageType).toBe('scaleManifest');
    expect(execution).toMatchObject({
      type: 'ORCHESTRATION',
      application: 'demo',
      pipelineConfigId: 'task:demo',
      name: 'Scale replicaSet demo-app-v002 to 3',
      status: 'SUCCEEDED',
      trigger: {
        type: 'serverGroupAction',
        user: 'user:default/jane',
        action: 'scale',
        reason: 'load test',
        serverGroup: { account: 'dev', namespace: 'default', kind: 'ReplicaSet', name: 'demo-app-v002' },
      },
    });
    expect(execution.stages.map(s => s.type)).toEqual(['scaleManifest']);
    expect(execution.stages[0].context).toMatchObject({
      account: 'dev', location: 'default', manifestName: 'replicaSet demo-app-v002', replicas: 3,
    });
    expect((await kube(cluster, 'GET', '/apis/apps/v1/namespaces/default/replicasets/demo-app-v002')).spec.replicas).toBe(3);
    await waitFor(() => serverGroup('demo-app-v002')?.health.up === 3, 'three instances in the inventory');
    expect(permissions.asked).toContainEqual({ permission: 'cd.serverGroup.manage', resourceRef: 'component:default/demo-service' });

    const { items } = await audit.list({ applications: ['demo'], actions: ['serverGroup.scale'] });
    expect(items).toEqual([expect.objectContaining({
      actor: 'user:default/jane',
      action: 'serverGroup.scale',
      application: 'demo',
      entityRef: 'component:default/demo-service',
      target: 'replicaSet demo-app-v002 in dev/default',
      details: { request: { action: 'scale', replicas: 3, reason: 'load test' }, executionId: execution.id },
    })]);
  });

  it('refuses bad bodies with a 400 naming the field, denied callers with a 403 and unknown server groups with a 404, starting nothing', async () => {
    const before = await executions();
    const typed = await act('ReplicaSet/demo-app-v002', { action: 'scale', replicas: '3' }).expect(400);
    expect(typed.body.issues).toEqual([{ path: 'replicas', message: 'Expected number, received string' }]);
    expect(typed.body.error.message).toContain('replicas: Expected number');
    const unknown = await act('ReplicaSet/demo-app-v002', { action: 'explode' }).expect(400);
    expect(unknown.body.issues[0].path).toBe('action');
    const extra = await act('ReplicaSet/demo-app-v002', { action: 'delete', replicas: 1 }).expect(400);
    expect(extra.body.issues[0].message).toContain("Unrecognized key(s) in object: 'replicas'");
    const negative = await act('ReplicaSet/demo-app-v002', { action: 'scale', replicas: -1 }).expect(400);
    expect(negative.body.issues[0].path).toBe('replicas');
    const notVersioned = await act('ReplicaSet/demo-app-v002', { action: 'rollback', restoreServerGroup: 'demo-app-v009' }).expect(400);
    expect(notVersioned.body.error.message).toContain('restoreServerGroup: no replicaSet demo-app-v009 in cluster replicaSet demo-app of dev/default');

    const missing = await act('ReplicaSet/demo-app-v404', { action: 'delete' }).expect(404);
    expect(missing.body.error.message).toContain('no ReplicaSet default/demo-app-v404 of application demo');
    await request(app).post('/api/cd/applications/other/serverGroups/dev/default/ReplicaSet/demo-app-v002/actions')
      .set('Authorization', JANE).send({ action: 'delete' }).expect(404);
    await act('Secret/demo-app-v002', { action: 'delete' }).expect(400);

    permissions.deny = true;
    const denied = await act('ReplicaSet/demo-app-v002', { action: 'delete' }).expect(403);
    expect(denied.body.error.message).toContain('cd.serverGroup.manage denied on component:default/demo-service');
    permissions.deny = false;
    permissions.denyAccounts = true;
    const account = await act('ReplicaSet/demo-app-v002', { action: 'delete' }).expect(403);
    expect(account.body.error.message).toContain('cd.account.deploy denied on account dev');
    expect(await executions()).toBe(before);
    expect((await audit.list({ applications: ['demo'], actions: ['serverGroup.delete'] })).items).toEqual([]);
  });

  it('scales a Deployment\'s ReplicaSet through its Deployment', async () => {
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments',
      deployment('shop', { replicas: 1, annotations: { 'moniker.spinnaker.io/application': 'demo' } }));
    const rs = await waitFor(() => serverGroups().find(s => s.manager?.name === 'shop' && s.health.up === 1), 'shop running');
    const { execution } = await runAction(`ReplicaSet/${rs.name}`, { action: 'scale', replicas: 2 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.name).toBe(`Scale deployment shop (replicaSet ${rs.name}) to 2`);
    expect(execution.stages[0].context.manifestName).toBe('deployment shop');
    expect((await kube(cluster, 'GET', '/apis/apps/v1/namespaces/default/deployments/shop')).spec.replicas).toBe(2);
    await waitFor(() => serverGroup(rs.name)?.health.up === 2, 'two shop instances');
  });

  it('deletes a server group through deleteManifest', async () => {
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/replicasets', versioned('demo-app-v000', 1, false));
    await waitFor(() => serverGroup('demo-app-v000'), 'demo-app-v000 in the inventory');
    const { response, execution } = await runAction('replicaset/demo-app-v000', { action: 'delete', reason: 'old' });
    expect(response.stageType).toBe('deleteManifest');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'Delete replicaSet demo-app-v000' });
    await expect(kube(cluster, 'GET', '/apis/apps/v1/namespaces/default/replicasets/demo-app-v000')).rejects.toThrow(/404/);
    await waitFor(() => !serverGroup('demo-app-v000'), 'demo-app-v000 gone from the inventory');
    expect((await audit.list({ applications: ['demo'], actions: ['serverGroup.delete'] })).items[0]).toMatchObject({
      target: 'replicaSet demo-app-v000 in dev/default',
      details: { request: { action: 'delete', reason: 'old' }, executionId: execution.id },
    });
  });

  it('disables and enables a server group behind its Service', async () => {
    const disabled = await runAction('ReplicaSet/demo-app-v002', { action: 'disable' });
    expect(disabled.response.stageType).toBe('disableManifest');
    expect(disabled.execution).toMatchObject({ status: 'SUCCEEDED', name: 'Disable replicaSet demo-app-v002' });
    await waitFor(() => serverGroup('demo-app-v002')?.traffic.enabled === false, 'v002 out of service demo');
    expect(serverGroup('demo-app-v002')!.health.up).toBe(3);

    const enabled = await runAction('ReplicaSet/demo-app-v002', { action: 'enable' });
    expect(enabled.execution).toMatchObject({ status: 'SUCCEEDED', name: 'Enable replicaSet demo-app-v002' });
    await waitFor(() => serverGroup('demo-app-v002')?.traffic.enabled === true, 'v002 back in service demo');
  });

  it('rolls a versioned server group back: enables the previous version, then disables this one', async () => {
    expect(serverGroup('demo-app-v001')!.traffic.enabled).toBe(false);
    const { response, execution } = await runAction('ReplicaSet/demo-app-v002', { action: 'rollback' });
    expect(response.stageType).toBe('enableManifest');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'Roll back replicaSet demo-app-v002 to demo-app-v001' });
    expect(execution.stages.map(s => [s.type, s.context.manifestName, s.status])).toEqual([
      ['enableManifest', 'replicaSet demo-app-v001', 'SUCCEEDED'],
      ['disableManifest', 'replicaSet demo-app-v002', 'SUCCEEDED'],
    ]);
    await waitFor(() => serverGroup('demo-app-v001')?.traffic.enabled && serverGroup('demo-app-v002')?.traffic.enabled === false,
      'v001 serving, v002 disabled');
    const conflict = await act('ReplicaSet/demo-app-v001', { action: 'rollback' }).expect(409);
    expect(conflict.body.error.message).toContain('no earlier version');
  });

  it('rolls a Deployment back to its previous revision through undoRolloutManifest', async () => {
    const first = await waitFor(() => serverGroups().find(s => s.manager?.name === 'shop' && s.revision === 1), 'shop revision 1');
    await mergePatch(cluster, '/apis/apps/v1/namespaces/default/deployments/shop', {
      spec: { template: { spec: { containers: [{ name: 'main', image: 'pause:2' }] } } },
    });
    const second = await waitFor(() => serverGroups().find(s => s.manager?.name === 'shop' && s.revision === 2 && s.manager.current && s.health.up === 2), 'shop revision 2');
    const { response, execution } = await runAction(`ReplicaSet/${second.name}`, { action: 'rollback' });
    expect(response.stageType).toBe('undoRolloutManifest');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'Roll back deployment shop to its previous revision' });
    expect(execution.stages[0].context).toMatchObject({ manifestName: 'deployment shop', numRevisionsBack: 1 });
    await waitFor(() => {
      const restored = serverGroup(first.name);
      return restored?.manager?.current && restored.images[0] === 'pause' && restored.health.up === 2;
    }, 'revision 1 current again');
  });
});
