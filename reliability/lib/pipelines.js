// The pipelines the suite runs, written to a YAML file the backend seeds from
// (cd.pipelines.locations). All belong to demo-app, which the guest may deploy.
const fs = require('node:fs');
const YAML = require('yaml');

const APP = 'demo-app';
const NAMESPACE = 'default';

const names = {
  deployAndNotify: 'reliability: deploy and notify',
  refusedWebhook: 'reliability: refused webhook',
  webhookChain: 'reliability: webhook chain',
  deploy: 'reliability: deploy',
  secrets: 'reliability: secrets',
};

const param = name => ({ name, required: true });

function pipelineDocs(receiverUrl) {
  const hook = (path, delayMs) => `${receiverUrl}/hook/${path}?delayMs=${delayMs}`;
  return [
    {
      application: APP,
      name: names.deployAndNotify,
      description: 'Reliability suite: webhook, wait and a ConfigMap + Deployment deploy in parallel, scale, webhook.',
      parameterConfig: [param('n')],
      stages: [
        { refId: '1', type: 'webhook', name: 'announce', url: hook('announce', 1500), method: 'POST', payload: { n: '${parameters.n}' } },
        { refId: '2', requisiteStageRefIds: ['1'], type: 'wait', name: 'settle', waitTime: 2 },
        {
          refId: '3', requisiteStageRefIds: ['1'], type: 'deployManifest', name: 'deploy', account: 'local',
          manifests: [
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rel-${parameters.n}', namespace: NAMESPACE }, data: { n: '${parameters.n}' } },
            {
              apiVersion: 'apps/v1', kind: 'Deployment',
              metadata: { name: 'rel-${parameters.n}', namespace: NAMESPACE, labels: { 'reliability.test/run': 'crash' } },
              spec: {
                replicas: 1,
                selector: { matchLabels: { app: 'rel-${parameters.n}' } },
                template: { metadata: { labels: { app: 'rel-${parameters.n}' } }, spec: { containers: [{ name: 'main', image: 'pause' }] } },
              },
            },
          ],
        },
        {
          refId: '4', requisiteStageRefIds: ['2', '3'], type: 'scaleManifest', name: 'scale', account: 'local',
          location: NAMESPACE, manifestName: 'deployment rel-${parameters.n}', replicas: 2,
        },
        { refId: '5', requisiteStageRefIds: ['4'], type: 'webhook', name: 'done', url: hook('done', 500), method: 'POST', payload: { n: '${parameters.n}' } },
      ],
    },
    {
      application: APP,
      name: names.refusedWebhook,
      description: 'Reliability suite: a wait, then a webhook the receiver refuses (the execution must end TERMINAL).',
      parameterConfig: [param('n')],
      stages: [
        { refId: '1', type: 'wait', name: 'settle', waitTime: 1 },
        { refId: '2', requisiteStageRefIds: ['1'], type: 'webhook', name: 'refused', url: hook('refuse', 300), method: 'POST', payload: { n: '${parameters.n}' } },
      ],
    },
    {
      application: APP,
      name: names.webhookChain,
      description: 'Reliability suite: slow webhooks in a row, to catch a stage running on two replicas at once.',
      parameterConfig: [param('n')],
      stages: [1, 2, 3, 4].map(i => ({
        refId: String(i),
        requisiteStageRefIds: i > 1 ? [String(i - 1)] : [],
        type: 'webhook',
        name: `step ${i}`,
        url: hook(`chain-${i}`, 1500),
        method: 'POST',
        payload: { n: '${parameters.n}', step: i },
      })),
    },
    {
      application: APP,
      name: names.deploy,
      description: 'Reliability suite: one Deployment, for the cluster fault scenario.',
      parameterConfig: [param('n')],
      stages: [
        {
          refId: '1', type: 'deployManifest', name: 'deploy', account: 'local', stageTimeoutMs: 120_000,
          manifests: [{
            apiVersion: 'apps/v1', kind: 'Deployment',
            metadata: { name: 'rel-f-${parameters.n}', namespace: NAMESPACE },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: 'rel-f-${parameters.n}' } },
              template: { metadata: { labels: { app: 'rel-f-${parameters.n}' } }, spec: { containers: [{ name: 'main', image: 'pause' }] } },
            },
          }],
        },
      ],
    },
    {
      application: APP,
      name: names.secrets,
      description: 'Reliability suite: secret parameters and a Secret manifest, whose values must never be shown.',
      parameterConfig: [
        { name: 'n', required: true },
        { name: 'dbPassword', required: true, secret: true },
        { name: 'apiToken', required: true },
      ],
      stages: [
        {
          refId: '1', type: 'deployManifest', name: 'deploy secret', account: 'local',
          manifests: [{
            apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rel-s-${parameters.n}', namespace: NAMESPACE },
            type: 'Opaque', stringData: { password: '${parameters.dbPassword}' }, data: { token: 'c2VjcmV0LXRva2VuLXZhbHVl' },
          }],
        },
        { refId: '2', requisiteStageRefIds: ['1'], type: 'wait', name: 'settle', waitTime: 1 },
      ],
    },
  ];
}

function writePipelines(file, receiverUrl) {
  fs.writeFileSync(file, pipelineDocs(receiverUrl).map(d => YAML.stringify(d)).join('---\n'));
  return file;
}

module.exports = { APP, NAMESPACE, names, writePipelines, pipelineDocs };
