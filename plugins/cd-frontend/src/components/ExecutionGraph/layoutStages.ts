/** What the layout needs of a stage: its identity and what it waits for. */
export interface LayoutStage {
  id: string;
  refId: string;
  requisiteStageRefIds?: readonly string[];
}

export interface LayoutNode {
  id: string;
  /** Top-left corner of the node's box, in SVG user units. */
  x: number;
  y: number;
  /** Depth: the longest chain of prerequisites before this stage. */
  column: number;
  /** Position within the column, top to bottom. */
  row: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
  /** An SVG path from the right middle of `from` to the left middle of `to`. */
  path: string;
}

export interface StageLayout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  nodeWidth: 180,
  nodeHeight: 64,
  columnGap: 48,
  rowGap: 20,
};

/**
 * Lays a stage DAG out left to right: each stage's column is its longest
 * prerequisite chain (so a join sits right of all its branches), rows within
 * a column follow the average row of the stage's parents (fewer crossings),
 * and shorter columns are centred. Unknown prerequisites are ignored; stages
 * in a cycle (invalid, but drawn rather than lost) go after the rest.
 * Linear in stages + edges, apart from one sort per column.
 */
export function layoutStages(
  stages: readonly LayoutStage[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): StageLayout {
  const byRefId = new Map<string, number>();
  stages.forEach((s, i) => byRefId.set(s.refId, i));
  const parents: number[][] = stages.map(s =>
    [...new Set(s.requisiteStageRefIds ?? [])]
      .map(ref => byRefId.get(ref))
      .filter((p): p is number => p !== undefined),
  );
  const children: number[][] = stages.map(() => []);
  parents.forEach((ps, child) => ps.forEach(p => children[p].push(child)));

  const columns = longestPathColumns(parents, children);
  const rows = assignRows(columns, parents);

  const columnCount = Math.max(0, ...columns.map(c => c + 1));
  const columnSizes = new Array<number>(columnCount).fill(0);
  columns.forEach(c => columnSizes[c]++);
  const tallest = Math.max(0, ...columnSizes);
  const rowPitch = options.nodeHeight + options.rowGap;
  const columnPitch = options.nodeWidth + options.columnGap;

  const nodes: LayoutNode[] = stages.map((s, i) => {
    const offset = ((tallest - columnSizes[columns[i]]) * rowPitch) / 2;
    return {
      id: s.id,
      column: columns[i],
      row: rows[i],
      x: columns[i] * columnPitch,
      y: rows[i] * rowPitch + offset,
    };
  });

  const edges: LayoutEdge[] = [];
  parents.forEach((ps, child) =>
    ps.forEach(parent => {
      const from = nodes[parent];
      const to = nodes[child];
      edges.push({
        from: from.id,
        to: to.id,
        path: edgePath(from, to, options),
      });
    }),
  );

  return {
    nodes,
    edges,
    width:
      columnCount === 0 ? 0 : columnCount * columnPitch - options.columnGap,
    height: tallest === 0 ? 0 : tallest * rowPitch - options.rowGap,
  };
}

/** Kahn's algorithm: a stage's column is one more than its deepest parent's. */
function longestPathColumns(
  parents: number[][],
  children: number[][],
): number[] {
  const columns = new Array<number>(parents.length).fill(0);
  const waiting = parents.map(ps => ps.length);
  const queue: number[] = [];
  waiting.forEach((count, i) => count === 0 && queue.push(i));
  const placed = new Array<boolean>(parents.length).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    placed[node] = true;
    for (const child of children[node]) {
      columns[child] = Math.max(columns[child], columns[node] + 1);
      if (--waiting[child] === 0) queue.push(child);
    }
  }
  if (queue.length < parents.length) {
    const after = Math.max(
      0,
      ...columns.filter((_, i) => placed[i]).map(c => c + 1),
    );
    columns.forEach((_, i) => {
      if (!placed[i]) columns[i] = after;
    });
  }
  return columns;
}

/** Orders each column by the mean row of the stage's parents, then by definition order. */
function assignRows(columns: number[], parents: number[][]): number[] {
  const rows = new Array<number>(columns.length).fill(0);
  const byColumn = new Map<number, number[]>();
  columns.forEach((c, i) => {
    const list = byColumn.get(c);
    if (list) list.push(i);
    else byColumn.set(c, [i]);
  });
  const ordered = [...byColumn.keys()].sort((a, b) => a - b);
  for (const column of ordered) {
    const members = byColumn.get(column)!;
    const weight = (i: number) => {
      const ps = parents[i].filter(p => columns[p] < column);
      return ps.length === 0
        ? i
        : ps.reduce((sum, p) => sum + rows[p], 0) / ps.length;
    };
    const weights = new Map(members.map(i => [i, weight(i)]));
    members
      .sort((a, b) => weights.get(a)! - weights.get(b)! || a - b)
      .forEach((node, row) => {
        rows[node] = row;
      });
  }
  return rows;
}

function edgePath(from: LayoutNode, to: LayoutNode, o: LayoutOptions): string {
  const x1 = from.x + o.nodeWidth;
  const y1 = from.y + o.nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + o.nodeHeight / 2;
  const bend = Math.max(16, (x2 - x1) / 2);
  return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
}
