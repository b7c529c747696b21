import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import express from 'express';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { KubernetesInventory } from '../inventory';
import { deployment, kube, waitFor } from '../inventory/testing';
import { loadKubernetesAccounts } from '../kubernetes';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { CdAuthorizer } from './CdAuthorizer';
import { createClustersRouter } from './clustersRouter';

jest.setTimeout(90_000);

/** Allows everything unless `deny` is set; records what was asked. */
class RecordingPermissions implements PermissionsService {
  deny = false;
  readonly asked: Array<{ permission: string; resourceRef?: string }> = [];
  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      this.asked.push({ permission: r.permission.name, resourceRef: (r as { resourceRef?: string }).resourceRef });
      return { result: this.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }
  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
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
