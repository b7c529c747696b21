import {
  formatDocument,
  lineOfPath,
  parsePath,
  parseText,
} from './documentText';
import { lineDiff } from './lineDiff';

const config = {
  application: 'shop',
  name: 'Deploy',
  stages: [
    { refId: '1', type: 'wait', waitTime: 5 },
    { refId: '2', type: 'manualJudgment', requisiteStageRefIds: ['1', 'x'] },
  ],
  triggers: [{ type: 'webhook', payloadConstraints: { 'x-branch': 'main' } }],
};

describe('parsePath', () => {
  it('splits keys, indices and quoted keys', () => {
    expect(parsePath('stages[1].requisiteStageRefIds[0]')).toEqual([
      'stages',
      1,
      'requisiteStageRefIds',
      0,
    ]);
    expect(parsePath('triggers[0].payloadConstraints["x-branch"]')).toEqual([
      'triggers',
      0,
      'payloadConstraints',
      'x-branch',
    ]);
    expect(parsePath('[1].name')).toEqual([1, 'name']);
    expect(parsePath('')).toEqual([]);
  });
});

describe('lineOfPath', () => {
  const yaml = formatDocument(config, 'yaml');
  const json = formatDocument(config, 'json');
  const lineOf = (text: string, needle: string, from = 0) =>
    text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

  it('finds the line of a field in YAML', () => {
    expect(lineOfPath(yaml, 'name')).toBe(lineOf(yaml, 'name: Deploy'));
    expect(lineOfPath(yaml, 'stages[1].type')).toBe(
      lineOf(yaml, 'type: manualJudgment'),
    );
    expect(lineOfPath(yaml, 'stages[1].requisiteStageRefIds[1]')).toBe(
      lineOf(yaml, '- x'),
    );
    expect(lineOfPath(yaml, 'triggers[0].payloadConstraints["x-branch"]')).toBe(
      lineOf(yaml, 'x-branch: main'),
    );
  });

  it('finds the line of a field in JSON', () => {
    expect(lineOfPath(json, 'stages[0].waitTime')).toBe(
      lineOf(json, '"waitTime"'),
    );
    expect(lineOfPath(json, 'stages[1].requisiteStageRefIds[1]')).toBe(
      lineOf(json, '"x"'),
    );
  });

  it('points a missing field at its closest existing ancestor', () => {
    expect(lineOfPath(yaml, 'stages[0].stageTimeoutMs')).toBe(
      lineOf(yaml, 'refId: "1"'),
    );
    expect(lineOfPath(yaml, 'stages[7].type')).toBe(lineOf(yaml, 'stages:'));
  });

  it('gives up on unparseable text', () => {
    expect(lineOfPath('name: [unclosed', 'name')).toBeUndefined();
  });
});

describe('parseText / formatDocument', () => {
  it('round-trips YAML and JSON', () => {
    expect(parseText(formatDocument(config, 'yaml'))).toEqual(config);
    expect(parseText(formatDocument(config, 'json'))).toEqual(config);
    expect(() => parseText('a: [1')).toThrow(/line 1/);
  });
});

describe('lineDiff', () => {
  it('marks added, removed and unchanged lines in order', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nc\nx\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'd' },
    ]);
  });

  it('handles identical, empty and wholly different texts', () => {
    expect(lineDiff('a\nb', 'a\nb').every(l => l.kind === 'same')).toBe(true);
    expect(lineDiff('', 'x')).toEqual([
      { kind: 'removed', text: '' },
      { kind: 'added', text: 'x' },
    ]);
    const diff = lineDiff('a\nb', 'c\nd');
    expect(diff.filter(l => l.kind === 'removed').map(l => l.text)).toEqual([
      'a',
      'b',
    ]);
    expect(diff.filter(l => l.kind === 'added').map(l => l.text)).toEqual([
      'c',
      'd',
    ]);
  });

  it('diffs a 1000-line document with a local change quickly', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[500] = 'changed';
    const started = performance.now();
    const diff = lineDiff(lines.join('\n'), changed.join('\n'));
    expect(performance.now() - started).toBeLessThan(100);
    expect(diff.filter(l => l.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'line 500' },
      { kind: 'added', text: 'changed' },
    ]);
  });
});
