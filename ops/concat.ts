/**
 * `concat`: stacks the rows of every input (depends_on order), matching
 * columns by name. The output has the union of the columns, in order of
 * first appearance; a table without a column contributes nulls to it. A
 * column whose pieces hold different kinds of values (numbers in one input,
 * strings in another) becomes text. Columns no later step reads
 * (ctx.columnsUsed) are left out rather than copied.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import type { Table } from "../lib/types.ts";
import { columnData } from "../lib/ops_util/column_data.ts";
import { concatColumn } from "../lib/ops_util/concat_columns.ts";
import { rowsToRead } from "../lib/ops_util/rows.ts";
import { makeTable } from "../lib/ops_util/table_build.ts";
import { DataError } from "../lib/errors.ts";
import { passThrough, usedOutputs } from "../lib/ops_util/input_columns.ts";

/** Stacks the rows of all inputs by column name. */
export const concat: Operation = {
  name: "concat",
  description: "Stacks the rows of all dependencies (in depends_on order), matching columns by name; missing columns are null.",
  resourceHint: "cpu_bound",
  params: {},
  minInputs: 1,
  columns(ctx) {
    const lists = Object.values(ctx.inputs);
    if (lists.length === 0) return ctx.input;
    if (lists.some((l) => l === undefined)) return undefined;
    return unionNames(lists as string[][]);
  },
  inputColumns: passThrough(),
  run(ctx) {
    const tables = Object.values(ctx.inputs);
    if (tables.length === 0) {
      if (ctx.input) return ctx.input;
      throw new DataError(`step "${ctx.step}": concat needs at least one input; list the steps in depends_on`);
    }
    return concatTables(tables, ctx.columnsUsed);
  },
};

function unionNames(lists: readonly (readonly string[])[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const l of lists) {
    for (const n of l) {
      if (!seen.has(n)) {
        seen.add(n);
        names.push(n);
      }
    }
  }
  return names;
}

/**
 * The rows of `tables`, one after another, by column name; only the columns in
 * `used` when given (no later step reads the others, so they are not copied).
 */
export function concatTables(tables: readonly Table[], used?: readonly string[]): Table {
  const names = usedOutputs(unionNames(tables.map((t) => t.columnNames())), (n) => n, used);
  const rows = tables.map((t) => rowsToRead(t));
  const total = rows.reduce((s, r) => s + r.length, 0);
  return makeTable(names.map((name) => {
    const parts = tables.map((t, i) => ({ col: t.columnNames().includes(name) ? columnData(t, name) : null, rows: rows[i] }));
    return [name, concatColumn(parts, total)] as const;
  }));
}
