import { InvalidCause } from './errors';
import { labelsMatch, parseLabelSelector, labelSelectorToString } from './selectors';
import { KubeObject, ResourceType } from './types';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

function validateName(type: ResourceType, name: string, causes: InvalidCause[]) {
  if (LABEL_NAMED.has(type.kind)) {
    if (!DNS1123_LABEL.test(name) || name.length > 63) {
      causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')` });
    }
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')` });
  }
}

function validateLabels(labels: unknown, field: string, causes: InvalidCause[]) {
  if (labels === undefined || labels === null) return;
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    causes.push({ field, message: 'Invalid value: must be a map of string to string', reason: 'FieldValueTypeInvalid' });
    return;
  }
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v.length > 63) {
      causes.push({ field, message: `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character` });
    }
    if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k)) {
      causes.push({ field, message: `Invalid value: ${JSON.stringify(k)}: name part must consist of alphanumeric characters, '-', '_' or '.'` });
    }
  }
}

function validatePodSpec(spec: any, field: string, causes: InvalidCause[]) {
  if (!spec || typeof spec !== 'object') {
    causes.push({ field, message: 'Required value', reason: 'FieldValueRequired' });
    return;
  }
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    causes.push({ field: `${field}.containers`, message: 'Required value', reason: 'FieldValueRequired' });
    return;
  }
  const seen = new Set<string>();
  spec.containers.forEach((c: any, i: number) => {
    const at = `${field}.containers[${i}]`;
    if (!c?.name) causes.push({ field: `${at}.name`, message: 'Required value', reason: 'FieldValueRequired' });
    else if (seen.has(c.name)) causes.push({ field: `${at}.name`, message: `Duplicate value: "${c.name}"`, reason: 'FieldValueDuplicate' });
    else seen.add(c.name);
    if (!c?.image) causes.push({ field: `${at}.image`, message: 'Required value', reason: 'FieldValueRequired' });
  });
}

function validateWorkload(obj: KubeObject, causes: InvalidCause[], selectorRequired: boolean) {
  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') {
    causes.push({ field: 'spec', message: 'Required value', reason: 'FieldValueRequired' });
    return;
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    causes.push({ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0` });
  }
  if (selectorRequired && (!spec.selector || (Object.keys(spec.selector.matchLabels ?? {}).length === 0 && (spec.selector.matchExpressions ?? []).length === 0))) {
    causes.push({ field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' });
  } else if (spec.selector) {
    let selector: string;
    try {
      selector = labelSelectorToString(spec.selector);
      if (!labelsMatch(parseLabelSelector(selector), spec.template?.metadata?.labels ?? {})) {
        causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\`` });
      }
    } catch (e: any) {
      causes.push({ field: 'spec.selector', message: `Invalid value: ${e.message}` });
    }
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', causes);
}

/** Validation of the fields the real API server rejects most often; returns the causes found. */
export function validateObject(type: ResourceType, obj: KubeObject): InvalidCause[] {
  const causes: InvalidCause[] = [];
  const name = obj.metadata?.name;
  if (!name) causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' });
  else validateName(type, name, causes);
  validateLabels(obj.metadata.labels, 'metadata.labels', causes);
  if (obj.metadata.annotations !== undefined && (typeof obj.metadata.annotations !== 'object' || Array.isArray(obj.metadata.annotations) || Object.values(obj.metadata.annotations).some(v => typeof v !== 'string'))) {
    causes.push({ field: 'metadata.annotations', message: 'Invalid value: must be a map of string to string', reason: 'FieldValueTypeInvalid' });
  }
  switch (`${type.group}/${type.kind}`) {
    case '/Pod':
      validatePodSpec(obj.spec, 'spec', causes);
      break;
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
      validateWorkload(obj, causes, true);
      break;
    case 'batch/Job':
      if (obj.spec?.template) validatePodSpec(obj.spec.template.spec, 'spec.template.spec', causes);
      else causes.push({ field: 'spec.template', message: 'Required value', reason: 'FieldValueRequired' });
      if (obj.spec?.template?.spec && !['Never', 'OnFailure'].includes(obj.spec.template.spec.restartPolicy)) {
        causes.push({ field: 'spec.template.spec.restartPolicy', message: `Unsupported value: "${obj.spec.template.spec.restartPolicy ?? ''}": supported values: "OnFailure", "Never"`, reason: 'FieldValueNotSupported' });
      }
      break;
    case '/Service':
      if (obj.spec?.type !== 'ExternalName' && (!Array.isArray(obj.spec?.ports) || obj.spec.ports.length === 0) && obj.spec?.clusterIP !== 'None') {
        causes.push({ field: 'spec.ports', message: 'Required value', reason: 'FieldValueRequired' });
      }
      break;
    case 'apiextensions.k8s.io/CustomResourceDefinition': {
      const s = obj.spec;
      if (!s?.group) causes.push({ field: 'spec.group', message: 'Required value', reason: 'FieldValueRequired' });
      if (!s?.names?.plural) causes.push({ field: 'spec.names.plural', message: 'Required value', reason: 'FieldValueRequired' });
      if (!s?.names?.kind) causes.push({ field: 'spec.names.kind', message: 'Required value', reason: 'FieldValueRequired' });
      if (!['Namespaced', 'Cluster'].includes(s?.scope)) causes.push({ field: 'spec.scope', message: `Unsupported value: "${s?.scope ?? ''}": supported values: "Cluster", "Namespaced"`, reason: 'FieldValueNotSupported' });
      if (!Array.isArray(s?.versions) || s.versions.length === 0) causes.push({ field: 'spec.versions', message: 'Required value', reason: 'FieldValueRequired' });
      if (s?.group && s?.names?.plural && name !== `${s.names.plural}.${s.group}`) {
        causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group` });
      }
      break;
    }
    default:
      break;
  }
  return causes;
}
