/*
 * The peer of the inventory benchmark in its own process, as a separate
 * backend would be: its garbage, GC pauses and timers stay out of the process
 * that serves the inventory. Started by inventory.bench.ts:
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs inventoryPeerProcess.ts '<json: { clusters, application }>'
 *
 * Prints one JSON line, the request that asks it for the entity's objects
 * (`HttpRequest`), once serving; stops when its stdin closes or on SIGTERM.
 */
import { peerEntity, startPeerBackend, type PeerCluster } from './inventoryPeer';

async function main() {
  const { clusters, application } = JSON.parse(process.argv[2] ?? '{}') as { clusters?: PeerCluster[]; application?: string };
  if (!clusters?.length || !application) throw new Error("usage: inventoryPeerProcess.ts '{\"clusters\": [...], \"application\": \"...\"}'");
  const peer = await startPeerBackend(clusters, peerEntity(application));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await peer.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify(peer.request)}\n`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
