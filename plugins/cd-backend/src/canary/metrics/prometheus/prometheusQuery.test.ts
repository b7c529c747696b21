import type { CanaryConfig, CanaryMetricConfig } from '@internal/plugin-cd-common';
import { buildPrometheusQuery } from './prometheusQuery';

const times = { startTimeMillis: 1_700_000_000_000, endTimeMillis: 1_700_000_600_000, stepMillis: 60_000 };
const scope = { serverGroup: 'web-canary', location: 'shop', account: 'prod', extendedScopeParams: { env: 'production' } };
const config = (metric: CanaryMetricConfig, templates?: Record<string, string>): CanaryConfig => ({
  name: 'c',
  metrics: [metric],
  templates,
  classifier: { groupWeights: {} },
});
const metric = (query: Record<string, unknown>): CanaryMetricConfig => ({
  name: 'errors',
  query: { type: 'prometheus', ...query },
  groups: ['g'],
  analysisConfigurations: {},
});

describe("Kayenta's Prometheus queries", () => {
  it('wraps metricName with the filter and label bindings in avg(), grouped when asked', () => {
    const m = metric({
      metricName: 'http_requests_total',
      customInlineTemplate: 'namespace="${location}",pod=~"${scope}-.+"',
      labelBindings: ['code=~"5.."'],
      groupByFields: ['code'],
    });
    expect(buildPrometheusQuery(config(m), m, scope, times)).toBe(
      'avg(http_requests_total{namespace="shop",pod=~"web-canary-.+",code=~"5.."}) by (code)',
    );
  });

  it('uses a named template of the configuration', () => {
    const m = metric({ metricName: 'up', customFilterTemplate: 'mine' });
    expect(buildPrometheusQuery(config(m, { mine: 'env="${env}",cluster="${account}"' }), m, scope, times)).toBe(
      'avg(up{env="production",cluster="prod"})',
    );
  });

  it('takes a PromQL: template as the whole expression, with the range variables', () => {
    const m = metric({ customInlineTemplate: 'PromQL: sum(rate(x{pod=~"${serverGroup}-.+",ns="${namespace}"}[${step}])) @ ${end}' });
    expect(buildPrometheusQuery(config(m), m, scope, times)).toBe('sum(rate(x{pod=~"web-canary-.+",ns="shop"}[60s])) @ 1700000600');
  });

  it('names what is missing', () => {
    const unknownVariable = metric({ customInlineTemplate: 'PromQL:x{a="${region}"}' });
    expect(() => buildPrometheusQuery(config(unknownVariable), unknownVariable, scope, times)).toThrow(/\$\{region\} has no value/);
    const noFilter = metric({ metricName: 'up' });
    expect(() => buildPrometheusQuery(config(noFilter), noFilter, scope, times)).toThrow(/a custom filter is required/);
    const noTemplate = metric({ metricName: 'up', customFilterTemplate: 'absent' });
    expect(() => buildPrometheusQuery(config(noTemplate), noTemplate, scope, times)).toThrow(/"absent" is not in the configuration's templates/);
  });
});
