/**
 * Spinnaker's `#helper(…)` functions. Helpers receive evaluated arguments
 * and the evaluation context; they are the only way an expression reaches
 * beyond the values it was given, so anything touching the outside world
 * (`#fromUrl`) exists only when the host injects a resolver for it.
 */
import { parse as parseYaml } from 'yaml';
import { ExpressionError } from './errors';
import type {
  ExecutionLike,
  ExpressionContext,
  ExpressionFunction,
  ExpressionLimits,
  StageLike,
} from './types';
import {
  cloneData,
  DataMap,
  isList,
  isMap,
  isNull,
  readOwn,
  typeName,
} from './values';

export interface HelperCall {
  name: string;
  args: unknown[];
  context: ExpressionContext;
  limits: ExpressionLimits;
}

export type Helper = (call: HelperCall) => unknown;

export interface HelperOptions {
  /** Synchronous access to a URL's body (e.g. from a pre-fetched cache). */
  resolveUrl?: (url: string) => string;
}

function fail(message: string): ExpressionError {
  return new ExpressionError('function', message);
}

function expectArity(call: HelperCall, min: number, max = min): void {
  if (call.args.length < min || call.args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw fail(`#${call.name}() takes ${expected} argument(s), got ${call.args.length}`);
  }
}

/** A String parameter, with SpEL's conversion of numbers and booleans. */
function stringArg(call: HelperCall, index: number): string | null {
  const value = call.args[index];
  if (isNull(value)) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw fail(`#${call.name}() expects a String, not ${typeName(value)}`);
}

function requiredString(call: HelperCall, index: number): string {
  const value = stringArg(call, index);
  if (value === null) throw fail(`#${call.name}() does not accept null`);
  return value;
}

function executionOf(call: HelperCall): ExecutionLike {
  const execution = call.context.execution;
  if (!execution || !isList(execution.stages)) {
    throw fail(`#${call.name}() needs an execution in the evaluation context`);
  }
  return execution;
}

function executionId(execution: ExecutionLike): string {
  return execution.id ?? 'unknown';
}

/** What `#stage(…)` returns: the stage's fields, with `context` and `outputs` readable. */
export function stageView(stage: StageLike): DataMap {
  const view: DataMap = {
    id: stage.id,
    refId: stage.refId,
    name: stage.name,
    type: stage.type,
    status: stage.status,
    context: stage.context ?? {},
    outputs: stage.outputs ?? {},
    hasSucceeded: stage.status === 'SUCCEEDED',
    hasFailed: stage.status === 'TERMINAL',
  };
  const optional = ['startTime', 'endTime', 'parentStageId', 'syntheticStageOwner', 'requisiteStageRefIds'] as const;
  for (const field of optional) {
    if (stage[field] !== undefined) view[field] = stage[field];
  }
  return view;
}

function contextValue(stage: StageLike, key: string): unknown {
  const context = stage.context;
  if (!isMap(context)) return undefined;
  const entry = readOwn(context, key);
  return entry.found ? entry.value : undefined;
}

const stage: Helper = call => {
  expectArity(call, 1);
  const execution = executionOf(call);
  const id = stringArg(call, 0);
  const found = execution.stages.find(s => id !== null && (s.name === id || s.id === id));
  if (!found) {
    throw fail(`Unable to locate [${id}] using #stage(${id}) in execution ${executionId(execution)}`);
  }
  return stageView(found);
};

const stageByRefId: Helper = call => {
  expectArity(call, 1);
  const execution = executionOf(call);
  const refId = stringArg(call, 0);
  if (refId === null) {
    throw fail(`Stage refId must not be null in #stageByRefId in execution ${executionId(execution)}`);
  }
  const found = execution.stages.find(s => s.refId === refId);
  if (!found) {
    throw fail(`Unable to locate [${refId}] using #stageByRefId(${refId}) in execution ${executionId(execution)}`);
  }
  return stageView(found);
};

const stageExists: Helper = call => {
  expectArity(call, 1);
  const execution = executionOf(call);
  const id = stringArg(call, 0);
  return execution.stages.some(s => id !== null && (s.name === id || s.id === id));
};

const currentStage: Helper = call => {
  expectArity(call, 0);
  const current = call.context.currentStage;
  if (!current) {
    throw fail('#currentStage() needs the current stage in the evaluation context');
  }
  return stageView(current);
};

