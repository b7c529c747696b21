'use strict';

/**
 * How a demo-app version behaves: 1.x is healthy and fast; 2.0.x is slower (+150 ms) and answers
 * about 10% of requests with a 500; later versions are healthy again. EXTRA_LATENCY_MS and
 * ERROR_RATE override the version's defaults (for experiments).
 */
function behaviourFor(version, env = process.env) {
  const [major, minor] = String(version)
    .replace(/^v/, '')
    .split('.')
    .map(n => Number(n) || 0);
  const degraded = major === 2 && minor === 0;
  const base = {
    baseLatencyMs: 5,
    jitterMs: 10,
    extraLatencyMs: degraded ? 150 : 0,
    errorRate: degraded ? 0.1 : 0,
  };
  if (env.EXTRA_LATENCY_MS !== undefined && env.EXTRA_LATENCY_MS !== '')
    base.extraLatencyMs = Number(env.EXTRA_LATENCY_MS);
  if (env.ERROR_RATE !== undefined && env.ERROR_RATE !== '')
    base.errorRate = Number(env.ERROR_RATE);
  if (!(base.errorRate >= 0 && base.errorRate <= 1))
    throw new Error(
      `ERROR_RATE must be between 0 and 1, got ${env.ERROR_RATE}`,
    );
  if (!(base.extraLatencyMs >= 0))
    throw new Error(
      `EXTRA_LATENCY_MS must be a non-negative number, got ${env.EXTRA_LATENCY_MS}`,
    );
  return base;
}

module.exports = { behaviourFor };
