// HTTP calls to the backend's /api/cd as the demo's guest user.

/** Signs in as guest: POST (first time) or GET /api/auth/guest/refresh → a Backstage token. */
async function guestToken(baseUrl) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  for (const method of ['POST', 'GET']) {
    const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, { method, headers });
    if (res.ok) {
      const body = await res.json();
      const token = body?.backstageIdentity?.token;
      if (token) return token;
    }
  }
  throw new Error(`guest sign-in failed at ${baseUrl}`);
}

class CdApi {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  static async signIn(baseUrl) {
    return new CdApi(baseUrl, await guestToken(baseUrl));
  }

  /** Same identity against another backend replica (tokens are verified through the shared database). */
  at(baseUrl) {
    return new CdApi(baseUrl, this.token);
  }

  /** A request under /api/cd; resolves { status, body } and never throws on HTTP errors. */
  async request(method, path, body, { auth = true, contentType = 'application/json', raw = false, timeoutMs = 30_000 } = {}) {
    const headers = {};
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await fetch(`${this.baseUrl}/api/cd${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }

  get(path, opts) {
    return this.request('GET', path, undefined, opts);
  }

  post(path, body, opts) {
    return this.request('POST', path, body, opts);
  }

  /** Like request() but throws unless the status is one of `expected`. */
  async expect(expected, method, path, body, opts) {
    const r = await this.request(method, path, body, opts);
    if (![].concat(expected).includes(r.status)) {
      throw new Error(`${method} ${path}: expected ${expected}, got ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    }
    return r.body;
  }

  async pipelines(application = 'demo-app') {
    const body = await this.expect(200, 'GET', `/applications/${application}/pipelines`);
    return Array.isArray(body) ? body : body.items ?? body.pipelines ?? [];
  }

  async pipelineByName(name, application = 'demo-app') {
    const found = (await this.pipelines(application)).find(p => p.name === name);
    if (!found) throw new Error(`pipeline "${name}" of ${application} not found`);
    return found;
  }

  startPipeline(pipelineId, parameters) {
    return this.expect(201, 'POST', `/pipelines/${pipelineId}/executions`, { parameters });
  }

  execution(id) {
    return this.expect(200, 'GET', `/executions/${id}`);
  }
}

module.exports = { CdApi, guestToken };
