/**
 * pfw's expression language, for `query` and `derive`.
 *
 * A small pandas-query-like language parsed into an AST and compiled to
 * closures — never evaluated as JavaScript:
 *
 * - column names (`amount`, or backticked for odd names: `` `unit price` ``);
 *   numbers (`1`, `2.5`, `1e3`, `1_000`); `'strings'` and `"strings"` with escapes
 *   (`\n \t \\ \' \" \uXXXX`); `true`/`false`/`null` (also `True`/`False`/`None`);
 * - `+ - * / % **`; `== != < <= > >=` (also `<>`); `and or not` (also `&& || !`);
 *   `x in [..]`, `x not in [..]` (literal lists); `x is null`, `x is not null`; parentheses;
 * - functions: abs, round, floor, ceil, sqrt, log, exp, lower, upper, trim,
 *   length, contains, startswith, endswith, substring, replace, year, month,
 *   day, date, coalesce, if(cond, a, b); window functions (derive only):
 *   row_number, rank, lag, lead, cumsum.
 *
 * Null rules are in lib/expr/values.ts. Variables `${name}` are replaced by
 * the pipeline loader before parsing.
 *
 * @example
 * ```ts
 * const ast = parseExpr("amount > 100 and region in ['EU', 'US']");
 * exprColumns(ast); // ["amount", "region"]
 * const keep = compileFilter(ast, table);
 * ```
 * @module
 */
export type { BinaryOp, CallNode, ColumnNode, ExprNode, InNode, IsNullNode, LiteralNode, UnaryNode } from "./ast.ts";
export { walkExpr } from "./ast.ts";
export { caretLines, ExprError } from "./error.ts";
export { parseExpr } from "./parser.ts";
export { exprColumnRefs, exprColumns, firstWindowCall } from "./columns.ts";
export { compileDerive, compileFilter, type CompileOptions, type DeriveOptions, type Evaluator } from "./compile.ts";
export { FUNCTIONS } from "./functions.ts";
export type { WindowOptions } from "./window.ts";
