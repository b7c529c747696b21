/**
 * @jest-environment node
 */
// A real HTTP server in a node-environment test: the client is exercised over the wire, not against a mocked fetch.
// eslint-disable-next-line no-restricted-imports
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
// eslint-disable-next-line no-restricted-imports
import { AddressInfo } from 'net';
import { CdClient } from './CdClient';
import { errorMessage, isConflict, issuesOf } from './errors';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server standing in for the backend: records each request, answers with `reply`. */
describe('CdClient', () => {
  let server: Server;
  let seen: Seen[];
  let reply: (res: ServerResponse, req: Seen) => void;
  let client: CdClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        const request = {
          method: req.method,
          url: req.url,
          headers: req.headers,
          body,
        };
        seen.push(request);
        reply(res, request);
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new CdClient({
      discoveryApi: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    seen = [];
    reply = res => {
      res.setHeader('content-type', 'application/json');
      res.end('{"items":[]}');
    };
  });

  const sendJson = (res: ServerResponse, status: number, value: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(value));
  };

  it('lists executions with comma-joined statuses and a cursor', async () => {
    await client.listExecutions({
      application: 'shop',
      statuses: ['RUNNING', 'PAUSED'],
      limit: 10,
      cursor: 'abc',
    });
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe(
      '/api/cd/executions?application=shop&status=RUNNING%2CPAUSED&limit=10&cursor=abc',
    );
  });

  it('sends YAML as YAML with If-Match for an update', async () => {
    reply = (res, req) =>
      sendJson(res, 200, { id: 'p1', version: 3, body: req.body });
    await client.updatePipeline(
      'p1',
      { format: 'yaml', text: 'name: deploy\n' },
      { expectedVersion: 2, comment: 'tidy' },
    );
    expect(seen[0].method).toBe('PUT');
    expect(seen[0].url).toBe('/api/cd/pipelines/p1?comment=tidy');
    expect(seen[0].headers['content-type']).toBe('application/yaml');
    expect(seen[0].headers['if-match']).toBe('"2"');
    expect(seen[0].body).toBe('name: deploy\n');
  });

  it('posts judgments, restarts and cancellations to their routes', async () => {
    reply = res => sendJson(res, 200, { id: 'e1' });
    await client.submitJudgment('e1', 's 1', {
      judgmentStatus: 'continue',
      input: 'ship',
    });
    await client.restartStage('e1', 's2', 'flaky');
    await client.cancelExecution('e1');
    expect(seen.map(s => [s.method, s.url, s.body])).toEqual([
      [
        'POST',
        '/api/cd/executions/e1/stages/s%201/judgment',
        '{"judgmentStatus":"continue","input":"ship"}',
      ],
      ['POST', '/api/cd/executions/e1/stages/s2/restart', '{"reason":"flaky"}'],
      ['POST', '/api/cd/executions/e1/cancel', '{}'],
    ]);
  });

  it('returns exports as text', async () => {
    reply = res => {
      res.setHeader('content-type', 'application/yaml');
      res.end('name: deploy\nstages: []\n');
    };
    await expect(client.exportPipeline('p1', 'yaml')).resolves.toBe(
      'name: deploy\nstages: []\n',
    );
    expect(seen[0].url).toBe('/api/cd/pipelines/p1/export?format=yaml');
  });

  it("surfaces the backend's validation issues of a 400", async () => {
    reply = res =>
      sendJson(res, 400, {
        error: {
          name: 'InputError',
          message: 'invalid pipeline: stages[0].type: unknown',
        },
        response: { statusCode: 400 },
        issues: [{ path: 'stages[0].type', message: 'unknown stage type' }],
      });
    const error = await client
      .createPipeline('shop', { format: 'json', text: '{}' })
      .catch(e => e);
    expect(issuesOf(error)).toEqual([
      { path: 'stages[0].type', message: 'unknown stage type' },
    ]);
    expect(errorMessage(error)).toBe(
      'invalid pipeline: stages[0].type: unknown (400)',
    );
  });

  it('recognises a version conflict', async () => {
    reply = res =>
      sendJson(res, 409, {
        error: {
          name: 'ConflictError',
          message: 'pipeline p1 was changed concurrently',
        },
        response: { statusCode: 409 },
      });
    const error = await client.getPipeline('p1').catch(e => e);
    expect(isConflict(error)).toBe(true);
    expect(issuesOf(error)).toEqual([]);
  });

  it('reads clusters, a server group and instance logs from their routes', async () => {
    reply = (res, req) => {
      if (req.url?.includes('/logs')) {
        res.setHeader('content-type', 'text/plain');
        res.end('line 1\nline 2\n');
      } else if (req.url === '/api/cd/accounts') {
        sendJson(res, 200, { items: [{ name: 'prod', status: 'ok' }] });
      } else {
        sendJson(res, 200, { application: 'shop', accounts: [] });
      }
    };
    await expect(client.listAccounts()).resolves.toEqual([
      { name: 'prod', status: 'ok' },
    ]);
    await expect(client.getApplicationClusters('shop')).resolves.toEqual({
      application: 'shop',
      accounts: [],
    });
    await client.getServerGroup(
      'shop',
      'prod',
      'default',
      'ReplicaSet',
      'web-v001',
    );
    await expect(
      client.getInstanceLogs('shop', 'prod', 'default', 'web-v001-abc', {
        container: 'web',
        tailLines: 200,
      }),
    ).resolves.toBe('line 1\nline 2\n');
    await client.getInstanceLogs('shop', 'prod', 'default', 'web-v001-abc');
    expect(seen.map(s => s.url)).toEqual([
      '/api/cd/accounts',
      '/api/cd/applications/shop/clusters',
      '/api/cd/applications/shop/serverGroups/prod/default/ReplicaSet/web-v001',
      '/api/cd/applications/shop/instances/prod/default/web-v001-abc/logs?container=web&tailLines=200',
      '/api/cd/applications/shop/instances/prod/default/web-v001-abc/logs',
    ]);
  });

  it('starts a server group action and asks for a pipeline diff on their routes', async () => {
    reply = (res, req) =>
      sendJson(
        res,
        req.url!.endsWith('/actions') ? 202 : 200,
        req.url!.endsWith('/actions')
          ? { executionId: 'task-1', stageType: 'scaleManifest' }
          : { pipelineId: 'p 1', manifests: [], skipped: [] },
      );
    const task = await client.runServerGroupAction(
      'shop',
      {
        account: 'prod',
        namespace: 'default',
        kind: 'ReplicaSet',
        name: 'web-v002',
      },
      { action: 'scale', replicas: 3, reason: 'load' },
    );
    expect(task).toEqual({ executionId: 'task-1', stageType: 'scaleManifest' });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe(
      '/api/cd/applications/shop/serverGroups/prod/default/ReplicaSet/web-v002/actions',
    );
    expect(JSON.parse(seen[0].body)).toEqual({
      action: 'scale',
      replicas: 3,
      reason: 'load',
    });

    const diff = await client.diffPipeline('p 1', { tag: '1.2.3' });
    expect(diff.pipelineId).toBe('p 1');
    expect(seen[1].url).toBe('/api/cd/pipelines/p%201/diff');
    expect(JSON.parse(seen[1].body)).toEqual({ parameters: { tag: '1.2.3' } });
  });
});
