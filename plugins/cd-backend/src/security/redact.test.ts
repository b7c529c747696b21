import fc from 'fast-check';
import {
  collectSecretValues,
  isSecretName,
  REDACTED,
  redactExecution,
  redactSecrets,
  redactText,
  secretParameterNames,
} from './redact';

const secretManifest = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"data":{"password":"aHVudGVyMg=="}}',
    },
  },
  type: 'Opaque',
  data: { password: Buffer.from('hunter2-db').toString('base64') },
  stringData: { token: 'tok-123456' },
};

const execution = {
  id: 'e1',
  application: 'shop',
  trigger: {
    type: 'manual',
    parameters: {
      version: '1.2.3',
      dbPassword: 'pa55-word!',
      apiToken: 'tkn-abcdef',
      note: 'hello',
    },
  },
  pipelineConfig: {
    name: 'deploy',
    parameterConfig: [
      { name: 'version' },
      { name: 'dbPassword' },
      { name: 'note' },
      { name: 'signingKey', secret: true },
    ],
    stages: [
      { refId: '1', type: 'deployManifest', manifests: [secretManifest] },
    ],
  },
  stages: [
    {
      id: 's1',
      name: 'deploy',
      context: {
        manifests: [
          {
            ...secretManifest,
            stringData: { token: 'tok-123456', password: 'pa55-word!' },
          },
        ],
        'outputs.manifests': [{ ...secretManifest }],
        webhook: { body: 'sent pa55-word! to the vault' },
        parameters: { signingKey: 'k-999999' },
      },
      exception: {
        details: { error: 'apply failed: password pa55-word! rejected' },
      },
    },
  ],
};

describe('redactExecution', () => {
  const redacted = redactExecution(execution);
  const text = JSON.stringify(redacted);

  it('shows no secret value anywhere', () => {
    for (const secret of [
      'pa55-word!',
      'tkn-abcdef',
      'hunter2-db',
      Buffer.from('hunter2-db').toString('base64'),
      'tok-123456',
      'aHVudGVyMg==',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('redacts secret parameters by name and by secret: true, keeping the others', () => {
    expect(redacted.trigger.parameters).toEqual({
      version: '1.2.3',
      dbPassword: REDACTED,
      apiToken: REDACTED,
      note: 'hello',
    });
    expect(redacted.stages[0].context.parameters).toEqual({
      signingKey: REDACTED,
    });
  });

  it('redacts Secret manifests in the snapshot, the stage context and its outputs, keeping their keys', () => {
    expect(redacted.pipelineConfig.stages[0].manifests[0]).toMatchObject({
      data: { password: REDACTED },
      stringData: { token: REDACTED },
    });
    expect(redacted.stages[0].context['outputs.manifests'][0].data).toEqual({
      password: REDACTED,
    });
    expect(
      redacted.stages[0].context.manifests[0].metadata.annotations[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toBe(REDACTED);
  });

  it('masks secret values that travelled into other strings', () => {
    expect(redacted.stages[0].context.webhook.body).toBe(
      `sent ${REDACTED} to the vault`,
    );
    expect(redacted.stages[0].exception.details.error).toBe(
      `apply failed: password ${REDACTED} rejected`,
    );
  });

  it('leaves the input untouched and other data as it was', () => {
    expect(execution.trigger.parameters.dbPassword).toBe('pa55-word!');
    expect(redacted.id).toBe('e1');
    expect(redacted.stages[0].name).toBe('deploy');
  });
});

describe('helpers', () => {
  it('recognises secret-like names', () => {
    for (const name of [
      'password',
      'dbPassword',
      'DB_PASSWD',
      'apiToken',
      'client_secret',
      'apiKey',
      'api-key',
      'privateKey',
      'credentials',
      'passphrase',
    ]) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['version', 'environment', 'replicas', 'image'])
      expect(isSecretName(name)).toBe(false);
  });

  it('finds secret parameters from the config and the names', () => {
    expect(
      secretParameterNames([{ name: 'x', secret: true }, { name: 'y' }], {
        token: 'a',
        y: 'b',
      }),
    ).toEqual(new Set(['x', 'token']));
  });

  it('collects values longest first and ignores very short ones', () => {
    const values = collectSecretValues(
      { parameters: { p: 'abc', q: 'abcdefgh' } },
      new Set(['p', 'q']),
    );
    expect(values).toEqual(['abcdefgh']);
    expect(redactText('x abcdefgh y abcdefgh', values)).toBe(
      `x ${REDACTED} y ${REDACTED}`,
    );
  });

  it('survives cycles and deep nesting', () => {
    const cyclic: any = { a: { parameters: { password: 'secret-value' } } };
    cyclic.a.self = cyclic;
    const out: any = redactSecrets(cyclic, {
      secretParameters: new Set(['password']),
    });
    expect(out.a.parameters.password).toBe(REDACTED);
    expect(out.a.self).toBe(REDACTED);
  });

  it('never lets a secret parameter value through, whatever surrounds it (property)', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc
            .string({ minLength: 4, maxLength: 30 })
            // not a piece of the mask or of the data's own keys, which legitimately stay
            .filter(
              s =>
                !REDACTED.includes(s) &&
                !s.includes('*') &&
                !'trigger parameters password stages context message nested deep value'.includes(
                  s,
                ),
            ),
          fc.string({ maxLength: 20 }),
          fc.string({ maxLength: 20 }),
          (secret, before, after) => {
            const data = {
              trigger: { parameters: { password: secret } },
              stages: [
                {
                  context: {
                    message: `${before}${secret}${after}`,
                    nested: [{ deep: { value: secret } }],
                  },
                },
              ],
            };
            const out = JSON.stringify(redactExecution(data));
            return !out.includes(JSON.stringify(secret).slice(1, -1));
          },
        ),
        { numRuns: 300 },
      ),
    ).not.toThrow();
  });
});
