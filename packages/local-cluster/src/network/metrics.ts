/*
 * Per-backend request metrics of the service proxies, in the Prometheus text format. Hand-written
 * (two metric families) because the cluster package keeps its dependencies to a minimum.
 */

export const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface RequestLabels {
  namespace: string;
  /** the Service the request came in through */
  service: string;
  /** the Service whose pod answered (differs from `service` when an HTTPRoute split the traffic) */
  backend: string;
  pod: string;
}

interface Histogram {
  labels: RequestLabels;
  buckets: number[];
  sum: number;
  count: number;
}

export class RequestMetrics {
  private readonly counters = new Map<
    string,
    { labels: RequestLabels & { code: string }; value: number }
  >();
  private readonly histograms = new Map<string, Histogram>();

  observe(labels: RequestLabels, code: number, seconds: number): void {
    const withCode = { ...labels, code: String(code) };
    const counterKey = labelKey(withCode);
    const counter = this.counters.get(counterKey);
    if (counter) counter.value++;
    else this.counters.set(counterKey, { labels: withCode, value: 1 });

    const histogramKey = labelKey(labels);
    let histogram = this.histograms.get(histogramKey);
    if (!histogram) {
      histogram = {
        labels: { ...labels },
        buckets: DURATION_BUCKETS.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.histograms.set(histogramKey, histogram);
    }
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram!.buckets[i]++;
    });
    histogram.sum += seconds;
    histogram.count++;
  }

  /** Forgets the series of a Service that no longer exists. */
  forgetService(namespace: string, service: string): void {
    for (const [key, c] of this.counters)
      if (c.labels.namespace === namespace && c.labels.service === service)
        this.counters.delete(key);
    for (const [key, h] of this.histograms)
      if (h.labels.namespace === namespace && h.labels.service === service)
        this.histograms.delete(key);
  }

  text(): string {
    const lines: string[] = [];
    lines.push(
      '# HELP local_cluster_requests_total Requests through service proxies, by backend pod and status code.',
    );
    lines.push('# TYPE local_cluster_requests_total counter');
    for (const { labels, value } of this.counters.values())
      lines.push(`local_cluster_requests_total${render(labels)} ${value}`);
    lines.push(
      '# HELP local_cluster_request_duration_seconds Latency of requests through service proxies, by backend pod.',
    );
    lines.push('# TYPE local_cluster_request_duration_seconds histogram');
    for (const h of this.histograms.values()) {
      DURATION_BUCKETS.forEach((le, i) => {
        lines.push(
          `local_cluster_request_duration_seconds_bucket${render({
            ...h.labels,
            le: String(le),
          })} ${h.buckets[i]}`,
        );
      });
      lines.push(
        `local_cluster_request_duration_seconds_bucket${render({
          ...h.labels,
          le: '+Inf',
        })} ${h.count}`,
      );
      lines.push(
        `local_cluster_request_duration_seconds_sum${render(h.labels)} ${
          h.sum
        }`,
      );
      lines.push(
        `local_cluster_request_duration_seconds_count${render(h.labels)} ${
          h.count
        }`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelKey(labels: object): string {
  return JSON.stringify(labels);
}

function render(labels: object): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${escapeLabel(String(v))}"`,
  );
  return `{${parts.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}
