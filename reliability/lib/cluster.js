// The local cluster as a separate process with its fault control enabled.
const path = require('node:path');
const { spawnGroup, killGroup, freePort, waitUntil } = require('./proc');

const root = path.resolve(__dirname, '../..');

/** Starts packages/local-cluster in `dataDir`; resolves once it serves its API. */
async function startCluster({ dataDir, logFile }) {
  const port = await freePort();
  let kubeconfigPath;
  const child = spawnGroup(
    process.execPath,
    [path.join(root, 'packages/local-cluster/bin/local-cluster.js'), '--port', String(port), '--data-dir', dataDir, '--fault-control'],
    {
      cwd: root,
      logFile,
      onLine: line => {
        const m = /^kubeconfig: (.*)$/.exec(line);
        if (m) kubeconfigPath = m[1].trim();
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => kubeconfigPath && fetch(`${url}/readyz`).then(r => r.ok), {
    timeoutMs: 60_000,
    message: `local cluster on port ${port} did not start (log: ${logFile})`,
  });

  async function kube(method, apiPath, body, contentType = 'application/json') {
    const res = await fetch(url + apiPath, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }

  const control = async (method, sub = '', body) => {
    const r = await kube(method, `/local-cluster/faults${sub}`, body);
    if (r.status !== 200) throw new Error(`fault control ${method} ${sub}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  return {
    url,
    port,
    kubeconfigPath,
    child,
    kube,
    faults: {
      set: rules => control('PUT', '', { rules }),
      clear: () => control('DELETE'),
      hits: (since = 0) => control('GET', `/hits?since=${since}`).then(b => b.hits),
      dropWatches: () => control('POST', '/drop-watches').then(b => b.dropped),
    },
    stop: () => killGroup(child, 'SIGTERM'),
  };
}

module.exports = { startCluster };
