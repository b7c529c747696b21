import type { Config } from '@backstage/config';

/**
 * `cd.environmentGroups` as configured (environment → group refs). The policy
 * decides with it; the cd plugin only quotes it in denial messages.
 */
export function environmentGroupsFromConfig(config: Config): Record<string, string[]> {
  const section = config.getOptionalConfig('cd.environmentGroups');
  const result: Record<string, string[]> = {};
  for (const environment of section?.keys() ?? []) {
    result[environment] = section!.getStringArray(environment);
  }
  return result;
}
