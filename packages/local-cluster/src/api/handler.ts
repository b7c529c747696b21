import type { IncomingMessage, ServerResponse } from 'http';
import { applyPatch, Operation } from 'fast-json-patch';
import { CoreTypes } from '../store/builtinTypes';
import {
  badRequest, genericStatus, internalError, methodNotAllowed, notFound, unauthorized, unsupportedMediaType,
} from '../store/errors';
import { isBuiltinApiVersion } from '../store/listKeys';
import { MemoryStore } from '../store/MemoryStore';
import { clone, getPath, isPlainObject, setPath } from '../store/objectUtils';
import { apiVersionOf } from '../store/registry';
import { labelSelectorToString } from '../store/selectors';
import { DeleteOptions, KubeObject, ResourceType, StatusError } from '../store/types';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import { openApiV3GroupVersion, openApiV3Root, parseOpenApiV3Path } from './openapi';
import { mediaType, parseBody, queryFlag, queryInt, readBody, sendJson, sendRawJson, sendStatus } from './http';
import { applyMergePatch } from './patch/mergePatch';
import { serverSideApply } from './patch/serverSideApply';
import { applyStrategicMergePatch } from './patch/strategicMerge';
import { ResourceRoute, parsePath } from './routes';
import { toTable, wantsTable } from './table';
import { FaultInjector, PodLogSource } from './types';
import { faultRuleProblem, RuleFaultInjector } from './faultRules';

export interface ApiHandlerOptions {
  store: MemoryStore;
  /** serves pods/log */
  logs?: PodLogSource;
  /** when set, every request but health checks needs `Authorization: Bearer <token>` */
  token?: string;
  faults?: FaultInjector;
  /** serves `/local-cluster/faults` to change these rules at runtime (reliability tests) */
  faultControl?: RuleFaultInjector;
  /** Prometheus text served at /metrics */
  metricsText?: () => string;
}

const APPLY = 'application/apply-patch+yaml';
const FAULTS_PATH = '/local-cluster/faults';
const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 410: 'Expired',
  422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

function pathNotFound() {
  return genericStatus(404, 'NotFound', 'the server could not find the requested resource', {});
}

function isDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid value: "${v}": supported values: "All"`);
  return values.length > 0;
}

/** The default field manager, as the real server derives it from the User-Agent. */
function fieldManagerOf(req: IncomingMessage, q: URLSearchParams): string {
  const explicit = q.get('fieldManager');
  if (explicit) {
    if (explicit.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
    return explicit;
  }
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0].slice(0, 128) || 'unknown';
}

/** The HTTP face of the store: discovery, REST verbs, watch, patch, apply, subresources. */
export class ApiHandler {
  private readonly openStreams = new Set<ServerResponse>();
  private readonly watchStreams = new Set<ServerResponse>();

  constructor(private readonly options: ApiHandlerOptions, private readonly serverAddress: () => string) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch(e => {
      if (e instanceof StatusError) sendStatus(res, e);
      else sendStatus(res, internalError(e instanceof Error ? e.message : String(e)));
    });
  };

  /** Ends watch and log streams (on shutdown). */
  closeStreams(): void {
    for (const res of this.openStreams) res.end();
    this.openStreams.clear();
    this.watchStreams.clear();
  }

  /** Cuts every open watch (as a restarting API server or a flaky load balancer does); returns how many. */
  dropWatches(): number {
    const dropped = [...this.watchStreams];
    for (const res of dropped) res.destroy();
    return dropped.length;
  }

  private get store() {
    return this.options.store;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (this.options.faultControl && (path === FAULTS_PATH || path.startsWith(`${FAULTS_PATH}/`))) {
      if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) throw unauthorized();
      await this.faultControl(req, res, method, path, url.searchParams, this.options.faultControl);
      return;
    }
    const fault = this.options.faults?.shouldFail(req) ?? this.options.faultControl?.shouldFail(req);
    if (fault?.delayMs) await new Promise(resolve => setTimeout(resolve, fault.delayMs));
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.code !== undefined) {
      const reason = REASONS[fault.code] ?? 'InternalError';
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      sendStatus(res, genericStatus(fault.code, reason, fault.message ?? `injected fault: ${reason}`,
        fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : undefined), headers);
      return;
    }
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      throw unauthorized();
    }
    switch (path) {
      case '/version':
        sendJson(res, 200, versionInfo());
        return;
      case '/metrics':
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(this.options.metricsText?.() ?? '');
        return;
      case '/api':
        sendJson(res, 200, apiVersions(this.serverAddress()));
        return;
      case '/apis':
        sendJson(res, 200, apiGroupList(this.store.types));
        return;
      case '/openapi/v3':
        sendJson(res, 200, openApiV3Root(this.store.types));
        return;
      default:
        break;
    }
    if (path.startsWith('/openapi/v3/')) {
      const gv = parseOpenApiV3Path(path);
      const doc = gv && openApiV3GroupVersion(this.store.types, gv.group, gv.version);
      if (!doc) throw pathNotFound();
      sendJson(res, 200, doc);
      return;
    }
    const parsed = parsePath(path, this.store.types);
    if (parsed.kind === 'unknown') throw pathNotFound();
    if (parsed.kind !== 'resource') {
      if (method !== 'GET') throw methodNotAllowed('the server does not allow this method on the requested resource');
      const doc = parsed.kind === 'group'
        ? apiGroupDocument(this.store.types, parsed.group)
        : apiResourceList(this.store.types, parsed.group, parsed.version);
      if (!doc) throw pathNotFound();
      sendJson(res, 200, doc);
      return;
    }
    await this.resource(req, res, url.searchParams, method, parsed.route);
  }

  /** `/local-cluster/faults`: GET the rules, PUT `{ rules }`, DELETE them, GET `/hits?since=`, POST `/drop-watches`. */
  private async faultControl(req: IncomingMessage, res: ServerResponse, method: string, path: string, q: URLSearchParams, injector: RuleFaultInjector) {
    const sub = path.slice(FAULTS_PATH.length);
    if (sub === '' && method === 'GET') {
      sendJson(res, 200, { rules: injector.active(), watches: this.watchStreams.size });
    } else if (sub === '' && method === 'PUT') {
      const body = parseBody(await readBody(req), 'application/json') as { rules?: unknown };
      const rules = isPlainObject(body) ? body.rules : undefined;
      if (!Array.isArray(rules)) throw badRequest('rules must be an array of fault rules');
      rules.forEach((rule, i) => {
        const problem = faultRuleProblem(rule, `rules[${i}]`);
        if (problem) throw badRequest(problem);
      });
      sendJson(res, 200, { rules: injector.active(), ids: injector.set(rules) });
    } else if (sub === '' && method === 'DELETE') {
      injector.clear();
      sendJson(res, 200, { rules: [] });
    } else if (sub === '/hits' && method === 'GET') {
      sendJson(res, 200, { hits: injector.hits(queryInt(q, 'since') ?? 0) });
    } else if (sub === '/drop-watches' && method === 'POST') {
      sendJson(res, 200, { dropped: this.dropWatches() });
    } else {
      throw pathNotFound();
    }
  }

  private async resource(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, method: string, route: ResourceRoute) {
    const { type, namespace, name, subresource } = route;
    const watch = route.watchPrefix || queryFlag(q, 'watch');
    const notAllowed = () => methodNotAllowed('the server does not allow this method on the requested resource');
    if (!name) {
      if (method === 'GET') {
        if (watch) this.watch(req, res, q, type, namespace);
        else this.list(req, res, q, type, namespace);
        return;
      }
      if (method === 'POST') {
        if (type.namespaced && !namespace) throw notAllowed();
        await this.create(req, res, q, type, namespace);
        return;
      }
      if (method === 'DELETE') {
        await this.deleteCollection(req, res, q, type, namespace);
        return;
      }
      throw notAllowed();
    }
    if (!subresource) {
      switch (method) {
        case 'GET':
          if (watch) {
            const fs = [q.get('fieldSelector'), `metadata.name=${name}`].filter(Boolean).join(',');
            q.set('fieldSelector', fs);
            await this.watch(req, res, q, type, namespace);
            return;
          }
          await this.get(req, res, q, type, namespace, name);
          return;
        case 'PUT':
          await this.update(req, res, q, type, namespace, name, undefined);
          return;
        case 'PATCH':
          await this.patch(req, res, q, type, namespace, name, undefined);
          return;
        case 'DELETE':
          await this.delete(req, res, q, type, namespace, name);
          return;
        default:
          throw notAllowed();
      }
    }
    if (subresource === 'status' && type.subresources?.status) {
      if (method === 'GET') {
        await this.get(req, res, q, type, namespace, name);
        return;
      }
      if (method === 'PUT') {
        await this.update(req, res, q, type, namespace, name, 'status');
        return;
      }
      if (method === 'PATCH') {
        await this.patch(req, res, q, type, namespace, name, 'status');
        return;
      }
      throw notAllowed();
    }
    if (subresource === 'scale' && type.subresources?.scale) {
      if (method === 'GET') {
        sendJson(res, 200, this.scaleOf(type, this.mustGet(type, namespace, name)));
        return;
      }
      if (method === 'PUT' || method === 'PATCH') {
        await this.writeScale(req, res, q, method, type, namespace, name);
        return;
      }
      throw notAllowed();
    }
    if (subresource === 'log' && type === CoreTypes.pod) {
      if (method !== 'GET') throw notAllowed();
      await this.logs(res, q, namespace!, name);
      return;
    }
    throw pathNotFound();
  }

  private mustGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(type, namespace, name);
    if (!obj) throw notFound(type, name);
    return obj;
  }

  private crdOf(type: ResourceType): KubeObject | undefined {
    return isBuiltinApiVersion(apiVersionOf(type))
      ? undefined
      : this.store.get(CoreTypes.customResourceDefinition, undefined, `${type.resource}.${type.group}`);
  }

  // ------------------------------------------------------------------ reads

  private get(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined, name: string) {
    const json = this.store.getRaw(type, namespace, name);
    if (json === undefined) throw notFound(type, name);
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(type, [JSON.parse(json)], q.get('includeObject'), { resourceVersion: this.store.resourceVersion }, this.crdOf(type)));
      return;
    }
    sendRawJson(res, 200, json);
  }

  private list(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined) {
    const page = this.store.listRaw(type, {
      namespace,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: queryInt(q, 'limit'),
      continue: q.get('continue') ?? undefined,
    });
    const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
    if (page.continue) {
      meta.continue = page.continue;
      meta.remainingItemCount = page.remainingItemCount;
    }
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(type, page.items.map(i => JSON.parse(i)), q.get('includeObject'), meta, this.crdOf(type)));
      return;
    }
    const head = JSON.stringify({ kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: meta });
    sendRawJson(res, 200, `${head.slice(0, -1)},"items":[${page.items.join(',')}]}`);
  }

  private watch(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined) {
    const table = wantsTable(req.headers.accept);
    const includeObject = q.get('includeObject');
    const crd = table ? this.crdOf(type) : undefined;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    this.openStreams.add(res);
    this.watchStreams.add(res);
    const write = (eventType: string, json: string) => {
      let body = json;
      if (table && eventType !== 'BOOKMARK' && eventType !== 'ERROR') {
        const obj = JSON.parse(json);
        body = JSON.stringify(toTable(type, [obj], includeObject, { resourceVersion: obj.metadata.resourceVersion }, crd));
      }
      res.write(`{"type":"${eventType}","object":${body}}\n`);
    };
    let stop: (() => void) | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      stop?.();
      timers.forEach(clearTimeout);
      this.openStreams.delete(res);
      this.watchStreams.delete(res);
      res.end();
    };
    try {
      stop = this.store.watchRaw(type, {
        namespace,
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        allowBookmarks: queryFlag(q, 'allowWatchBookmarks'),
      }, write);
    } catch (e) {
      // the real server answers an expired resourceVersion with 200 and a single ERROR event
      if (e instanceof StatusError) {
        write('ERROR', JSON.stringify(e.status));
        finish();
        return;
      }
      finish();
      throw e;
    }
    const timeoutSeconds = queryInt(q, 'timeoutSeconds');
    const seconds = timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds : 1800;
    timers.push(setTimeout(finish, seconds * 1000));
    res.on('close', finish);
  }

  private logs(res: ServerResponse, q: URLSearchParams, namespace: string, name: string) {
    const pod = this.mustGet(CoreTypes.pod, namespace, name);
    const containers: string[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: any) => c.name);
    let container = q.get('container') ?? undefined;
    if (!container) {
      const regular = (pod.spec?.containers ?? []).map((c: any) => c.name);
      if (regular.length !== 1) {
        throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]`);
      }
      container = regular[0] as string;
    }
    if (!containers.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    const stream = this.options.logs?.read(namespace, name, {
      container,
      follow: queryFlag(q, 'follow'),
      tailLines: queryInt(q, 'tailLines'),
      sinceSeconds: queryInt(q, 'sinceSeconds'),
      timestamps: queryFlag(q, 'timestamps'),
      previous: queryFlag(q, 'previous'),
    });
    if (!stream) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    this.openStreams.add(res);
    const done = () => {
      this.openStreams.delete(res);
      const destroy = (stream as any).destroy;
      if (typeof destroy === 'function') destroy.call(stream);
    };
    res.on('close', done);
    stream.on('error', () => res.end());
    stream.pipe(res);
  }

  // ------------------------------------------------------------------ writes

  private async readObject(req: IncomingMessage): Promise<any> {
    const ct = mediaType(req);
    if (!['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', '*/*'].includes(ct)) throw unsupportedMediaType(ct);
    const body = parseBody(await readBody(req), ct);
    if (!isPlainObject(body)) throw badRequest('the body of the request must be an object');
    return body;
  }

  private checkIdentity(type: ResourceType, body: KubeObject, namespace: string | undefined, name: string | undefined) {
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(type)) {
      throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`);
    }
    body.metadata = isPlainObject(body.metadata) ? body.metadata : {};
    if (type.namespaced) {
      if (body.metadata.namespace && namespace && body.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      body.metadata.namespace = namespace;
    }
    if (name !== undefined && body.metadata.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (name !== undefined) body.metadata.name = name;
  }

  private async create(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined) {
    const body = await this.readObject(req);
    this.checkIdentity(type, body, namespace, undefined);
    const created = this.store.create(type, body, { dryRun: isDryRun(q), fieldManager: fieldManagerOf(req, q) });
    sendJson(res, 201, created);
  }

  private async update(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined, name: string, subresource: 'status' | undefined) {
    const body = await this.readObject(req);
    this.checkIdentity(type, body, namespace, name);
    const opts = { dryRun: isDryRun(q), fieldManager: fieldManagerOf(req, q) };
    const updated = subresource === 'status' ? this.store.updateStatus(type, body, opts) : this.store.update(type, body, opts);
    sendJson(res, 200, updated);
  }

  private async patch(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined, name: string, subresource: 'status' | undefined) {
    const ct = mediaType(req);
    if (![APPLY, JSON_PATCH, MERGE_PATCH, STRATEGIC].includes(ct)) throw unsupportedMediaType(ct);
    const text = await readBody(req);
    const dryRun = isDryRun(q);
    const builtin = isBuiltinApiVersion(apiVersionOf(type));
    if (ct === APPLY) {
      const fieldManager = q.get('fieldManager');
      if (!fieldManager) throw badRequest('PATCH, application/apply-patch+yaml requests require a fieldManager: fieldManager is required for apply requests');
      const applied = parseBody(text, 'yaml');
      if (!isPlainObject(applied)) throw badRequest('the apply configuration must be an object');
      if (!applied.apiVersion) throw badRequest(`Object 'apiVersion' is missing in '${text.slice(0, 200)}'`);
      if (!applied.kind) throw badRequest(`Object 'Kind' is missing in '${text.slice(0, 200)}'`);
      this.checkIdentity(type, applied as KubeObject, namespace, name);
      if (applied.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
      if (subresource !== 'status' && type.subresources?.status) delete applied.status;
      const live = this.store.get(type, namespace, name);
      const result = serverSideApply(live, applied as KubeObject, fieldManager, queryFlag(q, 'force'), builtin, subresource);
      if (!live) {
        if (subresource) throw notFound(type, name);
        sendJson(res, 201, this.store.create(type, result.object, { dryRun, fieldManager, managedFields: result.managedFields }));
        return;
      }
      result.object.metadata.resourceVersion = (applied.metadata as any).resourceVersion ?? live.metadata.resourceVersion;
      const opts = { dryRun, fieldManager, managedFields: result.managedFields };
      sendJson(res, 200, subresource === 'status' ? this.store.updateStatus(type, result.object, opts) : this.store.update(type, result.object, opts));
      return;
    }
    const live = this.mustGet(type, namespace, name);
    if (ct === STRATEGIC && !builtin) {
      throw genericStatus(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    const patched = this.applyPatchBody(ct, live, text, builtin) as KubeObject;
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) throw badRequest('the patch produced an object without metadata');
    if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
    if (type.namespaced && patched.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const opts = { dryRun, fieldManager: fieldManagerOf(req, q) };
    sendJson(res, 200, subresource === 'status' ? this.store.updateStatus(type, patched, opts) : this.store.update(type, patched, opts));
  }

  private applyPatchBody(ct: string, target: unknown, text: string, builtin: boolean): unknown {
    const patch = parseBody(text, 'application/json');
    if (ct === JSON_PATCH) {
      if (!Array.isArray(patch)) throw badRequest('json patch must be an array of operations');
      try {
        return applyPatch(clone(target), patch as Operation[], true, false).newDocument;
      } catch (e: any) {
        throw genericStatus(422, 'Invalid', `the server rejected our request due to an error in our request: ${e.message?.split('\n')[0] ?? e}`);
      }
    }
    if (!isPlainObject(patch)) throw badRequest('the patch must be a JSON object');
    if (ct === MERGE_PATCH) return applyMergePatch(target, patch);
    return applyStrategicMergePatch(target, patch, builtin);
  }

  private deleteOptions(q: URLSearchParams, body: any): DeleteOptions {
    const policy = q.get('propagationPolicy') ?? body?.propagationPolicy
      ?? (body?.orphanDependents === true || q.get('orphanDependents') === 'true' ? 'Orphan' : undefined);
    if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw genericStatus(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    const bodyDryRun = Array.isArray(body?.dryRun) && body.dryRun.includes('All');
    return {
      dryRun: isDryRun(q) || bodyDryRun,
      propagationPolicy: policy,
      preconditions: body?.preconditions,
    };
  }

  private async readDeleteBody(req: IncomingMessage): Promise<any> {
    const text = await readBody(req);
    if (!text.trim()) return undefined;
    return parseBody(text, mediaType(req));
  }

  private async delete(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined, name: string) {
    const opts = this.deleteOptions(q, await this.readDeleteBody(req));
    const { object, pending } = this.store.deleteWithResult(type, namespace, name, opts);
    if (pending || type === CoreTypes.pod) {
      sendJson(res, 200, object);
      return;
    }
    sendJson(res, 200, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
      details: { name, ...(type.group ? { group: type.group } : {}), kind: type.resource, uid: object.metadata.uid },
    });
  }

  private async deleteCollection(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, type: ResourceType, namespace: string | undefined) {
    const opts = this.deleteOptions(q, await this.readDeleteBody(req));
    const { items } = this.store.list(type, {
      namespace,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
    });
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push(this.store.delete(type, item.metadata.namespace, item.metadata.name!, opts));
      } catch (e) {
        if (!(e instanceof StatusError && e.status.code === 404)) throw e;
      }
    }
    sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: this.store.resourceVersion }, items: deleted });
  }

  // ------------------------------------------------------------------ scale

  private scaleOf(type: ResourceType, obj: KubeObject) {
    const paths = type.subresources!.scale!;
    const builtin = isBuiltinApiVersion(apiVersionOf(type));
    let selector: unknown = builtin ? labelSelectorToString(obj.spec?.selector) : undefined;
    if (!builtin && paths.labelSelectorPath) selector = getPath(obj, paths.labelSelectorPath);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: (getPath(obj, paths.specReplicasPath) as number | undefined) ?? 0 },
      status: { replicas: (getPath(obj, paths.statusReplicasPath) as number | undefined) ?? 0, ...(selector ? { selector } : {}) },
    };
  }

  private async writeScale(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, method: string, type: ResourceType, namespace: string | undefined, name: string) {
    const live = this.mustGet(type, namespace, name);
    let scale: any;
    if (method === 'PUT') {
      scale = await this.readObject(req);
    } else {
      const ct = mediaType(req);
      if (![JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY].includes(ct)) throw unsupportedMediaType(ct);
      const text = await readBody(req);
      scale = ct === APPLY
        ? applyMergePatch(this.scaleOf(type, live), parseBody(text, 'yaml'))
        : this.applyPatchBody(ct, this.scaleOf(type, live), text, true);
    }
    const replicas = scale?.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw genericStatus(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
        name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
      });
    }
    const next = clone(live);
    setPath(next, type.subresources!.scale!.specReplicasPath, replicas);
    next.metadata.resourceVersion = scale?.metadata?.resourceVersion || live.metadata.resourceVersion;
    const updated = this.store.update(type, next, { dryRun: isDryRun(q), fieldManager: fieldManagerOf(req, q) });
    sendJson(res, 200, this.scaleOf(type, updated));
  }
}
