import type { ValidationIssue } from '../pipeline';
import { isRecord } from './paths';

/**
 * Checks that `refId` / `requisiteStageRefIds` form a DAG: unique refIds,
 * requisites that name existing stages, and no dependency cycles. Works on
 * the raw document so that it still reports graph problems when other fields
 * are ill-typed (those are the schema's to report).
 */
export function stageGraphIssues(stages: unknown): ValidationIssue[] {
  if (!Array.isArray(stages)) return [];
  const issues: ValidationIssue[] = [];

  const indexByRefId = new Map<string, number>();
  stages.forEach((stage, index) => {
    const refId = refIdOf(stage);
    if (refId === undefined) return;
    const first = indexByRefId.get(refId);
    if (first !== undefined) {
      issues.push({
        path: `stages[${index}].refId`,
        message: `duplicate refId ${JSON.stringify(
          refId,
        )} (also used by stages[${first}])`,
      });
    } else {
      indexByRefId.set(refId, index);
    }
  });

  // Edges from a stage to the stages it waits for, by index.
  const requisites = new Map<number, number[]>();
  stages.forEach((stage, index) => {
    if (!isRecord(stage) || !Array.isArray(stage.requisiteStageRefIds)) return;
    if (indexByRefId.get(refIdOf(stage) ?? '') !== index) return; // a duplicate: already reported
    const targets: number[] = [];
    stage.requisiteStageRefIds.forEach((requisite, r) => {
      if (typeof requisite !== 'string') return;
      const path = `stages[${index}].requisiteStageRefIds[${r}]`;
      const target = indexByRefId.get(requisite);
      if (target === undefined) {
        issues.push({
          path,
          message: `no stage has refId ${JSON.stringify(requisite)}`,
        });
      } else if (target === index) {
        issues.push({
          path,
          message: `stage ${describe(stage, index)} depends on itself`,
        });
      } else {
        targets.push(target);
      }
    });
    requisites.set(index, targets);
  });

  for (const cycle of findCycles(requisites)) {
    const [first] = cycle;
    const names = [...cycle, first]
      .map(i => describe(stages[i], i))
      .join(' → ');
    issues.push({
      path: `stages[${first}].requisiteStageRefIds`,
      message: `dependency cycle: ${names}`,
    });
  }
  return issues;
}

function refIdOf(stage: unknown): string | undefined {
  return isRecord(stage) && typeof stage.refId === 'string'
    ? stage.refId
    : undefined;
}

function describe(stage: unknown, index: number): string {
  const refId = refIdOf(stage) ?? `#${index}`;
  const name =
    isRecord(stage) && typeof stage.name === 'string' ? stage.name : undefined;
  return name ? `${JSON.stringify(name)} (${refId})` : refId;
}

/**
 * One cycle per strongly connected component with more than one stage
 * (Tarjan's algorithm, iterative so a long pipeline cannot overflow the
 * stack), each listed in dependency order starting from its lowest index.
 */
function findCycles(edges: Map<number, number[]>): number[][] {
  const index = new Map<number, number>();
  const lowLink = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (const root of [...edges.keys()].sort((a, b) => a - b)) {
    if (index.has(root)) continue;
    const work: Array<{ node: number; next: number }> = [
      { node: root, next: 0 },
    ];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const successor = successors[frame.next++];
        if (!index.has(successor)) {
          index.set(successor, counter);
          lowLink.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          lowLink.set(
            frame.node,
            Math.min(lowLink.get(frame.node)!, index.get(successor)!),
          );
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowLink.set(
          parent,
          Math.min(lowLink.get(parent)!, lowLink.get(frame.node)!),
        );
      }
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components.map(component => orderCycle(component, edges));
}

/**
 * The shortest loop through the component's first stage (breadth-first), so
 * the message names a real cycle the user can break.
 */
function orderCycle(
  component: number[],
  edges: Map<number, number[]>,
): number[] {
  const members = new Set(component);
  const start = Math.min(...component);
  const cameFrom = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const loop = [node];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0])!);
        return loop;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return component; // unreachable for a strongly connected component
}
