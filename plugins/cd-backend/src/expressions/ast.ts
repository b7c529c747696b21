/**
 * The syntax tree of one expression. Every node records `pos`, the offset of
 * its first character in the expression text, for error messages.
 */

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | '^'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'matches' | 'between';

export type SelectionMode = 'all' | 'first' | 'last';

interface NodeBase {
  pos: number;
}

export interface LiteralNode extends NodeBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

/** A bare name, resolved on the active context object (`#this` in a selection, else `#root`). */
export interface IdentifierNode extends NodeBase {
  kind: 'identifier';
  name: string;
}

/** `#root`, `#this`, or another `#name` that is not called. */
export interface VariableNode extends NodeBase {
  kind: 'variable';
  name: string;
}

/** `object.name` or `object?.name`. */
export interface PropertyNode extends NodeBase {
  kind: 'property';
  object: ExpressionNode;
  name: string;
  safe: boolean;
}

/** `object[index]`. */
export interface IndexNode extends NodeBase {
  kind: 'index';
  object: ExpressionNode;
  index: ExpressionNode;
}

/** `object.name(args)` on an allow-listed method, or `name(args)` on `#this`. */
export interface MethodCallNode extends NodeBase {
  kind: 'methodCall';
  /** Absent for a bare call such as `size()` inside a selection. */
  object?: ExpressionNode;
  name: string;
  args: ExpressionNode[];
  safe: boolean;
}

/** `#name(args)`: a registered helper function. */
export interface FunctionCallNode extends NodeBase {
  kind: 'functionCall';
  name: string;
  args: ExpressionNode[];
}

export interface UnaryNode extends NodeBase {
  kind: 'unary';
  operator: '-' | '+' | '!';
  operand: ExpressionNode;
}

export interface BinaryNode extends NodeBase {
  kind: 'binary';
  operator: BinaryOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

/** `and` / `or`, kept apart from BinaryNode because they short-circuit. */
export interface LogicalNode extends NodeBase {
  kind: 'logical';
  operator: 'and' | 'or';
  left: ExpressionNode;
  right: ExpressionNode;
}

export interface TernaryNode extends NodeBase {
  kind: 'ternary';
  condition: ExpressionNode;
  whenTrue: ExpressionNode;
  whenFalse: ExpressionNode;
}

/** `value ?: fallback`. */
export interface ElvisNode extends NodeBase {
  kind: 'elvis';
  value: ExpressionNode;
  fallback: ExpressionNode;
}

/** `{1, 2, 3}`. */
export interface ListNode extends NodeBase {
  kind: 'list';
  elements: ExpressionNode[];
}

/** `{'k': v, other: w}` (a bare identifier key is its own name) or `{:}`. */
export interface MapNode extends NodeBase {
  kind: 'map';
  entries: Array<{ key: ExpressionNode | string; value: ExpressionNode }>;
}

/** `object.?[predicate]`, `.^[` (first) and `.$[` (last). */
export interface SelectionNode extends NodeBase {
  kind: 'selection';
  object: ExpressionNode;
  predicate: ExpressionNode;
  mode: SelectionMode;
  safe: boolean;
}

/** `object.![projection]`. */
export interface ProjectionNode extends NodeBase {
  kind: 'projection';
  object: ExpressionNode;
  projection: ExpressionNode;
  safe: boolean;
}

export type ExpressionNode =
  | LiteralNode
  | IdentifierNode
  | VariableNode
  | PropertyNode
  | IndexNode
  | MethodCallNode
  | FunctionCallNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | TernaryNode
  | ElvisNode
  | ListNode
  | MapNode
  | SelectionNode
  | ProjectionNode;

/** The direct children of a node, in evaluation order. */
export function childrenOf(node: ExpressionNode): ExpressionNode[] {
  switch (node.kind) {
    case 'literal':
    case 'identifier':
    case 'variable':
      return [];
    case 'property':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'methodCall':
      return node.object ? [node.object, ...node.args] : node.args;
    case 'functionCall':
      return node.args;
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'ternary':
      return [node.condition, node.whenTrue, node.whenFalse];
    case 'elvis':
      return [node.value, node.fallback];
    case 'list':
      return node.elements;
    case 'map':
      return node.entries.flatMap(e =>
        typeof e.key === 'string' ? [e.value] : [e.key, e.value],
      );
    case 'selection':
      return [node.object, node.predicate];
    case 'projection':
      return [node.object, node.projection];
    default:
      return assertNever(node);
  }
}

function assertNever(node: never): never {
  throw new Error(`Unknown expression node ${JSON.stringify(node)}`);
}
