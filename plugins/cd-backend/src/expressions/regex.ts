/**
 * Java regular expressions (`matches`, `replaceAll`, `split`) on top of
 * JavaScript's engine, with guards against catastrophic backtracking: JS
 * regexes cannot be interrupted, so risky patterns are refused up front
 * (nested repetition, repeated alternation, backreferences) and both the
 * pattern and the text it runs on are length-limited.
 */
import { ExpressionError } from './errors';
import type { ExpressionLimits } from './types';

type RegexLimits = Pick<ExpressionLimits, 'maxRegexLength' | 'maxRegexInputLength' | 'maxStringLength'>;

const CACHE_SIZE = 200;

export class JavaRegex {
  private readonly cache = new Map<string, RegExp>();

  constructor(private readonly limits: RegexLimits) {}

  /** Java's `String.matches` / SpEL's `matches`: the WHOLE text must match. */
  matchesWhole(subject: string, pattern: string): boolean {
    this.checkInput(subject);
    const regex = this.compile(pattern, 'whole');
    regex.lastIndex = 0;
    return regex.test(subject);
  }

  /** Java's `replaceAll` / `replaceFirst`, with Java's `$1` / `${name}` / `\$` replacement syntax. */
  replace(subject: string, pattern: string, replacement: string, all: boolean): string {
    this.checkInput(subject);
    const regex = this.compile(pattern, all ? 'global' : 'first');
    const template = parseReplacement(replacement);
    regex.lastIndex = 0;
    // Output size is tracked as it grows: a long replacement repeated at every match could explode.
    let length = subject.length;
    return subject.replace(regex, (...args: unknown[]) => {
      const hasNamedGroups = typeof args[args.length - 1] === 'object';
      const groups = (hasNamedGroups ? args[args.length - 1] : undefined) as
        | Record<string, string | undefined>
        | undefined;
      const captures = args.slice(0, hasNamedGroups ? -3 : -2) as Array<string | undefined>;
      const rendered = renderReplacement(template, captures, groups);
      length += rendered.length - (captures[0] ?? '').length;
      if (length > this.limits.maxStringLength) {
        throw new ExpressionError(
          'limit',
          `Replacement would produce more than ${this.limits.maxStringLength} characters`,
        );
      }
      return rendered;
    });
  }

  /** Java's `String.split(regex)`: no captured groups, trailing empty strings removed. */
  split(subject: string, pattern: string): string[] {
    this.checkInput(subject);
    const regex = this.compile(pattern, 'global');
    regex.lastIndex = 0;
    const parts: string[] = [];
    let index = 0;
    for (let match = regex.exec(subject); match !== null; match = regex.exec(subject)) {
      const start = match.index;
      const end = start + match[0].length;
      if (match[0].length === 0) {
        regex.lastIndex++;
        if (start === 0 || start >= subject.length) continue;
      }
      parts.push(subject.slice(index, start));
      index = end;
    }
    if (index === 0 && parts.length === 0) return [subject];
    parts.push(subject.slice(index));
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }

  private checkInput(subject: string): void {
    if (subject.length > this.limits.maxRegexInputLength) {
      throw new ExpressionError(
        'limit',
        `Text of ${subject.length} characters is too long for a regular expression; the limit is ${this.limits.maxRegexInputLength}`,
      );
    }
  }

