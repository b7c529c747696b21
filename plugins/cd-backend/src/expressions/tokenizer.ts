/**
 * Splits the text of one SpEL expression (without `${ }`) into tokens.
 * Keywords (`and`, `not`, `matches`…) are left as identifiers: whether a word
 * is an operator or a property name depends on where it stands, which only
 * the parser knows (`a.not` is a property, `not a` an operator).
 */
import { ExpressionError } from './errors';

export type TokenType = 'number' | 'string' | 'identifier' | 'symbol' | 'eof';

export interface Token {
  type: TokenType;
  /** Symbol text, identifier name, or decoded string contents. */
  text: string;
  /** Parsed value of a number token. */
  numberValue?: number;
  /** Offset of the token's first character in the expression. */
  start: number;
  /** Offset just after the token's last character. */
  end: number;
}

/** Longest first, so that `?.` wins over `?` and `==` over `=`. */
const SYMBOLS = [
  '?.', '?:', '==', '!=', '<=', '>=', '&&', '||', '++', '--',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', '?', '!', '=', '<', '>',
  '&', '|', '+', '-', '*', '/', '%', '^', '#', '@', '$',
];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isHexDigit = (c: string) => /^[0-9a-fA-F]$/.test(c);
const isIdentifierStart = (c: string) => /^[A-Za-z_]$/.test(c);
const isIdentifierPart = (c: string) => /^[A-Za-z0-9_$]$/.test(c);
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      const token = readNumber(text, start);
      tokens.push(token);
      i = token.end;
    } else if (c === "'" || c === '"') {
      const token = readString(text, start);
      tokens.push(token);
      i = token.end;
    } else if (isIdentifierStart(c)) {
      while (i < text.length && isIdentifierPart(text[i])) i++;
      tokens.push({ type: 'identifier', text: text.slice(start, i), start, end: i });
    } else {
      const symbol = SYMBOLS.find(s => text.startsWith(s, start));
      if (!symbol) {
        throw new ExpressionError('syntax', `Unexpected character '${c}'`, start);
      }
      i += symbol.length;
      tokens.push({ type: 'symbol', text: symbol, start, end: i });
    }
  }
  tokens.push({ type: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

/** Quoted with ' or "; the quote character is escaped by doubling it (SpEL). */
function readString(text: string, start: number): Token {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  for (;;) {
    const next = text.indexOf(quote, i);
    if (next < 0) {
      throw new ExpressionError('syntax', 'Unterminated string literal', start);
    }
    value += text.slice(i, next);
    if (text[next + 1] === quote) {
      value += quote;
      i = next + 2;
    } else {
      return { type: 'string', text: value, start, end: next + 1 };
    }
  }
}

/** Integers, decimals, exponents, hex (`0x1F`), `L` (long) and `f`/`d` suffixes. */
function readNumber(text: string, start: number): Token {
  let i = start;
  let value: number;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    const digitsStart = i;
    while (i < text.length && isHexDigit(text[i])) i++;
    if (i === digitsStart) {
      throw new ExpressionError('syntax', 'Invalid hexadecimal number literal', start);
    }
    value = parseInt(text.slice(digitsStart, i), 16);
    if (text[i] === 'L' || text[i] === 'l') i++;
  } else {
    while (i < text.length && isDigit(text[i])) i++;
    let real = false;
    if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
      real = true;
      i++;
      while (i < text.length && isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      const signed = text[i + 1] === '+' || text[i + 1] === '-';
      if (isDigit(text[i + (signed ? 2 : 1)] ?? '')) {
        real = true;
        i += signed ? 2 : 1;
        while (i < text.length && isDigit(text[i])) i++;
      }
    }
    value = Number(text.slice(start, i));
    const suffix = text[i];
    if (!real && (suffix === 'L' || suffix === 'l')) {
      i++;
    } else if (suffix === 'f' || suffix === 'F' || suffix === 'd' || suffix === 'D') {
      i++;
    }
  }
  if (i < text.length && isIdentifierPart(text[i])) {
    throw new ExpressionError('syntax', 'Invalid number literal', start);
  }
  if (!Number.isFinite(value)) {
    throw new ExpressionError('syntax', 'Number literal out of range', start);
  }
  return { type: 'number', text: text.slice(start, i), numberValue: value, start, end: i };
}
