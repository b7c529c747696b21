import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** The policy's settings, with every group as a full lower-case entity ref. */
export interface CdPolicySettings {
  /** `cd.permissions.adminGroups`: may do everything. */
  adminGroups: string[];
  /** `cd.environmentGroups`: environment → groups whose members may deploy to its accounts. */
  environmentGroups: Record<string, string[]>;
}

export class CdPolicyConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'CdPolicyConfigError';
  }
}

export function readCdPolicySettings(config: Config): CdPolicySettings {
  const adminGroups = (config.getOptionalStringArray('cd.permissions.adminGroups') ?? []).map((ref, i) =>
    groupRef(ref, `cd.permissions.adminGroups[${i}]`),
  );
  const environmentGroups: Record<string, string[]> = {};
  const environments = config.getOptionalConfig('cd.environmentGroups');
  for (const environment of environments?.keys() ?? []) {
    const key = `cd.environmentGroups.${environment}`;
    const groups = environments!.getStringArray(environment).map((ref, i) => groupRef(ref, `${key}[${i}]`));
    if (groups.length === 0) {
      // An empty list would lock everyone but admins out; say so rather than guess.
      throw new CdPolicyConfigError(key, 'lists no group; remove the environment to leave it open, or name the groups that may deploy');
    }
    environmentGroups[environment] = groups;
  }
  return { adminGroups, environmentGroups };
}

/** `sre` → `group:default/sre`; `user:default/alice` stays a user ref. */
function groupRef(ref: string, key: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' })).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new CdPolicyConfigError(key, `not an entity ref: ${JSON.stringify(ref)} (${(e as Error).message})`);
  }
}
