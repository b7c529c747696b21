import { ResourceType, StatusBody, StatusError } from './types';

/** Builders for the `kind: Status` errors the real API server answers with. */

function status(code: number, reason: string, message: string, extra?: unknown): StatusError {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (extra !== undefined) body.details = extra;
  return new StatusError(body);
}

/** `deployments.apps` / `pods`: the qualified resource the real server names in messages */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

function details(type: Pick<ResourceType, 'group' | 'resource'>, name: string) {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.resource };
}

export function notFound(type: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusError {
  return status(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, details(type, name));
}

export function alreadyExists(type: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusError {
  return status(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, details(type, name));
}

export function conflict(type: Pick<ResourceType, 'group' | 'resource'>, name: string, why: string): StatusError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, details(type, name));
}

export const STALE_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export interface InvalidCause {
  field: string;
  message: string;
  reason?: string;
}

export function invalid(type: Pick<ResourceType, 'group' | 'kind'>, name: string, causes: InvalidCause[]): StatusError {
  const qualifiedKind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const list = causes.map(c => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return status(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes: causes.map(c => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): StatusError {
  return status(400, 'BadRequest', message);
}

export function forbidden(type: Pick<ResourceType, 'group' | 'resource'>, name: string, why: string): StatusError {
  return status(403, 'Forbidden', `${qualifiedResource(type)} "${name}" is forbidden: ${why}`, details(type, name));
}

export function expired(message: string): StatusError {
  return status(410, 'Expired', message);
}

export function methodNotAllowed(message: string): StatusError {
  return status(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(contentType: string): StatusError {
  return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);
}

export function unauthorized(): StatusError {
  return status(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(message: string): StatusError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function genericStatus(code: number, reason: string, message: string, extraDetails?: unknown): StatusError {
  return status(code, reason, message, extraDetails);
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}
