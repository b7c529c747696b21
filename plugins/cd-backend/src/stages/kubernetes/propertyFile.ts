/**
 * Spinnaker's property file from logs (kork's PropertyParser): lines
 * `SPINNAKER_PROPERTY_<KEY>=<value>` give `<key>` (lowercased) → value, and
 * a line `SPINNAKER_CONFIG_JSON={...}` merges that JSON object.
 */
const PROPERTY = 'SPINNAKER_PROPERTY_';
const CONFIG_JSON = /^\s*SPINNAKER_CONFIG_JSON=(.*)$/;

export function parsePropertyFile(log: string): { properties: Record<string, unknown>; errors: string[] } {
  const properties: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    const json = CONFIG_JSON.exec(line);
    if (json) {
      try {
        const value = JSON.parse(json[1]);
        if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(properties, value);
        else errors.push('SPINNAKER_CONFIG_JSON must be a JSON object');
      } catch (e) {
        errors.push(`SPINNAKER_CONFIG_JSON is not valid JSON: ${(e as Error).message}`);
      }
      continue;
    }
    const at = line.indexOf(PROPERTY);
    if (at === -1) continue;
    const rest = line.slice(at + PROPERTY.length);
    const eq = rest.indexOf('=');
    if (eq <= 0) continue;
    properties[rest.slice(0, eq).toLowerCase()] = rest.slice(eq + 1).trim();
  }
  return { properties, errors };
}
