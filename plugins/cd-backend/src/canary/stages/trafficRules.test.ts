import { cidrRegex, headerMatch, rangeRegex, trafficRules } from './trafficRules';

describe('traffic rules', () => {
  const rules = trafficRules(
    [
      { name: 'web', port: 80, weight: 90 },
      { name: 'web-canary', port: 80, weight: 10 },
    ],
    [
      { name: 'office', backend: { name: 'web-canary', port: 80 }, match: { type: 'ipRanges', cidrs: ['10.20.0.0/16', '192.168.4.0/22'] } },
      { name: 'phones', backend: { name: 'web-canary' }, match: { type: 'userAgent', pattern: '.*(iPhone|Android).*' } },
      { name: 'beta', backend: { name: 'web-canary' }, match: { type: 'percentage', percent: 5 } },
    ],
  );

  it('puts each group of users in a rule of its own before the weighted split', () => {
    expect(rules).toHaveLength(4);
    expect(rules.slice(0, 3).map((r: any) => [r.matches[0].headers[0].name, r.backendRefs[0].name])).toEqual([
      ['X-Forwarded-For', 'web-canary'],
      ['User-Agent', 'web-canary'],
      ['Cookie', 'web-canary'],
    ]);
    const cookie = new RegExp((rules[2] as any).matches[0].headers[0].value);
    expect(cookie.test('session=abc; canary-bucket=3; theme=dark')).toBe(true);
    expect(cookie.test('canary-bucket=4')).toBe(true);
    expect(cookie.test('canary-bucket=5')).toBe(false);
    expect(cookie.test('canary-bucket=42')).toBe(false);
    expect(cookie.test('my-canary-bucket=1')).toBe(false);
  });

  it('uses only standard Gateway API fields', () => {
    expect(rules[rules.length - 1]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [
        { group: '', kind: 'Service', name: 'web', port: 80, weight: 90 },
        { group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 10 },
      ],
    });
    expect(headerMatch({ type: 'header', name: 'X-Canary', value: 'always' })).toEqual({ type: 'Exact', name: 'X-Canary', value: 'always' });
  });

  it('turns CIDRs into address patterns', () => {
    const matches = (cidr: string, ip: string) => new RegExp(`^(?:${cidrRegex(cidr)})$`).test(ip);
    expect(matches('10.0.0.0/8', '10.255.1.2')).toBe(true);
    expect(matches('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(matches('192.168.4.0/22', '192.168.7.1')).toBe(true);
    expect(matches('192.168.4.0/22', '192.168.3.1')).toBe(false);
    expect(matches('203.0.113.7/32', '203.0.113.7')).toBe(true);
    expect(matches('203.0.113.7', '203.0.113.70')).toBe(false);
    expect(() => cidrRegex('10.0.0/8')).toThrow(/not an IPv4 CIDR/);
    expect(new RegExp(`^(?:${rangeRegex(0, 9)})$`).test('10')).toBe(false);
  });
});
