import type { KubeObject } from './kube';

/*
 * The canary deployment pattern (pure): a baseline (a fresh copy of the
 * stable version) and a canary (the new version), the same size, each with a
 * Service, next to the stable workload. Their pods carry the stable
 * Service's (and the stable server group's) selector labels with a suffix,
 * so neither ever selects them: they get traffic only through the
 * HTTPRoute's weights.
 */

export type Track = 'baseline' | 'canary';

export const CREATED_BY_ANNOTATION = 'canary.cd.backstage.io/created-by-execution';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'backstage-cd' };

/** `demo-app` → `demo-app-canary`: the names of a track's Deployment and Service. */
export const trackName = (service: string, track: Track) => `${service}-${track}`;

export interface CanaryManifestInput {
  application: string;
  namespace: string;
  /** The stable Service (the load balancer). */
  service: KubeObject;
  /** The stable server group's own selector (`spec.selector.matchLabels`). */
  stableSelector?: Record<string, string>;
  /** The pod template of the stable server group. */
  template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: any };
  track: Track;
  replicas: number;
  /** The canary's image; the baseline keeps the stable images. */
  image?: string;
  /** Only this container gets the image (default: those running the same repository, else the first). */
  container?: string;
}

/** The selector labels of a track's pods: the stable Service's, each value suffixed. */
export function trackSelector(service: KubeObject, track: Track): Record<string, string> {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  return Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, `${v}-${track}`]));
}

export function trackDeployment(input: CanaryManifestInput): KubeObject {
  const name = trackName(input.service.metadata.name, input.track);
  // Suffixed too, so the stable server group's selector never matches the tracks' pods either.
  const own = Object.fromEntries(
    Object.entries(input.stableSelector ?? {})
      .filter(([k]) => k !== 'pod-template-hash')
      .map(([k, v]) => [k, `${v}-${input.track}`]),
  );
  const selector = { ...own, ...trackSelector(input.service, input.track) };
  const labels = { ...(input.template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  const spec = structuredClone(input.template.spec);
  if (input.track === 'canary' && input.image) setImage(spec, input.image, input.container);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: input.namespace,
      labels: { ...MANAGED_BY, 'canary.cd.backstage.io/track': input.track },
      annotations: {
        'moniker.spinnaker.io/application': input.application,
        'moniker.spinnaker.io/cluster': `deployment ${name}`,
        'moniker.spinnaker.io/detail': input.track,
      },
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...labels, ...selector, 'canary.cd.backstage.io/track': input.track },
          ...(input.template.metadata?.annotations ? { annotations: input.template.metadata.annotations } : {}),
        },
        spec,
      },
    },
  };
}

export function trackService(service: KubeObject, namespace: string, track: Track): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: trackName(service.metadata.name, track),
      namespace,
      labels: { ...MANAGED_BY, 'canary.cd.backstage.io/track': track },
    },
    spec: {
      selector: trackSelector(service, track),
      ports: (service.spec?.ports ?? []).map((p: any) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
        protocol: p.protocol ?? 'TCP',
      })),
    },
  };
}

/** A route attached to the stable Service itself (Gateway API mesh/GAMMA), all traffic to stable. */
export function stableRoute(service: KubeObject, namespace: string, routeName: string, executionId: string): KubeObject {
  const port = service.spec?.ports?.[0]?.port;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: routeName,
      namespace,
      labels: { ...MANAGED_BY },
      annotations: { [CREATED_BY_ANNOTATION]: executionId },
    },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: service.metadata.name, ...(port ? { port } : {}) }],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: service.metadata.name, ...(port ? { port } : {}), weight: 1 }] }],
    },
  };
}

/**
 * An existing route's rules with all traffic back to the stable Service:
 * rules that only send to the tracks (user groups) go, the others keep their
 * matches and send to stable only.
 */
export function rulesBackToStable(rules: any[], stable: string, tracks: string[]): any[] {
  const isTrack = (ref: any) => tracks.includes(ref.name);
  const kept = rules.filter(rule => !(rule.backendRefs ?? []).every(isTrack) || (rule.backendRefs ?? []).length === 0);
  const port = rules.flatMap(r => r.backendRefs ?? []).find((b: any) => b.name === stable || b.port)?.port;
  const stableRef = { group: '', kind: 'Service', name: stable, ...(port ? { port } : {}), weight: 1 };
  const result = kept.map(rule => ({ ...rule, backendRefs: [stableRef] }));
  return result.length > 0 ? result : [{ backendRefs: [stableRef] }];
}

function setImage(spec: any, image: string, container?: string) {
  const containers: any[] = spec.containers ?? [];
  const repository = (ref: string) => ref.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  let targets = container
    ? containers.filter(c => c.name === container)
    : containers.filter(c => repository(String(c.image ?? '')) === repository(image));
  if (container && targets.length === 0) throw new Error(`the stable pods have no container named ${container}`);
  if (targets.length === 0) targets = containers.slice(0, 1);
  for (const c of targets) c.image = image;
}
