// A small client of the portal's REST API as the demo's guest user, for the
// scripts and the end-to-end tests' setup and checks.

/** Sends one request; throws with the status and the start of the body when it fails. */
async function request(method, url, { body, token } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'x-requested-with': 'XMLHttpRequest',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `${method} ${url}: ${response.status} ${text.slice(0, 300)}`,
    );
  return text ? JSON.parse(text) : undefined;
}

/** The guest's Backstage token (the guest provider's refresh endpoint signs in). */
async function guestToken(backendUrl) {
  const session = await request('GET', `${backendUrl}/api/auth/guest/refresh`);
  return session.backstageIdentity.token;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `check` every second until it returns true; else throws with its last answer. */
async function until(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last === true) return;
    } catch (e) {
      last = String(e && e.message ? e.message : e);
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s (last: ${last})`,
      );
    await sleep(1000);
  }
}

const COMPLETE = new Set([
  'SUCCEEDED',
  'TERMINAL',
  'CANCELED',
  'STOPPED',
  'FAILED_CONTINUE',
  'SKIPPED',
]);

/** The cd API of one backend, signed in as the guest. */
async function cdClient(backendUrl) {
  const token = await guestToken(backendUrl);
  const cd = `${backendUrl}/api/cd`;
  const client = {
    token,
    get: path => request('GET', `${cd}${path}`, { token }),
    post: (path, body) =>
      request('POST', `${cd}${path}`, { token, body: body ?? {} }),
    pipelines: async application =>
      (
        await client.get(
          `/applications/${encodeURIComponent(application)}/pipelines`,
        )
      ).items,
    async pipelineNamed(application, name) {
      const found = (await client.pipelines(application)).find(
        p => p.name === name,
      );
      if (!found) throw new Error(`no pipeline "${name}" for ${application}`);
      return found;
    },
    start: (pipelineId, parameters) =>
      client.post(`/pipelines/${encodeURIComponent(pipelineId)}/executions`, {
        parameters,
      }),
    execution: id => client.get(`/executions/${encodeURIComponent(id)}`),
    clusters: application =>
      client.get(`/applications/${encodeURIComponent(application)}/clusters`),
    /** Waits until the execution is complete; returns it. */
    async waitForExecution(id, timeoutMs) {
      let execution;
      await until(`execution ${id} to complete`, timeoutMs, async () => {
        execution = await client.execution(id);
        return (
          COMPLETE.has(execution.status) ||
          `${execution.status}: ${runningStages(execution)}`
        );
      });
      return execution;
    },
  };
  return client;
}

const runningStages = execution =>
  execution.stages
    .filter(s => s.status === 'RUNNING')
    .map(s => s.name)
    .join(', ') || 'no stage running';

module.exports = { request, guestToken, until, sleep, cdClient };
