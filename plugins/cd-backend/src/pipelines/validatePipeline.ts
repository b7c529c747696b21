import {
  validatePipeline,
  type PipelineConfig,
  type PipelineValidationResult,
  type StageTypeLookup,
  type ValidationIssue,
} from '@internal/plugin-cd-common';
import { parseDocument } from 'yaml';
import { validateExpressions } from '../expressions';
import { PipelineValidationError } from './errors';

export type { StageTypeLookup } from '@internal/plugin-cd-common';

/**
 * The backend's full validation of a pipeline document: the isomorphic rules
 * of cd-common plus the registry's stage types and the expression parser.
 */
export function validatePipelineConfig(
  document: unknown,
  stageTypes: StageTypeLookup,
): PipelineValidationResult {
  return validatePipeline(document, {
    stageTypes,
    expressions: (value, path) =>
      validateExpressions(value, path).map(({ path: at, message }) => ({
        path: at,
        message,
      })),
  });
}

/** Validates, and returns the typed pipeline or throws a 400 carrying every issue. */
export function assertValidPipeline(
  document: unknown,
  stageTypes: StageTypeLookup,
): PipelineConfig {
  const result = validatePipelineConfig(document, stageTypes);
  if (!result.valid || !result.pipeline)
    throw new PipelineValidationError(result.issues);
  return result.pipeline;
}

const YAML_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
];

/**
 * Parses a pipeline document sent as JSON or YAML. JSON content types are
 * parsed strictly as JSON; YAML and plain text as YAML (a superset of JSON).
 * Syntax errors name the line and column.
 */
export function parsePipelineDocument(
  text: string,
  contentType = 'application/json',
): unknown {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (YAML_TYPES.includes(mediaType) || mediaType === 'text/plain')
    return parseYaml(text);
  return parseJson(text);
}

function parseYaml(text: string): unknown {
  // prettyErrors computes each error's line and column.
  const document = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
  });
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0];
    const where = position
      ? ` at line ${position.line}, column ${position.col}`
      : '';
    const reason = error.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '');
    throw syntaxError(`YAML syntax error${where}: ${reason}`);
  }
  return document.toJS({ maxAliasCount: 100 });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text, (e as Error).message);
    const { line, column } = lineAndColumn(text, offset);
    const reason = (e as Error).message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, "[\s\S]*" is not valid JSON$/, '');
    throw syntaxError(
      `JSON syntax error at line ${line}, column ${column}: ${reason}`,
    );
  }
}

/**
 * Where JSON.parse gave up. V8 names the position for most errors but not
 * for an unexpected token; then the shortest prefix that is already invalid
 * (not merely incomplete) ends at the bad character.
 */
function jsonErrorOffset(text: string, message: string): number {
  const stated = statedPosition(message);
  if (stated !== undefined) return stated;
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  // A prefix is merely incomplete when V8 gives up at its very end.
  const invalid = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (e) {
      const reason = (e as Error).message;
      return (
        !/Unexpected end of JSON input/.test(reason) &&
        statedPosition(reason) !== length
      );
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (invalid(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

function statedPosition(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function lineAndColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function syntaxError(message: string): PipelineValidationError {
  const issue: ValidationIssue = { path: '', message };
  return new PipelineValidationError([issue], 'unreadable pipeline document');
}
