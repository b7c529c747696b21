import { DEFAULT_LAYOUT, layoutStages, LayoutStage } from './layoutStages';

const stage = (
  refId: string,
  ...requisiteStageRefIds: string[]
): LayoutStage => ({
  id: `id-${refId}`,
  refId,
  requisiteStageRefIds,
});

const place = (stages: LayoutStage[]) =>
  Object.fromEntries(
    layoutStages(stages).nodes.map(n => [
      n.id.replace('id-', ''),
      [n.column, n.row],
    ]),
  );

describe('layoutStages', () => {
  it('puts a chain in consecutive columns', () => {
    expect(place([stage('1'), stage('2', '1'), stage('3', '2')])).toEqual({
      '1': [0, 0],
      '2': [1, 0],
      '3': [2, 0],
    });
  });

  it('puts parallel branches in one column and the join after the longest branch', () => {
    const layout = place([
      stage('deploy'),
      stage('a', 'deploy'),
      stage('b', 'deploy'),
      stage('b2', 'b'),
      stage('join', 'a', 'b2'),
    ]);
    expect(layout.a[0]).toBe(1);
    expect(layout.b[0]).toBe(1);
    expect(new Set([layout.a[1], layout.b[1]])).toEqual(new Set([0, 1]));
    expect(layout.b2[0]).toBe(2);
    expect(layout.join[0]).toBe(3);
  });

  it('orders a column by the rows of the parents to avoid crossings', () => {
    // x1 hangs off the lower root, x0 off the upper one; definition order says the opposite.
    const layout = place([
      stage('r0'),
      stage('r1'),
      stage('x1', 'r1'),
      stage('x0', 'r0'),
    ]);
    expect(layout.r0[1]).toBe(0);
    expect(layout.x0[1]).toBe(0);
    expect(layout.x1[1]).toBe(1);
  });

  it('centres shorter columns and draws one edge per prerequisite', () => {
    const result = layoutStages([
      stage('1'),
      stage('2', '1'),
      stage('3', '1'),
      stage('4', '2', '3'),
    ]);
    const byId = Object.fromEntries(result.nodes.map(n => [n.id, n]));
    const pitch = DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.rowGap;
    expect(byId['id-1'].y).toBe(pitch / 2);
    expect(byId['id-2'].y).toBe(0);
    expect(byId['id-3'].y).toBe(pitch);
    expect(byId['id-4'].x).toBe(
      2 * (DEFAULT_LAYOUT.nodeWidth + DEFAULT_LAYOUT.columnGap),
    );
    expect(result.edges.map(e => `${e.from}>${e.to}`).sort()).toEqual(
      ['id-1>id-2', 'id-1>id-3', 'id-2>id-4', 'id-3>id-4'].sort(),
    );
    expect(result.edges[0].path).toMatch(/^M \d+ \d+ C /);
    expect(result.width).toBe(
      3 * DEFAULT_LAYOUT.nodeWidth + 2 * DEFAULT_LAYOUT.columnGap,
    );
    expect(result.height).toBe(
      2 * DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.rowGap,
    );
  });

  it('ignores unknown prerequisites and still places stages in a cycle', () => {
    const layout = place([
      stage('1', 'missing'),
      stage('a', 'b'),
      stage('b', 'a'),
    ]);
    expect(layout['1']).toEqual([0, 0]);
    expect(layout.a[0]).toBe(1);
    expect(layout.b[0]).toBe(1);
  });

  it('handles no stages', () => {
    expect(layoutStages([])).toEqual({
      nodes: [],
      edges: [],
      width: 0,
      height: 0,
    });
  });

  it('lays out a wide 500-stage graph quickly without overlaps', () => {
    // 100 waves of 5 parallel stages, each wave joining all of the previous one.
    const stages: LayoutStage[] = [];
    for (let wave = 0; wave < 100; wave++) {
      for (let lane = 0; lane < 5; lane++) {
        const prev =
          wave === 0 ? [] : [0, 1, 2, 3, 4].map(l => `${wave - 1}-${l}`);
        stages.push(stage(`${wave}-${lane}`, ...prev));
      }
    }
    const started = performance.now();
    const result = layoutStages(stages);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.edges).toHaveLength(99 * 25);
    const cells = new Set(result.nodes.map(n => `${n.column}:${n.row}`));
    expect(cells.size).toBe(500);
    expect(Math.max(...result.nodes.map(n => n.column))).toBe(99);
  });
});
