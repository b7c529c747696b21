/**
 * Keeps secrets out of what the product shows and logs: values of secret
 * pipeline parameters and the contents of Kubernetes Secrets. Pure functions
 * over JSON-like data; the input is never modified.
 *
 * Two passes, because a secret travels: `${parameters.dbPassword}` ends up in
 * a manifest's stringData, in a stage's resolved context, in a webhook body.
 *  1. structural: parameters that are secret (`secret: true` in the pipeline's
 *     parameterConfig, or a name like password/token/secret/apiKey) and the
 *     data/stringData of Secret manifests are replaced by REDACTED;
 *  2. by value: every other string that contains one of those values gets
 *     the value masked, wherever it sits.
 */

export const REDACTED = '**redacted**';

/** Values shorter than this are not masked inside other strings (masking "1" everywhere would garble everything). */
const MIN_VALUE_LENGTH = 4;
const MAX_DEPTH = 64;

const SECRET_NAME =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|credential|private[-_]?key|auth/i;

type Json = unknown;
type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parameter or field name says it holds a secret (password, apiToken, client_secret, apiKey…). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Names of an execution's secret parameters: marked `secret: true`, or named like a secret. */
export function secretParameterNames(
  parameterConfig: unknown,
  parameters: unknown,
): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(parameterConfig)) {
    for (const p of parameterConfig) {
      if (
        isObject(p) &&
        typeof p.name === 'string' &&
        (p.secret === true || isSecretName(p.name))
      )
        names.add(p.name);
    }
  }
  if (isObject(parameters))
    for (const name of Object.keys(parameters))
      if (isSecretName(name)) names.add(name);
  return names;
}

const isSecretManifest = (v: unknown): v is JsonObject =>
  isObject(v) &&
  v.kind === 'Secret' &&
  (v.apiVersion === 'v1' || v.apiVersion === undefined);

function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(value) || value.length % 4 !== 0)
    return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  // only text secrets are worth searching for elsewhere
  return /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : undefined;
}

/** The secret values found in `data`: secret parameters and Secret manifests' data (raw and decoded) and stringData. */
export function collectSecretValues(
  data: Json,
  secretParameters: Set<string> = new Set(),
): string[] {
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= MIN_VALUE_LENGTH && v !== REDACTED)
      values.add(v);
  };
  const walk = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      v.forEach(item => walk(item, depth + 1));
      return;
    }
    if (!isObject(v)) return;
    if (isSecretManifest(v)) {
      if (isObject(v.data)) {
        for (const encoded of Object.values(v.data)) {
          add(encoded);
          if (typeof encoded === 'string') add(decodeBase64(encoded));
        }
      }
      if (isObject(v.stringData)) Object.values(v.stringData).forEach(add);
    }
    if (isObject(v.parameters)) {
      for (const [name, value] of Object.entries(v.parameters))
        if (secretParameters.has(name)) add(value);
    }
    Object.values(v).forEach(child => walk(child, depth + 1));
  };
  walk(data, 0);
  // longest first, so a value containing another is masked whole
  return [...values].sort((a, b) => b.length - a.length);
}

/** Masks every occurrence of the secret values in a text (a log line, an error message). */
export function redactText(
  text: string,
  secretValues: readonly string[],
): string {
  let out = text;
  for (const value of secretValues)
    if (value.length >= MIN_VALUE_LENGTH && out.includes(value))
      out = out.split(value).join(REDACTED);
  return out;
}

function redactSecretManifest(manifest: JsonObject): JsonObject {
  const copy: JsonObject = { ...manifest };
  for (const field of ['data', 'stringData']) {
    const value = manifest[field];
    if (isObject(value))
      copy[field] = Object.fromEntries(
        Object.keys(value).map(k => [k, REDACTED]),
      );
  }
  const metadata = manifest.metadata;
  if (isObject(metadata) && isObject(metadata.annotations)) {
    // kubectl's last-applied-configuration repeats the whole Secret
    const annotations = { ...metadata.annotations };
    if ('kubectl.kubernetes.io/last-applied-configuration' in annotations) {
      annotations['kubectl.kubernetes.io/last-applied-configuration'] =
        REDACTED;
    }
    copy.metadata = { ...metadata, annotations };
  }
  return copy;
}

/**
 * A copy of any JSON-like value with secrets redacted: Secret manifests'
 * data, the named parameters in any `parameters` map, and every occurrence
 * of the secret values in strings.
 */
export function redactSecrets<T>(
  data: T,
  options: { secretParameters?: Set<string>; extraValues?: string[] } = {},
): T {
  const secretParameters = options.secretParameters ?? new Set<string>();
  const values = [
    ...collectSecretValues(data, secretParameters),
    ...(options.extraValues ?? []),
  ].sort((a, b) => b.length - a.length);
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v, values);
    if (typeof v !== 'object' || v === null) return v;
    if (depth > MAX_DEPTH || seen.has(v)) return REDACTED;
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map(item => walk(item, depth + 1));
      let source = v as JsonObject;
      if (isSecretManifest(source)) source = redactSecretManifest(source);
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(source)) {
        if (key === 'parameters' && isObject(child)) {
          out[key] = Object.fromEntries(
            Object.entries(child).map(([name, value]) => [
              name,
              secretParameters.has(name) ? REDACTED : walk(value, depth + 2),
            ]),
          );
        } else {
          out[key] = walk(child, depth + 1);
        }
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(data, 0) as T;
}

/**
 * An execution (or execution summary) as the API may show it: its secret
 * parameters (from its pipeline snapshot's parameterConfig and secret-like
 * names) and Secret manifests redacted everywhere, stages included.
 */
export function redactExecution<T>(execution: T): T {
  if (!isObject(execution)) return execution;
  const pipelineConfig = isObject(execution.pipelineConfig)
    ? execution.pipelineConfig
    : undefined;
  const trigger = isObject(execution.trigger) ? execution.trigger : undefined;
  const secretParameters = secretParameterNames(
    pipelineConfig?.parameterConfig,
    trigger?.parameters,
  );
  return redactSecrets(execution, { secretParameters });
}
