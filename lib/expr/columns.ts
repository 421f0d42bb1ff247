/**
 * Column references of an expression, for checks before the run.
 *
 * @module
 */
import { type CallNode, type ColumnNode, type ExprNode, walkExpr } from "./ast.ts";

/** Every column the expression names, once each, in order of first appearance. */
export function exprColumns(ast: ExprNode): string[] {
  const seen = new Set<string>();
  walkExpr(ast, (n) => {
    if (n.type === "Column") seen.add(n.name);
  });
  return [...seen];
}

/** Every column reference with its position (for errors that point at the reference). */
export function exprColumnRefs(ast: ExprNode): ColumnNode[] {
  const refs: ColumnNode[] = [];
  walkExpr(ast, (n) => {
    if (n.type === "Column") refs.push(n);
  });
  return refs;
}

/** The first call of a window function (row_number, rank, lag, lead, cumsum), if any. */
export function firstWindowCall(ast: ExprNode): CallNode | undefined {
  let found: CallNode | undefined;
  walkExpr(ast, (n) => {
    if (!found && n.type === "Call" && WINDOW_FUNCTIONS.has(n.name)) found = n;
  });
  return found;
}

const WINDOW_FUNCTIONS = new Set(["row_number", "rank", "lag", "lead", "cumsum"]);
