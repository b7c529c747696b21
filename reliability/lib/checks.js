// Shared assertions and waiting over executions.
const { sleep } = require('./proc');

const FINAL = new Set(['SUCCEEDED', 'TERMINAL', 'CANCELED', 'STOPPED', 'FAILED_CONTINUE', 'SKIPPED']);

class Failures {
  constructor() {
    this.list = [];
  }

  check(ok, message) {
    if (!ok) this.list.push(message);
    return ok;
  }

  throwIfAny(title) {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 25).map(m => `    - ${m}`).join('\n');
    const more = this.list.length > 25 ? `\n    … and ${this.list.length - 25} more` : '';
    throw new Error(`${title}: ${this.list.length} problem(s)\n${shown}${more}`);
  }
}

/**
 * Polls executions until all are final (or `timeoutMs`); returns the last
 * seen state by id. `api()` is called each round, so callers can switch to a
 * live replica while another one is down.
 */
async function waitForFinal(api, ids, { timeoutMs, onRound } = {}) {
  const latest = new Map();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = ids.filter(id => !FINAL.has(latest.get(id)?.status));
    if (pending.length === 0) return latest;
    if (Date.now() > deadline) return latest;
    for (const id of pending) {
      try {
        latest.set(id, await api().execution(id));
      } catch {
        // the backend may be restarting: try again next round
      }
    }
    onRound?.(pending.length);
    await sleep(1000);
  }
}

const stageByName = (execution, name) => execution.stages.find(s => s.name === name);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

module.exports = { FINAL, Failures, waitForFinal, stageByName, percentile };
