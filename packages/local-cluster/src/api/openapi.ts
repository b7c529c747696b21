import crypto from 'crypto';
import { ResourceTypeRegistry } from '../store/types';

/*
 * A minimal OpenAPI v3 description: per group-version, the PATCH and POST operations of each kind
 * with their query parameters. kubectl reads it to learn that the server validates fields itself
 * (`fieldValidation`), so `kubectl apply` needs no client-side schema. Object schemas are not
 * described; kubectl then computes strategic merge patches from its compiled-in types.
 */

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function groupVersions(registry: ResourceTypeRegistry): Map<string, { group: string; version: string }> {
  const out = new Map<string, { group: string; version: string }>();
  for (const t of registry.all()) out.set(gvPath(t.group, t.version), { group: t.group, version: t.version });
  return out;
}

const WRITE_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'].map(name => ({
  name, in: 'query', schema: { type: 'string', uniqueItems: true },
}));

export function openApiV3GroupVersion(registry: ResourceTypeRegistry, group: string, version: string) {
  const types = registry.all().filter(t => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const base = `/${gvPath(group, version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
    const gvk = { group, version, kind: t.kind };
    const ok = { '200': { description: 'OK' } };
    paths[base] = {
      post: { operationId: `create${t.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters: WRITE_PARAMETERS, responses: { '201': { description: 'Created' } } },
    };
    paths[`${base}/{name}`] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [...WRITE_PARAMETERS, { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }],
        responses: ok,
      },
      put: { operationId: `replace${t.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: WRITE_PARAMETERS, responses: ok },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}

export function openApiV3Root(registry: ResourceTypeRegistry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [p, { group, version }] of groupVersions(registry)) {
    const doc = JSON.stringify(openApiV3GroupVersion(registry, group, version));
    const hash = crypto.createHash('sha256').update(doc).digest('hex').slice(0, 32).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

/** `/openapi/v3/apis/apps/v1` → group and version; undefined for other paths. */
export function parseOpenApiV3Path(path: string): { group: string; version: string } | undefined {
  const m = path.match(/^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/);
  if (!m) return undefined;
  return m[1] ? { group: '', version: m[1] } : { group: m[2], version: m[3] };
}
