import type { ValidationIssue } from '../pipeline';

/** A step into a JSON document: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Formats a JSON path the way users read it: `stages[2].requisiteStageRefIds[0]`,
 * with bracket-quoted keys when a key is not an identifier (`payloadConstraints["x-y"]`).
 */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(
    (path, segment) => childPath(path, segment),
    '',
  );
}

/** Extends a formatted path by one segment. */
export function childPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (!IDENTIFIER.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path ? `${path}.${segment}` : segment;
}

/** Rebases issues found in a sub-document under `prefix` (`[3]` + `stages[0]`). */
export function prefixIssues(
  prefix: string,
  issues: readonly ValidationIssue[],
): ValidationIssue[] {
  if (!prefix) return [...issues];
  const rebase = (path: string) => {
    if (!path) return prefix;
    return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
  };
  return issues.map(issue => ({ ...issue, path: rebase(issue.path) }));
}

/** `path: message` lines, for error messages and logs. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(i => `${i.path || '(document)'}: ${i.message}`).join('; ');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
