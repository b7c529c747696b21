#!/usr/bin/env node
/*
 * local-cluster --port 6443 --data-dir ./data/cluster [--host 127.0.0.1] [--token T] [--images images.json] [--fault-control]
 *
 * Starts the single-node cluster and prints the kubeconfig path. `--images` names a JSON file mapping
 * image names to local commands ({ "demo-app": { "command": "node", "args": ["server.js"] } }).
 * `--fault-control` serves /local-cluster/faults, where tests set rules that make API requests fail
 * (status codes, Retry-After, delays, dropped connections) and cut open watches; see src/api/faultRules.ts.
 */
const path = require('path');
const fs = require('fs');

// run the TypeScript sources directly, as the Backstage CLI does for backend packages
require('@backstage/cli/config/nodeTransform.cjs');

function parseArgs(argv) {
  const args = { port: 6443, host: '127.0.0.1', dataDir: path.resolve('data/cluster') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: not a port number: ${argv[i]}`);
        args.port = n;
        break;
      }
      case '--host':
        args.host = value();
        break;
      case '--data-dir':
        args.dataDir = path.resolve(value());
        break;
      case '--token':
        args.token = value();
        break;
      case '--images':
        args.imageCommands = JSON.parse(fs.readFileSync(path.resolve(value()), 'utf8'));
        break;
      case '--fault-control':
        args.faultControl = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write('usage: local-cluster [--port 6443] [--host 127.0.0.1] [--data-dir ./data/cluster] [--token TOKEN] [--images images.json] [--fault-control]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { startLocalCluster } = require('../src');
  const cluster = await startLocalCluster(args);
  process.stdout.write(`local-cluster listening on ${cluster.url}\n`);
  process.stdout.write(`kubeconfig: ${cluster.kubeconfigPath}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  process.stderr.write(`local-cluster: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
