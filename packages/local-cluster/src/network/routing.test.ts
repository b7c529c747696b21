import { matchRoute, RequestInfo, WeightedPicker } from './routing';

const route = (
  name: string,
  rules: any[],
  created = '2024-01-01T00:00:00Z',
) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {
    name,
    namespace: 'default',
    uid: name,
    creationTimestamp: created,
  },
  spec: { parentRefs: [{ kind: 'Service', group: '', name: 'web' }], rules },
});

const request = (
  path: string,
  headers: Record<string, string> = {},
  query = '',
): RequestInfo => ({
  method: 'GET',
  path,
  headers,
  query: new URLSearchParams(query),
});

describe('HTTPRoute matching', () => {
  const routes = [
    route('split', [
      {
        matches: [{ headers: [{ name: 'x-canary', value: 'always' }] }],
        backendRefs: [{ name: 'web-canary', port: 80 }],
      },
      {
        matches: [
          {
            headers: [
              { type: 'RegularExpression', name: 'x-user', value: 'qa-.*' },
            ],
          },
        ],
        backendRefs: [{ name: 'web-canary', port: 80 }],
      },
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api' },
            queryParams: [{ name: 'v', value: '2' }],
          },
        ],
        backendRefs: [{ name: 'web-v2', port: 80 }],
      },
      {
        backendRefs: [
          { name: 'web-baseline', port: 80, weight: 80 },
          { name: 'web-canary', port: 80, weight: 20 },
        ],
      },
    ]),
  ];

  it('prefers more specific matches', () => {
    expect(
      matchRoute(routes, request('/', { 'x-canary': 'always' }))?.backends.map(
        b => b.name,
      ),
    ).toEqual(['web-canary']);
    expect(
      matchRoute(routes, request('/', { 'x-user': 'qa-anna' }))?.backends.map(
        b => b.name,
      ),
    ).toEqual(['web-canary']);
    expect(
      matchRoute(routes, request('/', { 'x-user': 'anna-qa-' }))?.backends
        .length,
    ).toBe(2);
    expect(
      matchRoute(routes, request('/api/items', {}, 'v=2'))?.backends.map(
        b => b.name,
      ),
    ).toEqual(['web-v2']);
    expect(
      matchRoute(routes, request('/apiary', {}, 'v=2'))?.backends.length,
    ).toBe(2);
  });

  it('splits exactly by weight', () => {
    const picker = new WeightedPicker();
    const decision = matchRoute(routes, request('/'))!;
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const b = picker.pick('r', decision.backends)!;
      counts[b.name] = (counts[b.name] ?? 0) + 1;
    }
    expect(counts).toEqual({ 'web-baseline': 800, 'web-canary': 200 });
  });

  it('gives no backend when all weights are zero', () => {
    expect(
      new WeightedPicker().pick('r', [
        { name: 'a', namespace: 'd', weight: 0 },
      ]),
    ).toBeUndefined();
  });
});
