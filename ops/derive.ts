/**
 * `derive {columns: {new: expr}, partition_by?, order_by?, ascending?}`
 * (alias `assign`): adds or replaces columns computed by expressions,
 * including window functions.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { compileDerive, type ExprNode, exprColumns, parseExpr } from "../lib/expr/mod.ts";
import { boolList, checkColumns, COLUMN_LIST, exprFailure, exprProblem, inputTable, mapping, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { type ColumnInput, columnFromJS, float64Column, int32Column, plainTable, withColumn } from "../lib/ops_util/table_build.ts";
import { compileNumeric, type NumericResult } from "../lib/expr/vector.ts";
import { compileStringChoice } from "../lib/expr/string_choice.ts";
import type { Table } from "../lib/types.ts";

/** Adds or replaces columns; each expression sees the columns derived before it. */
export const derive: Operation = {
  name: "derive",
  aliases: ["assign"],
  description: "Adds or replaces columns computed from expressions, e.g. columns: {total: \"price * qty\"}; window functions with partition_by / order_by.",
  resourceHint: "cpu_bound",
  params: {
    columns: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "New column name → expression, computed in the order written; later ones may use earlier ones.",
    },
    partition_by: { ...COLUMN_LIST, description: "Window functions restart for each distinct value of these columns." },
    order_by: { ...COLUMN_LIST, description: "Order of rows inside each partition for window functions (rows keep their place in the output)." },
    ascending: {
      anyOf: [{ type: "boolean" }, { type: "array", items: { type: "boolean" } }],
      default: true,
      description: "Direction of order_by, one for all or one per column.",
    },
  },
  required: ["columns"],
  minInputs: 1,
  check(params) {
    const problems = [];
    const entries = mapping(params.columns);
    if (entries.length === 0) problems.push({ param: "columns", message: "columns is empty", hint: "write columns: {new_name: \"expression\"}" });
    for (const [name, expr] of entries) {
      try {
        parseExpr(expr as string);
      } catch (e) {
        problems.push(exprProblem(`columns.${name}`, e));
      }
    }
    const order = stringList(params.order_by);
    if (Array.isArray(params.ascending) && params.ascending.length !== order.length) {
      problems.push({ param: "ascending", message: `ascending has ${params.ascending.length} entries but order_by has ${order.length}`, hint: "give one boolean, or one per order_by column" });
    }
    return problems;
  },
  columns(ctx) {
    if (!ctx.input) return undefined;
    const available = [...ctx.input];
    checkColumns(ctx, "partition_by", stringList(ctx.params.partition_by), ctx.input);
    checkColumns(ctx, "order_by", stringList(ctx.params.order_by), ctx.input);
    for (const [name, expr] of mapping(ctx.params.columns)) {
      try {
        checkColumns(ctx, `columns.${name}`, exprColumns(parseExpr(expr as string)), available);
      } catch { /* reported by check() */ }
      if (!available.includes(name)) available.push(name);
    }
    return available;
  },
  inputColumns(params, used) {
    if (!used) return undefined;
    const entries = mapping(params.columns);
    const made = new Set(entries.map(([name]) => name));
    const need = new Set([...used].filter((c) => !made.has(c)));
    for (const [, expr] of entries) for (const c of exprColumns(parseExpr(expr as string))) need.add(c);
    for (const c of [...stringList(params.partition_by), ...stringList(params.order_by)]) need.add(c);
    return need;
  },
  run(ctx) {
    let table: Table = plainTable(inputTable(ctx));
    const partitionBy = stringList(ctx.params.partition_by);
    const order = stringList(ctx.params.order_by);
    requireColumns(table, ctx, "partition_by", partitionBy);
    requireColumns(table, ctx, "order_by", order);
    const ascending = boolList(ctx.params.ascending, order.length);
    const orderBy = order.map((column, i) => ({ column, ascending: ascending[i] }));
    for (const [name, expr] of mapping(ctx.params.columns)) {
      ctx.signal.throwIfAborted();
      const source = expr as string;
      let ast: ExprNode;
      try {
        ast = parseExpr(source);
        if (ast.type === "Column" && table.columnNames().includes(ast.name)) {
          table = withColumn(table, name, table.column(ast.name) as unknown as object);
          continue;
        }
        const numeric = compileNumeric(ast, table);
        if (numeric) {
          table = withColumn(table, name, numericColumn(numeric()));
          continue;
        }
        const choice = compileStringChoice(ast, table, source);
        if (choice) {
          table = withColumn(table, name, choice());
          continue;
        }
        const f = compileDerive(ast, table, { source, partitionBy, orderBy });
        const n = table.totalRows();
        const values = new Array(n);
        for (let i = 0; i < n; i++) values[i] = f(i);
        table = withColumn(table, name, columnFromJS(values));
      } catch (e) {
        exprFailure(e, ctx, `columns.${name}`);
      }
    }
    return table;
  },
};

/** An Int32 column when every value is a whole number in range (as row-by-row derive does), else Float64. */
function numericColumn(r: NumericResult): ColumnInput {
  const { values, validity, nullCount } = r;
  if (values instanceof Int32Array) return int32Column(values, validity, nullCount);
  let ints = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== (v | 0)) {
      if (validity && !(validity[i >> 3] & (1 << (i & 7)))) continue;
      ints = false;
      break;
    }
  }
  return ints ? int32Column(Int32Array.from(values), validity, nullCount) : float64Column(values, validity, nullCount);
}
