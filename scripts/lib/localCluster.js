// Starts packages/local-cluster as a child process and waits for its API.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, waitForHttp, stopGroupAndWait } = require('./processes');

/**
 * The cluster runs in its own process group; its pods are its children and
 * end with it (it stops them on SIGTERM). `stop()` resolves once it exited.
 */
async function startLocalClusterProcess({ dataDir, port }) {
  const clusterDir = path.join(dataDir, 'cluster');
  fs.mkdirSync(clusterDir, { recursive: true });
  const logPath = path.join(clusterDir, 'cluster.log');
  const logFile = fs.openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'packages/local-cluster/bin/local-cluster.js'),
      '--port',
      String(port),
      '--data-dir',
      clusterDir,
      '--images',
      path.join(root, 'examples/local-cluster-images.json'),
    ],
    { cwd: root, detached: true, stdio: ['ignore', logFile, logFile] },
  );
  fs.closeSync(logFile);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          `the local cluster exited (code ${code}) before it answered; see ${logPath}`,
        ),
      ),
    ),
  );
  try {
    await Promise.race([waitForHttp(`${url}/version`, 60_000), exited]);
  } catch (e) {
    await stopGroupAndWait(child);
    throw e;
  }
  exited.catch(() => undefined); // a later exit is stop()'s business
  return {
    url,
    kubeconfigPath: path.join(clusterDir, 'kubeconfig.yaml'),
    logPath,
    stop: () => stopGroupAndWait(child, 8000),
  };
}

module.exports = { startLocalClusterProcess };
