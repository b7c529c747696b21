// Security: every /api/cd route but /health and /webhooks refuses
// unauthenticated calls (routes enumerated from the OpenAPI documents);
// secrets in parameters and Secret manifests never appear in execution API
// responses or the backend's log; webhooks only reach allowed hosts.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const YAML = require('yaml');
const { withEnvironment } = require('./lib/env');
const { Failures, waitForFinal } = require('./lib/checks');
const { names } = require('./lib/pipelines');

const OPENAPI_DIR = path.resolve(__dirname, '../plugins/cd-backend/src/api/openapi');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PUBLIC = [/^\/health$/, /^\/webhooks\//];

/** Every (method, path) in the OpenAPI documents, with path parameters filled in. */
function openApiRoutes() {
  const routes = [];
  for (const file of fs.readdirSync(OPENAPI_DIR).filter(f => f.endsWith('.yaml'))) {
    const doc = YAML.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8'));
    for (const [template, item] of Object.entries(doc.paths ?? {})) {
      const concrete = template.replace(/\{application\}/g, 'demo-app').replace(/\{[^}]+\}/g, 'x');
      for (const method of METHODS) if (item[method]) routes.push({ file, method: method.toUpperCase(), path: concrete, template });
    }
  }
  return routes;
}

/** An HTTP server on 127.0.0.2 (loopback, but not an allowed webhook host) counting what reaches it. */
function startForbiddenHost() {
  return new Promise((resolve, reject) => {
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits++;
      res.end('{}');
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.2', () =>
      resolve({ url: `http://127.0.0.2:${server.address().port}`, hits: () => hits, close: () => new Promise(r => server.close(r)) }));
  });
}

async function run() {
  return withEnvironment({ name: 'security', logLevel: 'debug' }, async env => {
    const f = new Failures();

    // 1. authentication on every route
    const routes = openApiRoutes();
    let refused = 0;
    for (const r of routes) {
      const isPublic = PUBLIC.some(p => p.test(r.path));
      if (isPublic) continue;
      const res = await env.api.request(r.method, r.path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {}, { auth: false });
      if (f.check(res.status === 401, `${r.method} ${r.template} (${r.file}) without a token answered ${res.status}, expected 401`)) refused++;
      const forged = await fetch(`${env.api.baseUrl}/api/cd${r.path}`, { method: r.method, headers: { authorization: 'Bearer not-a-token' } });
      f.check(forged.status === 401, `${r.method} ${r.template} with a forged token answered ${forged.status}, expected 401`);
    }
    const health = await env.api.get('/health', { auth: false });
    f.check(health.status === 200, `/health without a token answered ${health.status}`);

    // 2. secrets: parameters and a Secret manifest
    const password = `pw-${crypto.randomBytes(6).toString('hex')}`;
    const token = `tok-${crypto.randomBytes(6).toString('hex')}`;
    const manifestToken = 'secret-token-value'; // the Secret manifest's data (base64 in the pipeline)
    const pipeline = await env.api.pipelineByName(names.secrets);
    const started = await env.api.startPipeline(pipeline.id, { n: 's1', dbPassword: password, apiToken: token });
    const final = await waitForFinal(() => env.api, [started.id], { timeoutMs: 60_000 });
    f.check(final.get(started.id)?.status === 'SUCCEEDED', `the secrets pipeline ended ${final.get(started.id)?.status}`);
    const secret = (await env.cluster.kube('GET', '/api/v1/namespaces/default/secrets')).body.items.find(s => s.metadata.name.startsWith('rel-s-s1'));
    f.check(secret && Buffer.from(secret.data.password, 'base64').toString() === password, 'the Secret did not reach the cluster with the password');
    const leaks = (where, text) => {
      for (const [what, value] of [['dbPassword', password], ['apiToken', token], ['Secret data', manifestToken], ['Secret data (base64)', Buffer.from(manifestToken).toString('base64')], ['password (base64)', Buffer.from(password).toString('base64')]]) {
        f.check(!text.includes(value), `${where} shows the ${what} value`);
      }
    };
    leaks('the start response', JSON.stringify(started));
    leaks('GET /executions/:id', JSON.stringify((await env.api.get(`/executions/${started.id}`)).body));
    leaks('GET /executions?application=demo-app', JSON.stringify((await env.api.get('/executions?application=demo-app')).body));
    leaks('the backend log', fs.readFileSync(env.backends[0].logFile, 'utf8'));

    // 3. webhooks only to allowed hosts
    const forbidden = await startForbiddenHost();
    try {
      const config = {
        name: 'reliability: forbidden webhook',
        stages: [{ refId: '1', type: 'webhook', name: 'call', url: `${forbidden.url}/steal`, method: 'POST' }],
      };
      const saved = await env.api.post('/applications/demo-app/pipelines', config);
      if (saved.status === 400) {
        f.check(JSON.stringify(saved.body).includes('url'), `saving a webhook to a forbidden host was refused without naming the url: ${JSON.stringify(saved.body).slice(0, 300)}`);
      } else if (f.check(saved.status === 201, `saving the forbidden webhook pipeline answered ${saved.status}`)) {
        const run = await env.api.startPipeline(saved.body.id, {});
        const done = (await waitForFinal(() => env.api, [run.id], { timeoutMs: 60_000 })).get(run.id);
        f.check(done?.status === 'TERMINAL', `the forbidden webhook's execution ended ${done?.status}, expected TERMINAL`);
        const error = String(done?.stages?.[0]?.exception?.details?.error ?? '');
        f.check(/allow/i.test(error) && error.includes('127.0.0.2'), `the forbidden webhook's error does not say the host is not allowed: "${error}"`);
      }
      f.check(forbidden.hits() === 0, `the forbidden host got ${forbidden.hits()} request(s)`);
    } finally {
      await forbidden.close();
    }
    f.throwIfAny('security');
    return `${refused} routes of ${routes.length} in the OpenAPI documents refuse anonymous and forged tokens (public: /health, /webhooks); secrets absent from responses and logs; forbidden webhook host never called`;
  });
}

module.exports = { name: 'security', run, openApiRoutes };

if (require.main === module) {
  run().then(
    summary => console.log(`security: PASS ${summary}`),
    e => {
      console.error(`security: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
