import type { KubeObject } from '../store/types';

/** Where a container's env references are looked up. */
export interface EnvSources {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** `<SVC>_SERVICE_HOST` / `_PORT` style variables of the namespace's Services */
  serviceLinks(namespace: string): Record<string, string>;
}

/** A container cannot start until its configuration exists: CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

/** The few variables of the cluster's own environment a process needs to work at all (no secrets). */
const INHERITED = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'SYSTEMROOT',
  'NODE_EXTRA_CA_CERTS',
];

/**
 * The environment of one container, in Kubernetes' order: service links, envFrom, then env, where
 * `$(VAR)` refers to variables defined before it.
 */
export function containerEnv(
  pod: KubeObject,
  container: any,
  podIP: string,
  hostIP: string,
  imageEnv: Record<string, string>,
  sources: EnvSources,
): Record<string, string> {
  const namespace = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const name of INHERITED)
    if (process.env[name] !== undefined) env[name] = process.env[name]!;
  Object.assign(env, imageEnv);
  const firstPort = container.ports?.[0]?.containerPort;
  Object.assign(env, {
    HOSTNAME: pod.spec?.hostname ?? pod.metadata.name,
    POD_NAME: pod.metadata.name,
    POD_NAMESPACE: namespace,
    POD_IP: podIP,
    // the address a process should bind: its own loopback IP
    HOST: podIP,
    ...(firstPort ? { PORT: String(firstPort) } : {}),
    LOCAL_CLUSTER_POD_UID: pod.metadata.uid ?? '',
  });
  if (pod.spec?.enableServiceLinks !== false)
    Object.assign(env, sources.serviceLinks(namespace));

  (container.envFrom ?? []).forEach((from: any, i: number) => {
    const path = `spec.containers[${container.name}].envFrom[${i}]`;
    const prefix: string = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = sources.configMap(namespace, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) return;
        throw new ContainerConfigError(
          `configmap "${from.configMapRef.name}" not found (${path}.configMapRef)`,
        );
      }
      for (const [k, v] of Object.entries(cm.data ?? {}))
        env[prefix + k] = String(v);
    } else if (from.secretRef) {
      const secret = sources.secret(namespace, from.secretRef.name);
      if (!secret) {
        if (from.secretRef.optional) return;
        throw new ContainerConfigError(
          `secret "${from.secretRef.name}" not found (${path}.secretRef)`,
        );
      }
      for (const [k, v] of Object.entries(secretData(secret)))
        env[prefix + k] = v;
    }
  });

  (container.env ?? []).forEach((variable: any, i: number) => {
    const path = `spec.containers[${container.name}].env[${i}]`;
    if (variable.value !== undefined) {
      env[variable.name] = expandReferences(String(variable.value), env);
      return;
    }
    const from = variable.valueFrom;
    if (!from) {
      env[variable.name] = '';
      return;
    }
    const value = valueFrom(from, `${path}.valueFrom`);
    if (value !== undefined) env[variable.name] = value;
  });
  return env;

  function valueFrom(from: any, path: string): string | undefined {
    if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const value = sources.configMap(namespace, ref.name)?.data?.[ref.key];
      if (value === undefined && !ref.optional) {
        throw new ContainerConfigError(
          `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name} (${path}.configMapKeyRef)`,
        );
      }
      return value;
    }
    if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = sources.secret(namespace, ref.name);
      const value = secret ? secretData(secret)[ref.key] : undefined;
      if (value === undefined && !ref.optional) {
        throw new ContainerConfigError(
          `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name} (${path}.secretKeyRef)`,
        );
      }
      return value;
    }
    if (from.fieldRef)
      return fieldValue(
        pod,
        from.fieldRef.fieldPath,
        podIP,
        hostIP,
        `${path}.fieldRef.fieldPath`,
      );
    if (from.resourceFieldRef) return '0'; // no resource limits are enforced on local processes
    throw new ContainerConfigError(
      `${path}: one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef is required`,
    );
  }
}

function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {}))
    out[k] = Buffer.from(String(v), 'base64').toString('utf8');
  for (const [k, v] of Object.entries(secret.stringData ?? {}))
    out[k] = String(v);
  return out;
}

/** The downward API's field paths. */
export function fieldValue(
  pod: KubeObject,
  fieldPath: string,
  podIP: string,
  hostIP: string,
  path: string,
): string {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (keyed)
    return (
      (pod.metadata[keyed[1] as 'labels' | 'annotations'] ?? {})[keyed[2]] ?? ''
    );
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP;
    default:
      throw new ContainerConfigError(
        `${path}: unsupported field path "${fieldPath}"`,
      );
  }
}

/** `$(NAME)` expands to a defined variable, `$$` escapes, unknown references stay as written. */
export function expandReferences(
  value: string,
  env: Record<string, string>,
): string {
  return value.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (match, name: string | undefined) => {
      if (match === '$$') return '$';
      return name !== undefined && env[name] !== undefined ? env[name] : match;
    },
  );
}
