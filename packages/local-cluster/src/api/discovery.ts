import { ResourceType, ResourceTypeRegistry } from '../store/types';

/** Discovery documents: /api, /apis, group and group-version resource lists. */

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function groupVersions(types: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return groups;
}

/** Kubernetes version priority: GA over beta over alpha, higher numbers first. */
function versionRank(v: string): number {
  const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
  if (!m) return 0;
  const major = Number(m[1]);
  const stages: Record<string, number> = { alpha: 1, beta: 2 };
  const stage = m[2] ? stages[m[2]] : 3;
  return stage * 1_000_000 + major * 1000 + Number(m[3] ?? 0);
}

function sortVersions(versions: string[]): string[] {
  return [...versions].sort((a, b) => versionRank(b) - versionRank(a));
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: string[]) {
  const sorted = sortVersions(versions);
  return {
    name,
    versions: sorted.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${sorted[0]}`, version: sorted[0] },
  };
}

export function apiGroupList(registry: ResourceTypeRegistry) {
  const groups = groupVersions(registry.all());
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroupDocument(registry: ResourceTypeRegistry, group: string) {
  const versions = groupVersions(registry.all()).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

export function apiResourceList(registry: ResourceTypeRegistry, group: string, version: string) {
  const types = registry.all().filter(t => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types.sort((a, b) => a.resource.localeCompare(b.resource))) {
    resources.push({
      name: t.resource,
      singularName: t.singular ?? t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.resource === 'namespaces' ? ALL_VERBS.filter(v => v !== 'deletecollection') : ALL_VERBS,
      ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories?.length ? { categories: t.categories } : {}),
    });
    if (t.subresources?.status) {
      resources.push({ name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
    }
    if (t.subresources?.scale) {
      resources.push({ name: `${t.resource}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    }
    if (t.group === '' && t.resource === 'pods') {
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-local',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