const judgment: Helper = call => {
  expectArity(call, 1);
  const execution = executionOf(call);
  const name = stringArg(call, 0);
  const found = execution.stages.find(
    s => name !== null && s.name === name && s.type === 'manualJudgment' && !isNull(contextValue(s, 'judgmentInput')),
  );
  if (!found) {
    throw fail(
      `Unable to locate manual Judgment stage [${name}] using #judgment(${name}) in execution ${executionId(execution)}. ` +
        "Stage doesn't exist or doesn't contain judgmentInput in its context",
    );
  }
  return contextValue(found, 'judgmentInput');
};

function checkedLength(call: HelperCall, text: string): string {
  if (text.length > call.limits.maxStringLength) {
    throw new ExpressionError(
      'limit',
      `#${call.name}() produced ${text.length} characters; the limit is ${call.limits.maxStringLength}`,
    );
  }
  return text;
}

const toJson: Helper = call => {
  expectArity(call, 1);
  const json = JSON.stringify(cloneData(call.args[0], call.limits.maxDataDepth));
  if (json.includes('${')) {
    throw fail('#toJson() result cannot contain an expression');
  }
  return checkedLength(call, json);
};

function parseJsonText(call: HelperCall, text: string): unknown {
  checkedLength(call, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fail(`#${call.name}() could not parse JSON: ${(error as Error).message}`);
  }
  return cloneData(parsed, call.limits.maxDataDepth);
}

function parseYamlText(call: HelperCall, text: string): unknown {
  checkedLength(call, text);
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw fail(`#${call.name}() could not parse YAML: ${(error as Error).message}`);
  }
  return cloneData(parsed, call.limits.maxDataDepth);
}

const readJson: Helper = call => {
  expectArity(call, 1);
  return parseJsonText(call, requiredString(call, 0));
};

const readYaml: Helper = call => {
  expectArity(call, 1);
  return parseYamlText(call, requiredString(call, 0));
};

function urlHelpers(resolveUrl: HelperOptions['resolveUrl']): Record<string, Helper> {
  const fetchText = (call: HelperCall): string => {
    expectArity(call, 1);
    const url = requiredString(call, 0);
    if (!resolveUrl) {
      throw new ExpressionError('forbidden', `#${call.name}() is disabled by configuration (fromUrl is disabled by configuration)`);
    }
    let body: unknown;
    try {
      body = resolveUrl(url);
    } catch (error) {
      throw fail(`#${call.name}(${url}) failed: ${(error as Error).message}`);
    }
    if (typeof body !== 'string') {
      throw fail(`#${call.name}(${url}) did not resolve to text`);
    }
    return checkedLength(call, body);
  };
  return {
    fromUrl: fetchText,
    jsonFromUrl: call => parseJsonText(call, fetchText(call)),
    yamlFromUrl: call => parseYamlText(call, fetchText(call)),
  };
}

const alphanumerical: Helper = call => {
  expectArity(call, 1);
  return requiredString(call, 0).replace(/[^A-Za-z0-9]/g, '');
};

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Java's `Integer.valueOf(String)`: digits only, 32-bit range. */
const toInt: Helper = call => {
  expectArity(call, 1);
  const text = stringArg(call, 0);
  const value = text !== null && /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
    throw fail(`#toInt(${text}) failed: not an integer (For input string: "${text}")`);
  }
  return value;
};

/** Java's `Float.valueOf(String)`: decimal with optional exponent and f/d suffix. */
const toFloat: Helper = call => {
  expectArity(call, 1);
  const text = stringArg(call, 0);
  const trimmed = text?.trim() ?? '';
  const valid = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(trimmed);
  const value = valid ? Number(trimmed.replace(/[fFdD]$/, '')) : NaN;
  if (!Number.isFinite(value)) {
    throw fail(`#toFloat(${text}) failed: not a number (For input string: "${text}")`);
  }
  return value;
};

/** Java's `Boolean.valueOf(String)`: true only for "true", ignoring case. */
const toBoolean: Helper = call => {
  expectArity(call, 1);
  const text = stringArg(call, 0);
  return text !== null && text.toLowerCase() === 'true';
};

const toBase64: Helper = call => {
  expectArity(call, 1);
  const text = requiredString(call, 0);
  return checkedLength(call, Buffer.from(text, 'utf8').toString('base64'));
};

