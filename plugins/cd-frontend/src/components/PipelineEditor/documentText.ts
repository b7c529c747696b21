import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseDocument,
  stringify,
} from 'yaml';

export type TextFormat = 'yaml' | 'json';

/** A pipeline config as the editor shows it. */
export function formatDocument(value: unknown, format: TextFormat): string {
  return format === 'json'
    ? `${JSON.stringify(value, null, 2)}\n`
    : stringify(value);
}

/** Reads YAML or JSON text (YAML parses both); throws with the line of a syntax error. */
export function parseText(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0)
    throw new Error(document.errors[0].message.split('\n')[0]);
  return document.toJS();
}

/** `stages[2].requisiteStageRefIds[0]`, `payloadConstraints["x-y"]`, `[1].name` → keys and indices. */
export function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined)
      segments.push(JSON.parse(match[2]) as string);
    else if (match[3] !== undefined) segments.push(match[3]);
  }
  return segments;
}

/**
 * The 1-based line an issue's path points at in YAML or JSON text: the key
 * of the field (or the array item) when it exists, else the deepest
 * ancestor that does (a missing required field points at its object).
 * Undefined when the text does not parse or the path names nothing in it.
 */
export function lineOfPath(text: string, path: string): number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0 || !document.contents) return undefined;
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;

  let node: unknown = document.contents;
  let line = lineAt((document.contents as Node).range?.[0]);
  for (const segment of parsePath(path)) {
    if (isMap(node)) {
      const pair = node.items.find(
        p => (isScalar(p.key) ? p.key.value : p.key) === String(segment),
      );
      if (!pair) break;
      line = lineAt((pair.key as Node | null)?.range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      line = lineAt(item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
