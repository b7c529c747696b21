/**
 * A small JSONPath reader for webhook responses: `$.a.b`, `a.b`, `$.items[0].id`,
 * `$['key with space']`. Returns undefined when any step is missing.
 */
export function readJsonPath(document: unknown, path: string): unknown {
  const steps = parseSteps(path);
  let current: unknown = document;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function parseSteps(path: string): Array<string | number> {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  const steps: Array<string | number> = [];
  const re = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m) throw new Error(`unsupported JSON path ${JSON.stringify(path)} at ${JSON.stringify(rest)}`);
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  return steps;
}
