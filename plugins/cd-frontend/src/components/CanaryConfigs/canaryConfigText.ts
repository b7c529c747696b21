import type { CanaryConfig } from '@internal/plugin-cd-common';
import { lineOfPath, parseText } from '../PipelineEditor';

/** What a new configuration starts from: Kayenta's shape with one critical metric. */
export const blankCanaryConfig = (application: string): CanaryConfig => ({
  name: `${application}-canary`,
  description: '',
  applications: [application],
  judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
  metrics: [
    {
      name: 'error-rate',
      query: { type: 'prometheus', metricName: 'http_server_errors_total' },
      groups: ['errors'],
      analysisConfigurations: {
        canary: { direction: 'increase', critical: true },
      },
      scopeName: 'default',
    },
  ],
  classifier: {
    groupWeights: { errors: 100 },
    scoreThresholds: { pass: 75, marginal: 50 },
  },
});

/**
 * The configuration the text holds; throws a readable error (with its line)
 * when the text does not parse or is not an object. Everything else is the
 * backend's to judge, so its issues come back with field paths.
 */
export function readCanaryConfig(text: string): CanaryConfig {
  const value = parseText(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(
      'A canary configuration is an object (name, metrics, classifier…)',
    );
  return value as CanaryConfig;
}

/** The line an issue's path points at; the API may name paths from its body (`config.metrics[0]`). */
export function lineOfIssue(text: string, path: string): number | undefined {
  return lineOfPath(text, path.replace(/^config(\.|(?=\[)|$)/, ''));
}
