import type { CanaryConfig } from '@internal/plugin-cd-common';
import type { MetricFetchRequest, MetricSeries, MetricSource, MetricTrackingRequest } from '@internal/plugin-cd-node';

/** The metric sources by `query.type`: built in (prometheus, localCluster) and added by modules. */
export class MetricSourceRegistry {
  private readonly byType = new Map<string, MetricSource>();

  constructor(sources: MetricSource[] = []) {
    this.add(...sources);
  }

  add(...sources: MetricSource[]): void {
    for (const source of sources) {
      if (this.byType.has(source.type)) throw new Error(`metric source type ${source.type} is registered twice`);
      this.byType.set(source.type, source);
    }
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /** The metrics of a configuration whose source is not registered, as "metric (type)". */
  unknownSources(config: CanaryConfig): string[] {
    return config.metrics.filter(m => !this.byType.has(m.query.type)).map(m => `${m.name} (${m.query.type})`);
  }

  async fetch(request: MetricFetchRequest): Promise<MetricSeries> {
    const source = this.byType.get(request.metric.query.type);
    if (!source) {
      throw new Error(
        `no metric source of type ${JSON.stringify(request.metric.query.type)} (known: ${this.types().join(', ') || 'none'})`,
      );
    }
    return source.fetch(request);
  }

  /** Tells the sources the configuration uses that an analysis runs until `untilMillis`. */
  track(request: MetricTrackingRequest): void {
    const types = new Set(request.config.metrics.map(m => m.query.type));
    for (const type of types) this.byType.get(type)?.track?.(request);
  }
}
