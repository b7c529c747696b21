import { badRequest } from '../store/errors';
import { ResourceType, ResourceTypeRegistry } from '../store/types';

/** A parsed resource URL: /api/v1/namespaces/ns/pods/name/status and its relatives. */
export interface ResourceRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** legacy /watch/ prefix */
  watchPrefix: boolean;
}

export type ParsedPath =
  | { kind: 'resource'; route: ResourceRoute }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'group'; group: string }
  | { kind: 'unknown' };

function notFoundPath(): ParsedPath {
  return { kind: 'unknown' };
}

export function parsePath(pathname: string, registry: ResourceTypeRegistry): ParsedPath {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length < 2) return notFoundPath();
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 2) return { kind: 'group', group: segments[1] };
    if (segments.length < 3) return notFoundPath();
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return notFoundPath();
  }
  if (rest.length === 0) return { kind: 'groupVersion', group, version };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const candidate = registry.byResource(group, version, rest[2]);
    if (candidate && candidate.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const type = registry.byResource(group, version, rest[0]);
  if (!type) return notFoundPath();
  if (rest.length > 3) return notFoundPath();
  if (namespace === undefined && type.namespaced && rest.length > 1) {
    throw badRequest(`the server could not find the requested resource: ${type.resource} is namespaced, use /namespaces/<namespace>/${type.resource}/<name>`);
  }
  return { kind: 'resource', route: { type, namespace, name: rest[1], subresource: rest[2], watchPrefix } };
}
