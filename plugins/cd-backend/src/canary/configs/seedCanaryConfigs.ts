import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseAllDocuments } from 'yaml';
import type { CanaryConfigStore } from './CanaryConfigStore';

/**
 * Canary configurations as code: loads Kayenta configurations (JSON or YAML,
 * one or many per file) listed in `cd.canary.configLocations` and creates
 * those that do not exist yet, for the application(s) each one names in
 * `applications`. Existing configurations are left alone, so edits made in the
 * portal survive a restart.
 */
export async function seedCanaryConfigs(deps: {
  store: CanaryConfigStore;
  locations: string[];
  logger: Pick<LoggerService, 'info' | 'error'>;
}): Promise<void> {
  for (const location of deps.locations) {
    const file = path.resolve(location);
    let documents: unknown[];
    try {
      documents = readDocuments(await fs.readFile(file, 'utf8'));
    } catch (e) {
      deps.logger.error(`cannot read canary configurations from ${file}: ${e}`);
      continue;
    }
    for (const document of documents) {
      const { name, applications } = (document ?? {}) as { name?: unknown; applications?: unknown };
      if (!Array.isArray(applications) || applications.length === 0 || typeof name !== 'string') {
        deps.logger.error(`a canary configuration in ${file} needs a name and its applications`);
        continue;
      }
      for (const application of applications.map(String)) {
        if (await deps.store.getByName(application, name)) continue;
        try {
          await deps.store.create(application, { ...(document as object), applications: [application] }, 'config:canary');
          deps.logger.info(`created canary configuration ${application}/${name} from ${file}`);
        } catch (e) {
          deps.logger.error(`canary configuration ${application}/${name} in ${file} is invalid: ${e}`);
        }
      }
    }
  }
}

function readDocuments(text: string): unknown[] {
  return parseAllDocuments(text).flatMap(doc => {
    if (doc.errors.length > 0) throw doc.errors[0];
    const value = doc.toJS();
    if (value === null || value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  });
}
