import type { ParameterConfig } from '../pipeline';
import { resolveParameters } from './parameters';

const config: ParameterConfig[] = [
  {
    name: 'env',
    required: true,
    hasOptions: true,
    options: [{ value: 'dev' }, { value: 'prod' }],
    default: 'dev',
  },
  { name: 'version', required: true },
  { name: 'replicas', default: '2' },
  { name: 'note' },
];

describe('resolveParameters', () => {
  it('applies defaults, keeps given values and unknown parameters', () => {
    const result = resolveParameters(config, {
      version: '1.2.3',
      extra: 'kept',
      replicas: 3,
    });
    expect(result.issues).toEqual([]);
    expect(result.parameters).toEqual({
      env: 'dev',
      version: '1.2.3',
      replicas: 3,
      note: null,
      extra: 'kept',
    });
  });

  it('enforces required parameters, also when given empty', () => {
    expect(resolveParameters(config, {}).issues).toEqual([
      { path: 'parameters.version', message: 'is required' },
    ]);
    expect(resolveParameters(config, { version: '1', env: '' }).issues).toEqual(
      [{ path: 'parameters.env', message: 'is required' }],
    );
  });

  it('requires a value among the options', () => {
    expect(
      resolveParameters(config, { version: '1', env: 'qa' }).issues,
    ).toEqual([
      {
        path: 'parameters.env',
        message: '"qa" is not one of the options ("dev", "prod")',
      },
    ]);
  });

  it('quotes parameter names that are not identifiers in paths', () => {
    const result = resolveParameters(
      [{ name: 'docker-tag', required: true }],
      {},
    );
    expect(result.issues).toEqual([
      { path: 'parameters["docker-tag"]', message: 'is required' },
    ]);
  });

  it('works without a parameterConfig', () => {
    expect(resolveParameters(undefined, { a: 1 })).toEqual({
      parameters: { a: 1 },
      issues: [],
    });
  });
});
