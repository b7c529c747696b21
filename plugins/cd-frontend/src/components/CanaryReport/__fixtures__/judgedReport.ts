/*
 * A kayentaCanary report whose judge results were produced by the backend's
 * NetflixACAJudge (cd-backend/src/canary/judge) on these series, pasted here
 * because the frontend may not import the backend. Interval 1 passes;
 * interval 2 has a High (latency), a Low (cpu), a muted Low (requests) and a
 * Nodata (memory) metric and scores Marginal.
 */
import type { CanaryReport } from '@internal/plugin-cd-common';

export const judgedReport: CanaryReport = {
  canaryConfigId: 'cc-1',
  canaryConfigName: 'demo-app-canary',
  config: {
    name: 'demo-app-canary',
    judge: {
      name: 'NetflixACAJudge-v1.0',
      judgeConfigurations: {},
    },
    metrics: [
      {
        name: 'error-rate',
        query: {
          type: 'prometheus',
          metricName: 'http_errors',
        },
        groups: ['errors'],
        analysisConfigurations: {
          canary: {
            direction: 'increase',
            critical: true,
          },
        },
      },
      {
        name: 'latency-p99',
        query: {
          type: 'prometheus',
          metricName: 'latency',
        },
        groups: ['latency'],
        analysisConfigurations: {
          canary: {
            direction: 'increase',
          },
        },
      },
      {
        name: 'cpu',
        query: {
          type: 'prometheus',
          metricName: 'cpu',
        },
        groups: ['system'],
        analysisConfigurations: {
          canary: {
            direction: 'either',
          },
        },
      },
      {
        name: 'requests',
        query: {
          type: 'prometheus',
          metricName: 'requests',
        },
        groups: ['system'],
        analysisConfigurations: {
          canary: {
            muted: true,
          },
        },
      },
      {
        name: 'memory',
        query: {
          type: 'prometheus',
          metricName: 'memory',
        },
        groups: ['system'],
        analysisConfigurations: {
          canary: {},
        },
      },
    ],
    classifier: {
      groupWeights: {
        errors: 50,
        latency: 30,
        system: 20,
      },
      scoreThresholds: {
        pass: 75,
        marginal: 50,
      },
    },
  },
  control: {
    serverGroup: 'demo-app-baseline-v001',
    location: 'staging',
    account: 'local',
  },
  experiment: {
    serverGroup: 'demo-app-canary-v002',
    location: 'staging',
    account: 'local',
  },
  scoreThresholds: {
    pass: 75,
    marginal: 50,
  },
  intervals: [
    {
      interval: 1,
      startTime: '2024-05-01T10:00:00.000Z',
      endTime: '2024-05-01T10:10:00.000Z',
      result: {
        judgeName: 'NetflixACAJudge-v1.0',
        results: [
          {
            name: 'error-rate',
            id: '1',
            tags: {},
            groups: ['errors'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 0.0105,
                max: 0.013500000000000002,
                mean: 0.011800000000000001,
                std: 0.001159501808728406,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 0.01,
                max: 0.012,
                mean: 0.0109,
                std: 0.0008755950357709132,
                count: 10,
              },
            },
            classification: 'Pass',
            critical: false,
            resultMetadata: {
              ratio: 1.0825688073394497,
              effectSize: 1.0825688073394497,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -0.0004704331551988373,
              upperConfidence: 0.0024650138766766556,
              estimate: 0.000537128672049049,
              pValue: 0.08560864553914709,
              lowerBound: -0.00013428216801226225,
              upperBound: 0.00013428216801226225,
              noiseAdded: false,
            },
          },
          {
            name: 'latency-p99',
            id: '2',
            tags: {},
            groups: ['latency'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 121,
                max: 125,
                mean: 123,
                std: 1.4907119849998598,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 120,
                max: 124,
                mean: 122,
                std: 1.4907119849998598,
                count: 10,
              },
            },
            classification: 'Pass',
            critical: false,
            resultMetadata: {
              ratio: 1.0081967213114753,
              effectSize: 1.0081967213114753,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -0.9999905859429334,
              upperConfidence: 2.999990585942933,
              estimate: 1,
              pValue: 0.17886068602453659,
              lowerBound: -0.25,
              upperBound: 0.25,
              noiseAdded: false,
            },
          },
          {
            name: 'cpu',
            id: '3',
            tags: {},
            groups: ['system'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 0.51,
                max: 0.55,
                mean: 0.528,
                std: 0.017511900715418277,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 0.5,
                max: 0.54,
                mean: 0.518,
                std: 0.017511900715418277,
                count: 10,
              },
            },
            classification: 'Pass',
            critical: false,
            resultMetadata: {
              ratio: 1.0193050193050193,
              effectSize: 1.0193050193050193,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -0.010017873004556851,
              upperConfidence: 0.03001787300455687,
              estimate: 0.010000000000000009,
              pValue: 0.20604564052453725,
              lowerBound: -0.0025000000000000022,
              upperBound: 0.0025000000000000022,
              noiseAdded: false,
            },
          },
          {
            name: 'requests',
            id: '4',
            tags: {},
            groups: ['system'],
            muted: true,
            experimentMetadata: {
              stats: {
                min: 90,
                max: 99,
                mean: 94.5,
                std: 3.0276503540974917,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 100,
                max: 109,
                mean: 104.5,
                std: 3.0276503540974917,
                count: 10,
              },
            },
            classification: 'Low',
            classificationReason: 'requests was classified as Low',
            critical: false,
            resultMetadata: {
              ratio: 0.9043062200956937,
              effectSize: 0.9043062200956937,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -13.999993438266213,
              upperConfidence: -6.0000065617337865,
              estimate: -10,
              pValue: 0.00018267179110955016,
              lowerBound: -2.5,
              upperBound: 2.5,
              noiseAdded: false,
            },
          },
          {
            name: 'memory',
            id: '5',
            tags: {},
            groups: ['system'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 258,
                max: 267,
                mean: 262.5,
                std: 3.0276503540974917,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 256,
                max: 265,
                mean: 260.6666666666667,
                std: 3.1622776601683795,
                count: 9,
              },
            },
            classification: 'Pass',
            critical: false,
            resultMetadata: {
              ratio: 1.0070332480818414,
              effectSize: 1.0070332480818414,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -2.000001294885351,
              upperConfidence: 5.99999969854961,
              estimate: 2,
              pValue: 0.25153830935790245,
              lowerBound: -0.5,
              upperBound: 0.5,
              noiseAdded: false,
            },
          },
        ],
        groupScores: [
          {
            name: 'errors',
            score: 100,
            classification: '',
            classificationReason: '',
          },
          {
            name: 'latency',
            score: 100,
            classification: '',
            classificationReason: '',
          },
          {
            name: 'system',
            score: 100,
            classification: '',
            classificationReason: '',
          },
        ],
        score: {
          score: 100,
          classification: 'Pass',
          classificationReason: '',
        },
      },
      series: [
        {
          metric: 'error-rate',
          startTimeMillis: 1714557600000,
          stepMillis: 60000,
          control: [
            0.01, 0.011, 0.012, 0.01, 0.011, 0.012, 0.01, 0.011, 0.012, 0.01,
          ],
          experiment: [
            0.0105, 0.0115, 0.0125, 0.013500000000000002, 0.0105, 0.0115,
            0.0125, 0.013500000000000002, 0.0105, 0.0115,
          ],
        },
        {
          metric: 'latency-p99',
          startTimeMillis: 1714557600000,
          stepMillis: 60000,
          control: [120, 121, 122, 123, 124, 120, 121, 122, 123, 124],
          experiment: [121, 122, 123, 124, 125, 121, 122, 123, 124, 125],
        },
        {
          metric: 'cpu',
          startTimeMillis: 1714557600000,
          stepMillis: 60000,
          control: [0.5, 0.52, 0.54, 0.5, 0.52, 0.54, 0.5, 0.52, 0.54, 0.5],
          experiment: [
            0.51, 0.53, 0.55, 0.51, 0.53, 0.55, 0.51, 0.53, 0.55, 0.51,
          ],
        },
        {
          metric: 'requests',
          startTimeMillis: 1714557600000,
          stepMillis: 60000,
          control: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109],
          experiment: [90, 91, 92, 93, 94, 95, 96, 97, 98, 99],
        },
        {
          metric: 'memory',
          startTimeMillis: 1714557600000,
          stepMillis: 60000,
          control: [256, 257, 258, null, 260, 261, 262, 263, 264, 265],
          experiment: [258, 259, 260, 261, 262, 263, 264, 265, 266, 267],
        },
      ],
    },
    {
      interval: 2,
      startTime: '2024-05-01T10:10:00.000Z',
      endTime: '2024-05-01T10:20:00.000Z',
      result: {
        judgeName: 'NetflixACAJudge-v1.0',
        results: [
          {
            name: 'error-rate',
            id: '1',
            tags: {},
            groups: ['errors'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 0.0105,
                max: 0.013500000000000002,
                mean: 0.011800000000000001,
                std: 0.001159501808728406,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 0.01,
                max: 0.012,
                mean: 0.0109,
                std: 0.0008755950357709132,
                count: 10,
              },
            },
            classification: 'Pass',
            critical: false,
            resultMetadata: {
              ratio: 1.0825688073394497,
              effectSize: 1.0825688073394497,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -0.0004704331551988373,
              upperConfidence: 0.0024650138766766556,
              estimate: 0.000537128672049049,
              pValue: 0.08560864553914709,
              lowerBound: -0.00013428216801226225,
              upperBound: 0.00013428216801226225,
              noiseAdded: false,
            },
          },
          {
            name: 'latency-p99',
            id: '2',
            tags: {},
            groups: ['latency'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 180,
                max: 188,
                mean: 184,
                std: 2.9814239699997196,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 120,
                max: 124,
                mean: 122,
                std: 1.4907119849998598,
                count: 10,
              },
            },
            classification: 'High',
            classificationReason: 'latency-p99 was classified as High',
            critical: false,
            resultMetadata: {
              ratio: 1.5081967213114753,
              effectSize: 1.5081967213114753,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: 58.99995511999844,
              upperConfidence: 65.00004488000157,
              estimate: 62,
              pValue: 0.0001726539968822677,
              lowerBound: -15.5,
              upperBound: 15.5,
              noiseAdded: false,
            },
          },
          {
            name: 'cpu',
            id: '3',
            tags: {},
            groups: ['system'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 0.2,
                max: 0.24000000000000002,
                mean: 0.218,
                std: 0.017511900715418267,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 0.5,
                max: 0.54,
                mean: 0.518,
                std: 0.017511900715418277,
                count: 10,
              },
            },
            classification: 'Low',
            classificationReason: 'cpu was classified as Low',
            critical: false,
            resultMetadata: {
              ratio: 0.42084942084942084,
              effectSize: 0.42084942084942084,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -0.32001787300455686,
              upperConfidence: -0.2799821269954432,
              estimate: -0.30000000000000004,
              pValue: 0.0001485137047299423,
              lowerBound: -0.07500000000000001,
              upperBound: 0.07500000000000001,
              noiseAdded: false,
            },
          },
          {
            name: 'requests',
            id: '4',
            tags: {},
            groups: ['system'],
            muted: true,
            experimentMetadata: {
              stats: {
                min: 90,
                max: 99,
                mean: 94.5,
                std: 3.0276503540974917,
                count: 10,
              },
            },
            controlMetadata: {
              stats: {
                min: 100,
                max: 109,
                mean: 104.5,
                std: 3.0276503540974917,
                count: 10,
              },
            },
            classification: 'Low',
            classificationReason: 'requests was classified as Low',
            critical: false,
            resultMetadata: {
              ratio: 0.9043062200956937,
              effectSize: 0.9043062200956937,
              effectSizeMeasure: 'meanRatio',
              lowerConfidence: -13.999993438266213,
              upperConfidence: -6.0000065617337865,
              estimate: -10,
              pValue: 0.00018267179110955016,
              lowerBound: -2.5,
              upperBound: 2.5,
              noiseAdded: false,
            },
          },
          {
            name: 'memory',
            id: '5',
            tags: {},
            groups: ['system'],
            muted: false,
            experimentMetadata: {
              stats: {
                min: 0,
                max: 0,
                mean: 0,
                std: 0,
                count: 0,
              },
            },
            controlMetadata: {
              stats: {
                min: 0,
                max: 0,
                mean: 0,
                std: 0,
                count: 0,
              },
            },
            classification: 'Nodata',
            classificationReason: 'Missing data for memory',
            critical: false,
            resultMetadata: {
              ratio: 1,
            },
          },
        ],
        groupScores: [
          {
            name: 'errors',
            score: 100,
            classification: '',
            classificationReason: '',
          },
          {
            name: 'latency',
            score: 0,
            classification: '',
            classificationReason: '',
          },
          {
            name: 'system',
            score: 0,
            classification: '',
            classificationReason: '',
          },
        ],
        score: {
          score: 50,
          classification: 'Marginal',
          classificationReason: '',
        },
      },
      series: [
        {
          metric: 'error-rate',
          startTimeMillis: 1714558200000,
          stepMillis: 60000,
          control: [
            0.01, 0.011, 0.012, 0.01, 0.011, 0.012, 0.01, 0.011, 0.012, 0.01,
          ],
          experiment: [
            0.0105, 0.0115, 0.0125, 0.013500000000000002, 0.0105, 0.0115,
            0.0125, 0.013500000000000002, 0.0105, 0.0115,
          ],
        },
        {
          metric: 'latency-p99',
          startTimeMillis: 1714558200000,
          stepMillis: 60000,
          control: [120, 121, 122, 123, 124, 120, 121, 122, 123, 124],
          experiment: [180, 182, 184, 186, 188, 180, 182, 184, 186, 188],
        },
        {
          metric: 'cpu',
          startTimeMillis: 1714558200000,
          stepMillis: 60000,
          control: [0.5, 0.52, 0.54, 0.5, 0.52, 0.54, 0.5, 0.52, 0.54, 0.5],
          experiment: [
            0.2, 0.22, 0.24000000000000002, 0.2, 0.22, 0.24000000000000002, 0.2,
            0.22, 0.24000000000000002, 0.2,
          ],
        },
        {
          metric: 'requests',
          startTimeMillis: 1714558200000,
          stepMillis: 60000,
          control: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109],
          experiment: [90, 91, 92, 93, 94, 95, 96, 97, 98, 99],
        },
        {
          metric: 'memory',
          startTimeMillis: 1714558200000,
          stepMillis: 60000,
          control: [null, null, null, null, null, null, null, null, null, null],
          experiment: [
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          ],
        },
      ],
    },
  ],
  overallScore: 50,
  overallResult: 'marginal',
  reason: 'interval 2 scored 50 < pass 75',
};
