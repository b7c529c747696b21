import type {
  CanaryConfig,
  StoredCanaryConfig,
} from '@internal/plugin-cd-common';

const config = (latencyGroup: string): CanaryConfig => ({
  name: 'shop-canary',
  metrics: [
    {
      name: 'error-rate',
      query: { type: 'prometheus', metricName: 'http_server_errors_total' },
      groups: ['errors'],
      analysisConfigurations: {
        canary: { direction: 'increase', critical: true },
      },
    },
    {
      name: 'latency-p99',
      query: { type: 'prometheus', metricName: 'http_latency_p99' },
      groups: [latencyGroup],
      analysisConfigurations: { canary: { direction: 'increase' } },
    },
  ],
  classifier: {
    groupWeights: { errors: 60, [latencyGroup]: 40 },
    scoreThresholds: { pass: 75, marginal: 50 },
  },
});

/** shop-canary at version 2 (the latency group renamed), and checkout-canary at version 1. */
export const storedConfigs = (): StoredCanaryConfig[][] => [
  [
    {
      id: 'cc-shop',
      application: 'shop',
      name: 'shop-canary',
      version: 1,
      config: config('latency'),
      updatedBy: 'user:default/bob',
      updatedAt: '2024-05-01T09:00:00.000Z',
    },
    {
      id: 'cc-shop',
      application: 'shop',
      name: 'shop-canary',
      version: 2,
      config: config('performance'),
      updatedBy: 'user:default/alice',
      updatedAt: '2024-05-01T10:00:00.000Z',
    },
  ],
  [
    {
      id: 'cc-checkout',
      application: 'shop',
      name: 'checkout-canary',
      version: 1,
      config: { ...config('latency'), name: 'checkout-canary' },
      updatedBy: 'user:default/alice',
      updatedAt: '2024-05-01T11:00:00.000Z',
    },
  ],
];
