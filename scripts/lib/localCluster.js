// Starts packages/local-cluster as a child process and waits for its kubeconfig.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, waitForHttp, stopGroup } = require('./processes');

async function startLocalClusterProcess({ dataDir, port }) {
  const clusterDir = path.join(dataDir, 'cluster');
  fs.mkdirSync(clusterDir, { recursive: true });
  const logFile = fs.openSync(path.join(clusterDir, 'cluster.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'packages/local-cluster/bin/local-cluster.js'),
      '--port', String(port),
      '--data-dir', clusterDir,
      '--images', path.join(root, 'examples/local-cluster-images.json'),
    ],
    { cwd: root, detached: true, stdio: ['ignore', logFile, logFile] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/version`, 60_000);
  return {
    url,
    kubeconfigPath: path.join(clusterDir, 'kubeconfig.yaml'),
    stop: () => stopGroup(child),
  };
}

module.exports = { startLocalClusterProcess };
