import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PipelineConfig } from '@internal/plugin-cd-common';
import { parseAllDocuments } from 'yaml';
import type { PipelineStore } from '../pipelines';

/**
 * Pipelines as code: loads pipeline documents (YAML or JSON, one or many
 * per file) listed in `cd.pipelines.locations` and creates those that do not
 * exist yet. Existing pipelines are left alone, so edits made in the portal
 * are never overwritten by a restart.
 */
export async function seedPipelines(deps: {
  pipelines: PipelineStore;
  locations: string[];
  logger: LoggerService;
}): Promise<void> {
  for (const location of deps.locations) {
    const file = path.resolve(location);
    let configs: PipelineConfig[];
    try {
      configs = readConfigs(await fs.readFile(file, 'utf8'));
    } catch (e) {
      deps.logger.error(`cannot read pipelines from ${file}: ${e}`);
      continue;
    }
    for (const config of configs) {
      const existing = await deps.pipelines.getByName(config.application, config.name);
      if (existing) continue;
      try {
        await deps.pipelines.create(config, 'config:pipelines', `loaded from ${path.basename(file)}`);
        deps.logger.info(`created pipeline ${config.application}/${config.name} from ${file}`);
      } catch (e) {
        deps.logger.error(`pipeline ${config.application}/${config.name} in ${file} is invalid: ${e}`);
      }
    }
  }
}

function readConfigs(text: string): PipelineConfig[] {
  return parseAllDocuments(text).flatMap(doc => {
    if (doc.errors.length > 0) throw doc.errors[0];
    const value = doc.toJS();
    if (value === null || value === undefined) return [];
    return (Array.isArray(value) ? value : [value]) as PipelineConfig[];
  });
}
