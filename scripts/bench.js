#!/usr/bin/env node
// Runs the benchmarks: `npm run bench` runs them all, `npm run bench:<name>`
// one of them. Each prints its figures beside its peer or bound, measured
// in the same run (these machines are noisy: never compare across runs).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const BENCHES = {
  engine: 'plugins/cd-backend/bench/engine.bench.ts',
  inventory: 'plugins/cd-backend/bench/inventory.bench.ts',
  judge: 'plugins/cd-backend/bench/judge.bench.ts',
  cluster: 'packages/local-cluster/bench/cluster.bench.ts',
  // The Deploy tab of a large demo in headless Chromium (real cluster, backend and app).
  ui: 'scripts/bench-ui.js',
};

const [name, ...args] = process.argv.slice(2);
const selected = name ? [name] : Object.keys(BENCHES);
let failed = 0;
for (const bench of selected) {
  const file = BENCHES[bench];
  if (!file) {
    console.error(`unknown benchmark "${bench}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(root, file))) {
    console.error(`${bench}: ${file} does not exist yet`);
    failed++;
    continue;
  }
  console.log(`\n=== ${bench} (${file})`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', '@backstage/cli/config/nodeTransform.cjs', file, ...args],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
