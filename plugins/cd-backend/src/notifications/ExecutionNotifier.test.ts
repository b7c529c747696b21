import http from 'http';
import type { AddressInfo } from 'net';
import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ExecutionEvent } from '@internal/plugin-cd-common';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { ExecutionNotifier } from './ExecutionNotifier';

type Sent = Parameters<NotificationService['send']>[0];

function recordingNotifications() {
  const sent: Sent[] = [];
  const service: NotificationService = { send: async options => void sent.push(options) };
  return { sent, service };
}

const baseEvent: ExecutionEvent = {
  type: 'pipeline.failed',
  executionId: 'e-1',
  application: 'shop',
  pipelineConfigId: 'p-1',
  pipelineName: 'Deploy',
  status: 'TERMINAL',
  timestamp: 0,
};

describe('ExecutionNotifier', () => {
  let server: http.Server;
  let received: unknown[];
  let url: string;

  beforeAll(async () => {
    received = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise(r => server.close(r)));

  const notifier = (service: NotificationService, allowedHosts = ['127.0.0.1']) =>
    new ExecutionNotifier({
      notifications: service,
      applications: new StaticApplicationResolver({ shop: 'component:default/shop' }),
      logger: mockServices.logger.mock(),
      appBaseUrl: 'http://portal',
      allowedHosts,
    });

  it('sends configured Backstage and Slack notifications for the event, with a link to the execution', async () => {
    const { sent, service } = recordingNotifications();
    await notifier(service).onExecutionEvent({
      ...baseEvent,
      notifications: [
        { type: 'backstage', when: ['pipeline.failed'], message: { 'pipeline.failed': { text: 'rolled back' } } },
        { type: 'slack', address: url, when: ['pipeline.failed', 'pipeline.complete'] },
        { type: 'backstage', when: ['pipeline.complete'] },
      ],
    });
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'component:default/shop' },
        payload: expect.objectContaining({
          title: 'Deploy failed (TERMINAL)',
          description: 'rolled back',
          link: 'http://portal/catalog/default/component/shop/cd/executions/e-1',
          severity: 'high',
        }),
      },
    ]);
    expect(received).toEqual([
      { text: 'Deploy failed (TERMINAL) http://portal/catalog/default/component/shop/cd/executions/e-1' },
    ]);
  });

  it('always tells the owners of starts, successes, failures and pending judgments, and nothing else unasked', async () => {
    const { sent, service } = recordingNotifications();
    await notifier(service).onExecutionEvent({ ...baseEvent, type: 'stage.complete', status: 'SUCCEEDED', stageName: 'Bake' });
    await notifier(service).onExecutionEvent({ ...baseEvent, type: 'pipeline.paused', status: 'PAUSED' });
    expect(sent).toHaveLength(0);
    await notifier(service).onExecutionEvent({ ...baseEvent, type: 'pipeline.starting', status: 'RUNNING' });
    await notifier(service).onExecutionEvent({
      ...baseEvent,
      type: 'manualJudgment',
      status: 'RUNNING',
      stageName: 'Approve',
    });
    await notifier(service).onExecutionEvent({ ...baseEvent, type: 'pipeline.complete', status: 'SUCCEEDED' });
    await notifier(service).onExecutionEvent({ ...baseEvent, type: 'pipeline.failed', status: 'TERMINAL' });
    expect(sent.map(s => s.payload.title)).toEqual([
      'Deploy started',
      'Deploy: Approve awaits your judgment',
      'Deploy succeeded',
      'Deploy failed (TERMINAL)',
    ]);
    expect(sent.every(s => s.recipients.type === 'entity')).toBe(true);
  });

  it('refuses webhook hosts outside the allow-list without failing the other targets', async () => {
    const { sent, service } = recordingNotifications();
    received.length = 0;
    await notifier(service, ['hooks.example.com']).onExecutionEvent({
      ...baseEvent,
      notifications: [
        { type: 'slack', address: url, when: ['pipeline.failed'] },
        { type: 'backstage', when: ['pipeline.failed'] },
      ],
    });
    expect(received).toHaveLength(0);
    expect(sent).toHaveLength(1);
  });
});
