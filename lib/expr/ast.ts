/**
 * The syntax tree of a pfw expression. Every node carries `offset` (where it
 * starts in the source, 0-based, in UTF-16 code units) and `end` (just past
 * its last character), so errors can point at it.
 *
 * @module
 */

/** A literal value: number, string, boolean or null. */
export interface LiteralNode {
  type: "Literal";
  value: number | string | boolean | null;
  offset: number;
  end: number;
}

/** A reference to a column by name (bare identifier or `backticked`). */
export interface ColumnNode {
  type: "Column";
  name: string;
  offset: number;
  end: number;
}

/** `-x`, `+x`, `not x` (also written `!x`). */
export interface UnaryNode {
  type: "Unary";
  op: "-" | "+" | "not";
  arg: ExprNode;
  offset: number;
  end: number;
}

/** Arithmetic, comparison and logical operators. */
export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "**"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "and" | "or";

/** `left op right`. */
export interface BinaryNode {
  type: "Binary";
  op: BinaryOp;
  left: ExprNode;
  right: ExprNode;
  offset: number;
  end: number;
}

/** `x in [a, b]` or `x not in [a, b]`; the list holds literals only. */
export interface InNode {
  type: "In";
  arg: ExprNode;
  values: LiteralNode[];
  negated: boolean;
  offset: number;
  end: number;
}

/** `x is null` or `x is not null`. */
export interface IsNullNode {
  type: "IsNull";
  arg: ExprNode;
  negated: boolean;
  offset: number;
  end: number;
}

/** A call of a whitelisted function, e.g. `lower(name)`. */
export interface CallNode {
  type: "Call";
  name: string;
  args: ExprNode[];
  offset: number;
  end: number;
}

/** Any expression node. */
export type ExprNode = LiteralNode | ColumnNode | UnaryNode | BinaryNode | InNode | IsNullNode | CallNode;

/** Visits `node` and every node below it, parents first. */
export function walkExpr(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  switch (node.type) {
    case "Unary":
    case "IsNull":
      walkExpr(node.arg, visit);
      break;
    case "In":
      walkExpr(node.arg, visit);
      for (const v of node.values) walkExpr(v, visit);
      break;
    case "Binary":
      walkExpr(node.left, visit);
      walkExpr(node.right, visit);
      break;
    case "Call":
      for (const a of node.args) walkExpr(a, visit);
      break;
  }
}
