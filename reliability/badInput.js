// Bad input: property-based (fast-check) requests against the running
// backend. Whatever comes in: no 5xx, the backend stays up, a 4xx names the
// field that is wrong where there is one, and a refused request stores nothing.
const fc = require('fast-check');
const YAML = require('yaml');
const { withEnvironment } = require('./lib/env');
const { Failures, waitForFinal } = require('./lib/checks');
const { rowCounts } = require('./lib/db');
const { names } = require('./lib/pipelines');

const APP = '/applications/demo-app';
const validPipeline = () => ({
  name: `bad-input base ${Math.random().toString(36).slice(2)}`,
  stages: [
    { refId: '1', type: 'wait', name: 'wait', waitTime: 1 },
    { refId: '2', requisiteStageRefIds: ['1'], type: 'evaluateVariables', name: 'vars', variables: [{ key: 'v', value: '${1 + 1}' }] },
  ],
});

// Values that break validators: wrong types, huge and odd strings, prototype keys, deep nesting.
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', -1, 1e309, 0.5, NaN, '${', '}', '${}', '${#', '__proto__', 'constructor', [], {}, '\u0000', 'a'.repeat(20_000)),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), fc.anything({ maxDepth: 1 })),
  fc.string({ maxLength: 200 }),
);

/** Expression-like text: `${…}` around tokens SpEL knows, plus random glue. */
const expressionText = fc
  .array(
    fc.oneof(
      fc.constantFrom('${', '}', '(', ')', '[', ']', '.', '?.', '#', "'", '"', ' ', '+', '==', '!', '?:', ',', 'T(', 'new ', '#root', '#this', 'parameters',
        'trigger', 'execution', 'stages', 'toString()', 'getClass()', 'class', '__proto__', 'constructor', 'prototype', 'process', 'require', 'Function',
        'globalThis', 'eval', '#readJson', '#toInt', '#alphanumerical', 'matches', 'split', '1e999', '99999999999999999999', '\\'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 25 },
  )
  .map(parts => `\${${parts.join('')}}`);

async function run({ runs }) {
  return withEnvironment({ name: 'bad-input', cluster: true }, async env => {
    const f = new Failures();
    const api = env.api;
    let requests = 0;
    /** One request: never 5xx; when refused (4xx), nothing stored; `field` must be named in a 400. */
    const probe = async (label, method, path, body, { field, contentType, raw, auth } = {}) => {
      const before = await rowCounts(env.db);
      let r;
      try {
        r = await api.request(method, path, body, { contentType, raw, auth });
      } catch (e) {
        f.check(false, `${label}: ${method} ${path} failed without an answer: ${e.message}`);
        return undefined;
      }
      requests++;
      const shown = JSON.stringify(body)?.slice(0, 160);
      f.check(r.status < 500, `${label}: ${method} ${path} answered ${r.status} to ${shown}: ${String(JSON.stringify(r.body)).slice(0, 300)}`);
      if (r.status >= 400 && r.status < 500) {
        const after = await rowCounts(env.db);
        f.check(JSON.stringify(before) === JSON.stringify(after), `${label}: a refused request (${r.status}) changed stored rows ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        if (r.status === 400 && field) {
          const text = String(JSON.stringify(r.body));
          f.check(text.includes(field), `${label}: the 400 does not name "${field}": ${text.slice(0, 300)} (sent ${shown})`);
        }
      }
      return r;
    };
    const check = (property, n = runs) => fc.assert(property, { numRuns: n, endOnFailure: true }).catch(e => f.check(false, e.message.slice(0, 500)));

    // pipelines as JSON: anything at all, then a valid pipeline with one field broken
    await check(fc.asyncProperty(nasty, async body => {
      await probe('pipeline JSON', 'POST', `${APP}/pipelines`, body);
    }));
    const fields = ['name', 'stages', 'limitConcurrent', 'parameterConfig', 'triggers', 'stages[0].type', 'stages[0].refId', 'stages[1].requisiteStageRefIds', 'stages[0].waitTime'];
    await check(fc.asyncProperty(fc.constantFrom(...fields), nasty, async (field, value) => {
      const config = validPipeline();
      const m = /^stages\[(\d)\]\.(\w+)$/.exec(field);
      if (m) config.stages[Number(m[1])][m[2]] = value;
      else config[field] = value;
      const r = await probe(`pipeline field ${field}`, 'POST', `${APP}/pipelines`, config, { field: m ? m[2] : field });
      if (r?.status === 201) await api.request('DELETE', `/pipelines/${r.body.id}`);
    }));
    // pipelines as YAML text, and broken JSON text
    await check(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('a: [', 'stages: {', '- - -', '&a [*a, *a]', '!!js/function "x"', 'name: x\nstages: 5')), async text => {
      await probe('pipeline YAML', 'POST', `${APP}/pipelines`, text, { contentType: 'application/yaml', raw: true });
    }));
    await check(fc.asyncProperty(fc.string({ maxLength: 200 }), async text => {
      await probe('broken JSON', 'POST', `${APP}/pipelines`, `{"name": ${text}`, { contentType: 'application/json', raw: true });
    }));
    // manifests of a deployManifest stage
    await check(fc.asyncProperty(nasty, async manifests => {
      const config = validPipeline();
      config.stages.push({ refId: '3', type: 'deployManifest', name: 'deploy', account: 'local', manifests });
      const r = await probe('manifests', 'POST', `${APP}/pipelines`, config, { field: 'manifests' });
      if (r?.status === 201) await api.request('DELETE', `/pipelines/${r.body.id}`);
    }));
    // expressions: in pipeline fields when saved, and evaluated against an execution
    await check(fc.asyncProperty(expressionText, async expression => {
      const config = validPipeline();
      config.stages[1].variables = [{ key: 'v', value: expression }];
      const r = await probe('expression in a pipeline', 'POST', `${APP}/pipelines`, config);
      if (r?.status === 201) await api.request('DELETE', `/pipelines/${r.body.id}`);
    }));
    const pipeline = await api.pipelineByName(names.refusedWebhook);
    const execution = await api.startPipeline(pipeline.id, { n: 'bad-input' });
    await waitForFinal(() => api, [execution.id], { timeoutMs: 60_000 });
    await check(fc.asyncProperty(fc.oneof(expressionText, nasty), async expression => {
      const r = await probe('evaluate-expression', 'POST', `/executions/${execution.id}/evaluate-expression`, { expression }, typeof expression === 'string' ? {} : { field: 'expression' });
      if (r?.status === 200) {
        // an escape would show a function, a class or the process
        const text = String(JSON.stringify(r.body));
        f.check(!/\[native code\]|process\.env|"pid"|function\s*\(/.test(text), `evaluate-expression ${expression} returned something from outside the sandbox: ${text.slice(0, 300)}`);
      }
    }));
    // canary configs (the route may not exist yet: then say so)
    const canaryProbe = await api.post(`${APP}/canaryConfigs`, {});
    const canaryRoute = canaryProbe.status === 404 ? 'missing (404: not wired yet, skipped)' : `present (empty config: ${canaryProbe.status})`;
    if (canaryProbe.status !== 404) {
      await check(fc.asyncProperty(nasty, async body => {
        await probe('canary config', 'POST', `${APP}/canaryConfigs`, body);
      }));
    }
    // webhook trigger payloads (no token: webhooks authenticate by their secret)
    await check(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('x', '..', '%2e%2e', 'a%00b')), nasty, async (source, payload) => {
      await probe('webhook payload', 'POST', `/webhooks/${encodeURIComponent(source) || 'x'}`, payload, { auth: false });
    }));
    // API parameters: ids, paging, filters
    const param = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('-1', '0', '1e9', 'NaN', '%00', '..%2f..', "' or 1=1 --", 'null', '[]', '{}'));
    await check(fc.asyncProperty(param, param, param, async (a, b, c) => {
      const e = encodeURIComponent;
      await probe('executions query', 'GET', `/executions?application=${e(a)}&limit=${e(b)}&cursor=${e(c)}&status=${e(b)}`);
      await probe('execution id', 'GET', `/executions/${e(a) || 'x'}`);
      await probe('pipeline versions', 'GET', `/pipelines/${e(a) || 'x'}/versions/${e(b) || 'x'}`);
      await probe('judgment', 'POST', `/executions/${execution.id}/stages/${e(a) || 'x'}/judgment`, { judgmentStatus: c });
      await probe('start parameters', 'POST', `/pipelines/${pipeline.id}/executions`, { parameters: a === '' ? 5 : { n: b }, artifacts: c });
    }), Math.max(5, Math.floor(runs / 2)));

    const health = await api.get('/health');
    f.check(env.backends[0].running && health.status === 200, 'the backend is no longer up after the bad input');
    f.throwIfAny('bad input');
    return `${requests} generated requests: no 5xx, refused ones stored nothing, 400s named the field; canary config route ${canaryRoute}`;
  });
}

module.exports = { name: 'bad-input', run };

if (require.main === module) {
  const { SIZES } = require('./lib/sizes');
  run(SIZES[process.argv.includes('--full') ? 'full' : 'bounded'].badInput).then(
    summary => console.log(`bad-input: PASS ${summary}`),
    e => {
      console.error(`bad-input: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
