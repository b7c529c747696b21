import { TestDatabases } from '@backstage/backend-test-utils';
import { createHarness, Harness, sleep } from '../engine/testing/harness';
import { startTestServer, TestServer } from '../engine/testing/httpServer';
import { TEST_DATABASE_IDS } from '../engine/testing/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: TEST_DATABASE_IDS });

describe.each(databases.eachSupportedId())('webhook stage (against a real HTTP server) on %p', databaseId => {
  let h: Harness;
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
    h = await createHarness(await databases.init(databaseId));
  });

  afterEach(async () => {
    await h.stop();
    await server.close();
    // The "no zombie" invariant holds at rest after every test.
    const zombies = await h.zombies();
    if (zombies.length > 0) throw new Error(`zombie executions: ${JSON.stringify(zombies)}`);
  });

  it('retries on 503, then succeeds, sending the same Idempotency-Key each time', async () => {
    server.on('/deploy', { status: 503 }, { status: 503 }, { status: 200, body: { ok: true } });
    const e = await h.run({
      stages: [
        {
          refId: '1',
          type: 'webhook',
          name: 'hook',
          url: `${server.url}/deploy`,
          method: 'POST',
          customHeaders: { 'X-Team': 'payments' },
          payload: { version: '${ parameters.version }' },
        },
      ],
    }, { version: '1.2.3' });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    const calls = server.requestsTo('/deploy');
    expect(calls).toHaveLength(3);
    const stageId = done.stages[0].id;
    expect(new Set(calls.map(c => c.headers['idempotency-key']))).toEqual(new Set([`${stageId}:1:0`]));
    expect(calls[2].headers['x-team']).toBe('payments');
    expect(JSON.parse(calls[2].body)).toEqual({ version: '1.2.3' });
    expect(server.effects.size).toBe(1);
    expect(done.stages[0].context.webhook).toMatchObject({ statusCode: 200, body: { ok: true } });
  });

  it('fails fast on a configured status code without retrying', async () => {
    server.on('/deploy', { status: 400, body: { error: 'bad' } });
    const e = await h.run({
      stages: [{ refId: '1', type: 'webhook', name: 'hook', url: `${server.url}/deploy`, failFastStatusCodes: [400] }],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toMatch(/failed fast with status 400/);
    await sleep(300);
    expect(server.requestsTo('/deploy')).toHaveLength(1);
  });

  it('monitors a status URL from the Location header until a success status', async () => {
    server.on('/start', { status: 202, headers: { location: '/status/42' } });
    server.on(
      '/status/42',
      { status: 200, body: { state: 'RUNNING', msg: 'step 1' } },
      { status: 200, body: { state: 'RUNNING', msg: 'step 2' } },
      { status: 200, body: { state: 'DONE', msg: 'finished' } },
    );
    const e = await h.run({
      stages: [
        {
          refId: '1',
          type: 'webhook',
          name: 'hook',
          url: `${server.url}/start`,
          waitForCompletion: true,
          statusUrlResolution: 'locationHeader',
          statusJsonPath: '$.state',
          progressJsonPath: '$.msg',
          successStatuses: 'DONE',
          terminalStatuses: 'FAILED',
        },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(server.requestsTo('/status/42')).toHaveLength(3);
    expect(done.stages[0].context.webhook).toMatchObject({
      monitor: { statusEndpoint: `${server.url}/status/42`, status: 'DONE', progressMessage: 'finished' },
    });
  });

  it('reads the status URL from the response and fails on a terminal status', async () => {
    server.on('/start', { status: 200, body: { links: { status: `${server.url}/s/1` } } });
    server.on('/s/1', { status: 200, body: { state: 'FAILED' } });
    const e = await h.run({
      stages: [
        {
          refId: '1',
          type: 'webhook',
          name: 'hook',
          url: `${server.url}/start`,
          waitForCompletion: true,
          statusUrlResolution: 'webhookResponse',
          statusUrlJsonPath: '$.links.status',
          statusJsonPath: '$.state',
          successStatuses: 'DONE',
          terminalStatuses: 'FAILED',
        },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toBe('Webhook reported FAILED');
  });

  it('refuses hosts outside the allow-list (SSRF guard) with a clear message', async () => {
    const e = await h.run({
      stages: [{ refId: '1', type: 'webhook', name: 'hook', url: 'http://169.254.169.254/latest/meta-data' }],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toBe(
      'host 169.254.169.254 is not in the webhook allow-list (cd.webhooks.allowedHosts); ask an administrator to allow it',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('calls the cancel endpoint when the execution is canceled', async () => {
    server.on('/start', { status: 202, headers: { location: '/status/9' } });
    server.on('/status/9', { status: 200, body: { state: 'RUNNING' } });
    server.on('/cancel/9', { status: 200 });
    const e = await h.run({
      stages: [
        {
          refId: '1',
          type: 'webhook',
          name: 'hook',
          url: `${server.url}/start`,
          waitForCompletion: true,
          statusUrlResolution: 'locationHeader',
          statusJsonPath: '$.state',
          successStatuses: 'DONE',
          cancelEndpoint: `${server.url}/cancel/9`,
          cancelMethod: 'POST',
          cancelPayload: { reason: 'canceled' },
        },
      ],
    });
    await h.waitFor(e.id, () => server.requestsTo('/status/9').length > 0);
    await h.engine.cancel(e.id, 'user:default/ops', 'stop it');
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('CANCELED');
    const cancels = server.requestsTo('/cancel/9');
    expect(cancels).toHaveLength(1);
    expect(JSON.parse(cancels[0].body)).toEqual({ reason: 'canceled' });
  });
});
