import fs from 'fs';

/** Env variable every pod process carries, naming the data folder of the cluster that started it. */
export const DATA_DIR_ENV = 'LOCAL_CLUSTER_DATA_DIR';

/**
 * Kills pod processes a previous run of the cluster left behind (it crashed or was SIGKILLed before
 * stopping them): they would hold their pod's address and ports. Linux only (/proc); elsewhere a no-op.
 * Returns how many processes were killed.
 */
export function killOrphans(dataDir: string): number {
  if (!fs.existsSync('/proc/self/environ')) return 0;
  const marker = `${DATA_DIR_ENV}=${dataDir}`;
  let killed = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue; // gone, or another user's
    }
    if (!environ.split('\0').includes(marker)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}
