import type { CanaryConfig, CanaryMetricConfig, CanaryScope } from '@internal/plugin-cd-common';
import { expandTemplate } from '../templates';

/** Kayenta's PrometheusCanaryMetricSetQueryConfig. */
export interface PrometheusQueryConfig {
  type: 'prometheus';
  metricName?: string;
  labelBindings?: string[];
  groupByFields?: string[];
  /** A filter (or, prefixed `PromQL:`, a whole expression) with `${scope}`-style variables. */
  customInlineTemplate?: string;
  /** The name of a template in the configuration's `templates`. */
  customFilterTemplate?: string;
  resourceType?: string;
}

export interface QueryTimes {
  startTimeMillis: number;
  endTimeMillis: number;
  stepMillis: number;
}

/**
 * The variables a template sees: Kayenta's (`scope`, `location`, `project`,
 * `resourceType`, the extended scope parameters) plus this product's names
 * for them (`serverGroup`, `namespace`, `account`) and the range (`start`,
 * `end` in Unix seconds, `step` as a PromQL duration such as `10s`).
 */
export function templateVariables(
  scope: CanaryScope,
  query: PrometheusQueryConfig,
  times: QueryTimes,
): Record<string, string> {
  const seconds = (ms: number) => String(ms / 1000);
  return {
    ...(scope.extendedScopeParams ?? {}),
    scope: scope.serverGroup,
    serverGroup: scope.serverGroup,
    location: scope.location,
    namespace: scope.location,
    account: scope.account ?? '',
    project: scope.extendedScopeParams?.project ?? '',
    resourceType: query.resourceType ?? scope.extendedScopeParams?.resourceType ?? '',
    start: seconds(times.startTimeMillis),
    end: seconds(times.endTimeMillis),
    step: `${Math.max(1, Math.round(times.stepMillis / 1000))}s`,
  };
}

/**
 * Builds the PromQL for one metric and scope as Kayenta's
 * PrometheusMetricsService does: a custom filter template that starts with
 * `PromQL:` is the whole expression; otherwise
 * `avg(metricName{<filter>,<labelBindings>}) by (<groupByFields>)`.
 */
export function buildPrometheusQuery(
  config: CanaryConfig,
  metric: CanaryMetricConfig,
  scope: CanaryScope,
  times: QueryTimes,
): string {
  const query = metric.query as PrometheusQueryConfig;
  const variables = templateVariables(scope, query, times);
  const template = customTemplate(config, metric.name, query);
  const customFilter = template === undefined ? undefined : expandTemplate(template, variables);

  if (customFilter?.startsWith('PromQL:')) return customFilter.slice('PromQL:'.length).trim();

  if (!query.metricName) {
    throw new Error(`metric ${metric.name}: query.metricName is required unless the template is a whole PromQL: expression`);
  }
  let filters = [...(query.labelBindings ?? [])];
  if (customFilter === undefined || customFilter === '') {
    // Kayenta knows only GCE and EC2 resource types; anything else needs a filter.
    throw new Error(
      `metric ${metric.name}: a custom filter is required (customInlineTemplate or customFilterTemplate), e.g. "namespace=\\"\${location}\\",pod=~\\"\${scope}-.*\\""`,
    );
  }
  // As Kayenta: the filter's comma-separated matchers come first.
  filters = [...customFilter.split(','), ...filters];
  let expression = `${query.metricName}{${filters.join(',')}}`;
  expression = `avg(${expression})`;
  if (query.groupByFields?.length) expression += ` by (${query.groupByFields.join(',')})`;
  return expression;
}

function customTemplate(config: CanaryConfig, metricName: string, query: PrometheusQueryConfig): string | undefined {
  if (query.customInlineTemplate) return query.customInlineTemplate;
  if (query.customFilterTemplate) {
    const template = config.templates?.[query.customFilterTemplate];
    if (template === undefined) {
      throw new Error(
        `metric ${metricName}: customFilterTemplate ${JSON.stringify(query.customFilterTemplate)} is not in the configuration's templates`,
      );
    }
    return template;
  }
  return undefined;
}
