/*
 * One account of the inventory benchmark: a local cluster in its own process,
 * so the benchmark process measures only the inventory's memory and the
 * clusters use the machine's other core. Started by inventory.bench.ts:
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs inventoryCluster.ts <dataDir> <token>
 *
 * Prints one JSON line `{ url, kubeconfigPath }` once serving; stops the
 * cluster when its stdin closes (the parent exited) or on SIGTERM.
 */
import { startLocalCluster } from '@internal/local-cluster';

async function main() {
  const [dataDir, token] = process.argv.slice(2);
  if (!dataDir || !token) throw new Error('usage: inventoryCluster.ts <dataDir> <token>');
  const cluster = await startLocalCluster({ dataDir, token });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: cluster.url, kubeconfigPath: cluster.kubeconfigPath })}\n`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
