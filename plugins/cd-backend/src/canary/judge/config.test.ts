import { formatPath, parseKayentaCanaryConfig } from './config';

// kayenta-integration-tests/src/test/resources/canary-configs/prometheus/muted-metric.json (spinnaker/kayenta)
const kayentaMutedMetricConfig = {
  name: 'integration-test-canary-config',
  description: 'A very simple config for integration testing',
  judge: { judgeConfigurations: {}, name: 'NetflixACAJudge-v1.0' },
  metrics: [
    {
      name: 'Failing metric',
      query: {
        type: 'prometheus',
        metricName: 'integration_failing_metric',
        customFilterTemplate: 'standard-template',
      },
      analysisConfigurations: { canary: { critical: true, muted: true, direction: 'increase' } },
      groups: ['pod-group'],
      scopeName: 'default',
    },
    {
      name: 'Successful metric',
      query: {
        type: 'prometheus',
        metricName: 'integration_successful_metric',
        customFilterTemplate: 'standard-template',
      },
      analysisConfigurations: { canary: { critical: true, direction: 'increase' } },
      groups: ['pod-group'],
      scopeName: 'default',
    },
  ],
  templates: { 'standard-template': "namespace='${namespace}', scope='${scope}'" },
  classifier: { groupWeights: { 'pod-group': 100 }, scoreThresholds: { marginal: 50, pass: 75 } },
};

// scratch/prometheus_canary_config.json (spinnaker/kayenta): numeric configVersion, empty analysis settings.
const kayentaPrometheusSample = {
  name: 'MySamplePrometheusCanaryConfig',
  description: 'Example Automated Canary Analysis (ACA) Configuration using Prometheus',
  configVersion: 1.0,
  judge: { name: 'dredd-v1.0', judgeConfigurations: {} },
  metrics: [
    {
      name: 'cpu',
      query: {
        type: 'prometheus',
        metricName: 'node_cpu',
        aggregationPeriod: '60s',
        labelBindings: ['mode=~"user|system"', 'job="node"'],
        sumByFields: ['mode'],
      },
      analysisConfigurations: {},
      groups: ['system'],
    },
  ],
  classifier: { groupWeights: { system: 100.0 }, scoreThresholds: { pass: 95.0, marginal: 75.0 } },
};

function errorsOf(input: unknown) {
  const parsed = parseKayentaCanaryConfig(input);
  if (parsed.success) throw new Error('expected the config to be rejected');
  return parsed.errors;
}

describe('parseKayentaCanaryConfig', () => {
  it("accepts Kayenta's own configs and keeps every field", () => {
    for (const config of [kayentaMutedMetricConfig, kayentaPrometheusSample]) {
      const parsed = parseKayentaCanaryConfig(config);
      expect(parsed).toEqual({ success: true, config });
    }
  });

  it('accepts JSON text', () => {
    const parsed = parseKayentaCanaryConfig(JSON.stringify(kayentaMutedMetricConfig));
    expect(parsed.success).toBe(true);
    expect(errorsOf('{"name": ')).toEqual([{ path: '', message: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('fills in empty analysis settings', () => {
    const { analysisConfigurations, ...withoutSettings } = kayentaPrometheusSample.metrics[0];
    const parsed = parseKayentaCanaryConfig({ ...kayentaPrometheusSample, metrics: [withoutSettings] });
    expect(parsed.success && parsed.config.metrics[0].analysisConfigurations).toEqual({});
  });

  it('names the path of a bad analysis setting', () => {
    const config = structuredClone(kayentaMutedMetricConfig) as any;
    config.metrics[1].analysisConfigurations.canary.direction = 'sideways';
    config.metrics[1].analysisConfigurations.canary.effectSize = { allowedIncrease: 'a lot' };
    config.metrics[0].analysisConfigurations.canary.outliers = { strategy: 'remove', outlierFactor: 0 };
    const paths = errorsOf(config).map(e => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'metrics[1].analysisConfigurations.canary.direction',
        'metrics[1].analysisConfigurations.canary.effectSize.allowedIncrease',
        'metrics[0].analysisConfigurations.canary.outliers.outlierFactor',
      ]),
    );
  });

  it('keeps CLES thresholds between 0 and 1', () => {
    const config = structuredClone(kayentaMutedMetricConfig) as any;
    config.metrics[0].analysisConfigurations.canary.effectSize = { measure: 'cles', allowedIncrease: 1.2 };
    expect(errorsOf(config)).toEqual([
      {
        path: 'metrics[0].analysisConfigurations.canary.effectSize.allowedIncrease',
        message: 'must be between 0 and 1 when measure is cles, got 1.2',
      },
    ]);
  });

  it('requires names, queries, groups and group weights', () => {
    const paths = errorsOf({
      metrics: [{ name: '', query: {}, groups: [] }],
      classifier: {},
    }).map(e => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'metrics[0].name',
        'metrics[0].query.type',
        'metrics[0].groups',
        'classifier.groupWeights',
      ]),
    );
  });

  it('rejects duplicate metric names, weights over 100 and marginal above pass', () => {
    const config = structuredClone(kayentaMutedMetricConfig) as any;
    config.metrics[1].name = config.metrics[0].name;
    config.classifier.groupWeights = { 'pod-group': 80, other: 30 };
    config.classifier.scoreThresholds = { pass: 50, marginal: 75 };
    expect(errorsOf(config)).toEqual(
      expect.arrayContaining([
        { path: 'metrics[1].name', message: 'duplicate metric name "Failing metric"' },
        { path: 'classifier.groupWeights', message: 'group weights must not add up to more than 100' },
        { path: 'classifier.scoreThresholds.marginal', message: 'marginal must not be above pass' },
      ]),
    );
  });

  it('formats paths with indexes in brackets', () => {
    expect(formatPath(['metrics', 3, 'analysisConfigurations', 'canary'])).toBe(
      'metrics[3].analysisConfigurations.canary',
    );
    expect(formatPath([])).toBe('');
  });
});
