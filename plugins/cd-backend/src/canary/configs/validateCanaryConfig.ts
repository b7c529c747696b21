import type { CanaryConfig, ValidationIssue } from '@internal/plugin-cd-common';
import { parseKayentaCanaryConfig } from '../judge';

/** Ids end up in URLs and in pipelines (`canaryConfigId`). */
export const CANARY_CONFIG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks a canary configuration (Kayenta's JSON, as exported by Kayenta or
 * written by hand) for an application. Paths are given as the API sees them,
 * under `config`. `applications` defaults to the application; a configuration
 * that names other applications only is rejected (it was made for another one).
 */
export function validateCanaryConfig(
  document: unknown,
  application: string,
): { config: CanaryConfig; issues: [] } | { config?: undefined; issues: ValidationIssue[] } {
  const parsed = parseKayentaCanaryConfig(document);
  if (!parsed.success) {
    return {
      issues: parsed.errors.map(e => ({ path: e.path ? `config.${e.path}` : 'config', message: e.message })),
    };
  }
  const config = parsed.config;
  const issues: ValidationIssue[] = [];
  if (config.id !== undefined && !CANARY_CONFIG_ID_PATTERN.test(config.id)) {
    issues.push({ path: 'config.id', message: 'must be 1-64 letters, digits, "-" or "_"' });
  }
  if (config.applications && config.applications.length > 0 && !config.applications.includes(application)) {
    issues.push({
      path: 'config.applications',
      message: `must include ${JSON.stringify(application)} (the application it is stored for)`,
    });
  }
  if (config.name.length > 255) issues.push({ path: 'config.name', message: 'must be at most 255 characters' });
  if (issues.length > 0) return { issues };
  return {
    config: { ...config, applications: config.applications?.length ? config.applications : [application] },
    issues: [],
  };
}
