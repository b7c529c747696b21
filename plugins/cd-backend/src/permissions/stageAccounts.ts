import type { StageConfig } from '@internal/plugin-cd-common';

/** The accounts a pipeline's stages name, split by whether they are known before the run. */
export interface StageAccounts {
  /** Literal account names: check these before starting. */
  names: string[];
  /** `${…}` expressions, resolved only while running (reported, not checkable up front). */
  expressions: string[];
}

/** Collects `stage.account` of every stage (Spinnaker's field name for the target account). */
export function accountsNamedByStages(stages: ReadonlyArray<StageConfig>): StageAccounts {
  const names = new Set<string>();
  const expressions = new Set<string>();
  for (const stage of stages) {
    const account = stage.account;
    if (typeof account !== 'string' || account === '') continue;
    (account.includes('${') ? expressions : names).add(account);
  }
  return { names: [...names], expressions: [...expressions] };
}
