#!/usr/bin/env node
// The reliability suite (issue #8): `npm run test:reliability` runs every
// scenario at bounded sizes (about 8 minutes on 2 cores, for CI);
// `-- --full` at the sizes; `-- crash faults` only the named ones.
// Each scenario starts its own local cluster, webhook receiver and real
// backend process(es) in a temp folder and kills them when it ends.
const path = require('node:path');
const { SIZES } = require('../reliability/lib/sizes');
const { killAllNow } = require('../reliability/lib/proc');

const SCENARIOS = ['crash', 'replicas', 'faults', 'badInput', 'load', 'security'];
const FILES = { crash: 'crash', replicas: 'replicas', faults: 'faults', badInput: 'badInput', 'bad-input': 'badInput', load: 'load', security: 'security' };

async function main() {
  const args = process.argv.slice(2);
  const full = args.includes('--full');
  const named = args.filter(a => !a.startsWith('--'));
  const unknown = named.filter(n => !FILES[n]);
  if (unknown.length > 0) {
    console.error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
    process.exit(2);
  }
  const selected = named.length > 0 ? named.map(n => FILES[n]) : SCENARIOS;
  const sizes = SIZES[full ? 'full' : 'bounded'];
  console.log(`reliability suite (${full ? 'full' : 'bounded'} sizes): ${selected.join(', ')}`);
  const results = [];
  const suiteStart = Date.now();
  for (const key of selected) {
    const scenario = require(path.join('..', 'reliability', FILES[key]));
    const started = Date.now();
    console.log(`\n=== ${scenario.name}`);
    try {
      const summary = await scenario.run(sizes[key] ?? {});
      results.push({ name: scenario.name, ok: true, summary, ms: Date.now() - started });
      console.log(`  PASS ${summary}`);
    } catch (e) {
      results.push({ name: scenario.name, ok: false, summary: e.message, ms: Date.now() - started });
      console.log(`  FAIL ${e.message}`);
    }
  }
  console.log(`\n=== summary (${((Date.now() - suiteStart) / 1000).toFixed(0)} s)`);
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(10)} ${(r.ms / 1000).toFixed(0).padStart(4)} s  ${r.summary.split('\n')[0]}`);
  const failed = results.filter(r => !r.ok).length;
  console.log(failed ? `\n${failed} of ${results.length} scenarios failed` : `\nall ${results.length} scenarios passed`);
  return failed ? 1 : 0;
}

main().then(
  code => {
    killAllNow();
    process.exit(code);
  },
  e => {
    console.error(e);
    killAllNow();
    process.exit(1);
  },
);
