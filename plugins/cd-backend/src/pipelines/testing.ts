import type { StageTypeLookup } from '@internal/plugin-cd-common';

/**
 * A stage type lookup over a fixed list, for tests: the real one is the
 * engine's stage registry.
 */
export function stageTypesOf(types: string[]): StageTypeLookup {
  const known = new Set(types);
  return { has: type => known.has(type) };
}

export const GENERIC_STAGE_TYPES = stageTypesOf([
  'wait',
  'manualJudgment',
  'checkPreconditions',
  'evaluateVariables',
  'webhook',
  'pipeline',
  'deployManifest',
]);
