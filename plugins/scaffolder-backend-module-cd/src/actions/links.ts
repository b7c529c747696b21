/**
 * A link to a resource in the cd tab of the entity's page when the entity
 * is known (`kind:namespace/name`), else to the resource in the cd API.
 */
export function cdLink(options: {
  appBaseUrl?: string;
  apiBaseUrl: string;
  entityRef?: string;
  uiPath: string;
  apiPath: string;
}): string {
  const match = options.entityRef ? /^([^:/]+):(?:([^/]+)\/)?(.+)$/.exec(options.entityRef) : null;
  if (!match || options.appBaseUrl === undefined) return `${options.apiBaseUrl}${options.apiPath}`;
  const [, kind, namespace = 'default', name] = match;
  // The catalog's entity routes use the kind in lower case.
  const entityPath = [namespace, kind.toLowerCase(), name].map(encodeURIComponent).join('/');
  return `${options.appBaseUrl.replace(/\/$/, '')}/catalog/${entityPath}/cd${options.uiPath}`;
}