/** Strict like Java's basic decoder: no whitespace, no URL-safe alphabet, valid padding. */
const fromBase64: Helper = call => {
  expectArity(call, 1);
  const text = requiredString(call, 0);
  const padded = text.includes('=');
  const valid =
    /^[A-Za-z0-9+/]*={0,2}$/.test(text) &&
    (padded ? text.length % 4 === 0 : text.length % 4 !== 1);
  if (!valid) {
    throw fail('#fromBase64() failed: the input is not valid Base64');
  }
  return Buffer.from(text, 'base64').toString('utf8');
};

/** `#manifestLabelValue(stageName, kind, label)`: a pod template label of a deployed manifest. */
const manifestLabelValue: Helper = call => {
  expectArity(call, 3);
  const execution = executionOf(call);
  const stageName = requiredString(call, 0);
  const kind = requiredString(call, 1);
  const label = requiredString(call, 2);
  const found = execution.stages.find(
    s => s.name === stageName && s.type === 'deployManifest' && s.status === 'SUCCEEDED',
  );
  if (!found) {
    throw fail(`A valid, succeeded Deploy Manifest stage named [${stageName}] is required for #manifestLabelValue()`);
  }
  const manifests = contextValue(found, 'manifests');
  const manifest = isList(manifests)
    ? manifests.find(m => isMap(m) && readPath(m, ['kind']) === kind)
    : undefined;
  if (!manifest) {
    throw fail(`No manifest of kind ${kind} found in stage ${stageName}`);
  }
  const value = readPath(manifest, ['spec', 'template', 'metadata', 'labels', label]);
  if (isNull(value)) {
    throw fail(`Label ${label} not found in the ${kind} manifest of stage ${stageName}`);
  }
  return value;
};

function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isMap(current)) return undefined;
    const entry = readOwn(current, key);
    if (!entry.found) return undefined;
    current = entry.value;
  }
  return current;
}

const DEPLOY_STAGE_TYPES = ['deploy', 'createServerGroup', 'cloneServerGroup', 'rollingPush', 'deployManifest'];

/**
 * Orca's `deployedServerGroups`: one entry per succeeded deploy stage that
 * recorded `deploy.server.groups` (location → names), optionally only the
 * stages with the given names or ids.
 */
export function deployedServerGroups(execution: ExecutionLike | undefined, ids: string[]): DataMap[] {
  if (!execution || !isList(execution.stages)) return [];
  const result: DataMap[] = [];
  for (const s of execution.stages) {
    const groups = contextValue(s, 'deploy.server.groups');
    const matches =
      DEPLOY_STAGE_TYPES.includes(s.type) &&
      s.status === 'SUCCEEDED' &&
      isMap(groups) &&
      (ids.length === 0 || ids.includes(s.name) || ids.includes(s.id));
    if (!matches) continue;
    const region = contextValue(s, 'region') ?? Object.keys(groups as DataMap)[0];
    if (typeof region !== 'string') continue;
    const names = readPath(groups, [region]);
    result.push({
      account: contextValue(s, 'account') ?? contextValue(s, 'deploy.account.name') ?? null,
      capacity: contextValue(s, 'capacity') ?? null,
      parentStage: contextValue(s, 'parentStage') ?? null,
      region,
      serverGroup: isList(names) && names.length > 0 ? names[0] : null,
      deployments: [],
    });
  }
  return result;
}

const deployedServerGroupsHelper: Helper = call => {
  const ids = call.args.map((_, i) => requiredString(call, i));
  return deployedServerGroups(executionOf(call), ids);
};

/** The built-in helpers, plus the URL helpers when a resolver is configured. */
export function builtinHelpers(options: HelperOptions): Map<string, Helper> {
  return new Map<string, Helper>(
    Object.entries({
      stage,
      stageByRefId,
      stageExists,
      currentStage,
      judgment,
      judgement: judgment,
      toJson,
      readJson,
      readYaml,
      alphanumerical,
      toInt,
      toFloat,
      toBoolean,
      toBase64,
      fromBase64,
      manifestLabelValue,
      deployedServerGroups: deployedServerGroupsHelper,
      ...urlHelpers(options.resolveUrl),
    }),
  );
}

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Host-supplied functions, called with the evaluated arguments only. */
export function customHelpers(functions: Record<string, ExpressionFunction>): Map<string, Helper> {
  const helpers = new Map<string, Helper>();
  for (const name of Object.keys(functions)) {
    const fn = functions[name];
    if (!FUNCTION_NAME.test(name) || typeof fn !== 'function') {
      throw new TypeError(`Expression function '${name}' must be a function with an identifier name`);
    }
    helpers.set(name, call => fn(...call.args));
  }
  return helpers;
}
