import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { promises as fs } from 'fs';
import { parse as parseYaml } from 'yaml';

/**
 * A JSON/YAML document given inline (an object, or YAML/JSON text) or as a
 * path inside the task workspace. Exactly one of the two.
 */
export async function readDocument(options: {
  inline: unknown;
  path: string | undefined;
  workspacePath: string;
  /** The input names, for messages: ['template', 'templatePath']. */
  names: [string, string];
}): Promise<unknown> {
  const [inlineName, pathName] = options.names;
  if ((options.inline === undefined) === (options.path === undefined)) {
    throw new InputError(`give exactly one of ${inlineName} (inline) and ${pathName} (a file in the workspace)`);
  }
  if (options.path !== undefined) {
    // resolveSafeChildPath refuses paths that leave the workspace (../, symlinks).
    const file = resolveSafeChildPath(options.workspacePath, options.path);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(`${pathName}: cannot read ${options.path} in the workspace: ${(e as Error).message}`);
    }
    return parseText(text, pathName);
  }
  return typeof options.inline === 'string' ? parseText(options.inline, inlineName) : options.inline;
}

function parseText(text: string, name: string): unknown {
  try {
    // YAML is a superset of JSON: one parser reads both.
    return parseYaml(text);
  } catch (e) {
    throw new InputError(`${name}: not valid YAML or JSON: ${(e as Error).message}`);
  }
}
