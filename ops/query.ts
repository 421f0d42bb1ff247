/**
 * `query {expr}` (alias `filter`): keeps the rows where an expression is true.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { caretLines, compileFilter, exprColumns, firstWindowCall, parseExpr } from "../lib/expr/mod.ts";
import { checkColumns, exprFailure, exprProblem, inputTable } from "../lib/ops_util/params.ts";
import { filterRows, isPlain, maskRows } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { usedPlus } from "../lib/ops_util/input_columns.ts";

/** Keeps the rows where `expr` is true (null counts as false): a filtered view of a plain input, else gathered rows. */
export const query: Operation = {
  name: "query",
  aliases: ["filter"],
  description: "Keeps the rows where an expression is true, e.g. expr: \"amount > 100 and region == 'EU'\".",
  resourceHint: "cpu_bound",
  params: {
    expr: { type: "string", description: "A pfw expression; rows where it is true are kept (null counts as false)." },
  },
  required: ["expr"],
  minInputs: 1,
  check(params) {
    try {
      const ast = parseExpr(params.expr as string);
      const call = firstWindowCall(ast);
      if (call) {
        const message = `${call.name}() is a window function and works in derive only at column ${call.offset + 1}\n${caretLines(params.expr as string, call.offset)}`;
        return [{ param: "expr", message, hint: "compute it with derive, then query the new column" }];
      }
      return [];
    } catch (e) {
      return [exprProblem("expr", e)];
    }
  },
  columns(ctx) {
    if (!ctx.input) return undefined;
    try {
      checkColumns(ctx, "expr", exprColumns(parseExpr(ctx.params.expr as string)), ctx.input);
    } catch { /* syntax errors are reported by check() */ }
    return ctx.input;
  },
  inputColumns(params, used) {
    return usedPlus(used, exprColumns(parseExpr(params.expr as string)));
  },
  run(ctx) {
    const table = inputTable(ctx);
    const source = ctx.params.expr as string;
    let keep: (row: number) => boolean;
    try {
      keep = compileFilter(parseExpr(source), table, { source });
    } catch (e) {
      return exprFailure(e, ctx, "expr");
    }
    try {
      // A plain input is filtered in place (a bitmask over its rows): no row is copied, and the
      // next step reads the kept rows through the mask. Sorted or filtered inputs are gathered.
      if (isPlain(table)) return maskRows(table, keep, ctx.signal);
      return gatherTable(table, filterRows(table, keep, ctx.signal));
    } catch (e) {
      return exprFailure(e, ctx, "expr");
    }
  },
};