  private compile(pattern: string, use: 'whole' | 'global' | 'first'): RegExp {
    const key = `${use}\u0000${pattern}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (pattern.length > this.limits.maxRegexLength) {
      throw new ExpressionError(
        'limit',
        `Regular expression of ${pattern.length} characters is too long; the limit is ${this.limits.maxRegexLength}`,
      );
    }
    const { source, flags } = extractInlineFlags(pattern);
    checkBacktrackingRisk(source);
    let regex: RegExp;
    try {
      if (use === 'whole') {
        // Anchored at both ends whatever the flags: sticky start, nothing after.
        regex = new RegExp(`(?:${source})(?![\\s\\S])`, `${flags}y`);
      } else {
        regex = new RegExp(source, use === 'global' ? `${flags}g` : flags);
      }
    } catch (error) {
      throw new ExpressionError(
        'evaluation',
        `Invalid regular expression '${pattern}': ${(error as Error).message}`,
      );
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(key, regex);
    return regex;
  }
}

/** Java's leading `(?i)`, `(?s)`, `(?m)` (and combinations) become JS flags. */
function extractInlineFlags(pattern: string): { source: string; flags: string } {
  const match = /^\(\?([ims]+)\)/.exec(pattern);
  if (!match) return { source: pattern, flags: '' };
  const flags = [...new Set(match[1])].join('');
  return { source: pattern.slice(match[0].length), flags };
}

interface GroupFrame {
  repeats: boolean;
  alternates: boolean;
}

/**
 * Refuses patterns whose matching time can explode: a repeated group that
 * itself contains repetition (`(a+)+`, `(\w*)*`) or alternation (`(a|aa)*`),
 * and backreferences. A conservative check: some safe patterns are refused
 * too, and can be rewritten (`(\.[0-9]+)*` → `[.0-9]*`).
 */
function checkBacktrackingRisk(source: string): void {
  const frames: GroupFrame[] = [{ repeats: false, alternates: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') {
        throw refuse('backreferences are not allowed');
      }
      i += 2;
      continue;
    }
    if (c === '[') {
      i = skipCharacterClass(source, i);
      continue;
    }
    if (c === '(') {
      frames.push({ repeats: false, alternates: false });
      i++;
      continue;
    }
    if (c === '|') {
      frames[frames.length - 1].alternates = true;
      i++;
      continue;
    }
    if (c === ')') {
      const group = frames.length > 1 ? frames.pop()! : { repeats: false, alternates: false };
      const quantifier = readQuantifier(source, i + 1);
      if (quantifier.repeats && (group.repeats || group.alternates)) {
        throw refuse('a repeated group may not contain repetition or alternation');
      }
      const parent = frames[frames.length - 1];
      parent.repeats = parent.repeats || group.repeats || quantifier.repeats;
      i = i + 1 + quantifier.length;
      continue;
    }
    const quantifier = readQuantifier(source, i);
    if (quantifier.length > 0) {
      if (quantifier.repeats) frames[frames.length - 1].repeats = true;
      i += quantifier.length;
      continue;
    }
    i++;
  }
}

function refuse(reason: string): ExpressionError {
  return new ExpressionError(
    'forbidden',
    `Regular expression refused (risk of catastrophic backtracking): ${reason}`,
  );
}

/** A quantifier at `i`: its length, and whether it repeats more than once. */
function readQuantifier(source: string, i: number): { length: number; repeats: boolean } {
  const c = source[i];
  let length = 0;
  let repeats = false;
  if (c === '*' || c === '+') {
    length = 1;
    repeats = true;
  } else if (c === '?') {
    length = 1;
  } else if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (match) {
      length = match[0].length;
      const min = Number(match[1]);
      let max = min;
      if (match[2] !== undefined) max = match[3] === '' ? Infinity : Number(match[3]);
      repeats = max > 1;
    }
  }
  if (length > 0 && (source[i + length] === '?' || source[i + length] === '+')) {
    length++; // lazy or possessive suffix
  }
  return { length, repeats };
}

function skipCharacterClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') {
    i += source[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

type ReplacementPart = string | { group: number } | { name: string };

/** Java's replacement syntax: `$n`, `${name}`, and `\` escaping the next character. */
function parseReplacement(replacement: string): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      if (i + 1 >= replacement.length) {
        throw new ExpressionError('evaluation', 'Character to be escaped is missing in the replacement');
      }
      literal += replacement[++i];
    } else if (c === '$') {
      const rest = replacement.slice(i + 1);
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(rest);
      const numbered = /^\d+/.exec(rest);
      if (named) {
        parts.push(literal, { name: named[1] });
        i += named[0].length;
      } else if (numbered) {
        parts.push(literal, { group: Number(numbered[0]) });
        i += numbered[0].length;
      } else {
        throw new ExpressionError('evaluation', "Illegal group reference in the replacement: '$' must be followed by a group number or {name}");
      }
      literal = '';
    } else {
      literal += c;
    }
  }
  parts.push(literal);
  return parts.filter(part => part !== '');
}

function renderReplacement(
  parts: ReplacementPart[],
  captures: Array<string | undefined>,
  groups: Record<string, string | undefined> | undefined,
): string {
  // captures[0] is the whole match; Java's `$12` means group 12 only if it exists, else `$1` then "2".
  const groupCount = captures.length - 1;
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
    } else if ('name' in part) {
      if (!groups || !Object.prototype.hasOwnProperty.call(groups, part.name)) {
        throw new ExpressionError('evaluation', `No group with name {${part.name}}`);
      }
      out += groups[part.name] ?? '';
    } else {
      const digits = String(part.group);
      let length = 1;
      while (length < digits.length && Number(digits.slice(0, length + 1)) <= groupCount) length++;
      const group = Number(digits.slice(0, length));
      if (group > groupCount) {
        throw new ExpressionError('evaluation', `No group ${group} in the regular expression`);
      }
      out += (captures[group] ?? '') + digits.slice(length);
    }
  }
  return out;
}
