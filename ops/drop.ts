/**
 * `drop {columns}`: removes columns.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { checkColumns, COLUMN_LIST, inputTable, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { project } from "./select.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Removes the named columns; naming a column that does not exist is an error. */
export const drop: Operation = {
  name: "drop",
  description: "Removes columns: columns: [a, b].",
  resourceHint: "cpu_bound",
  params: { columns: { ...COLUMN_LIST, description: "Column names to remove." } },
  required: ["columns"],
  minInputs: 1,
  columns(ctx) {
    if (!ctx.input) return undefined;
    const names = stringList(ctx.params.columns);
    checkColumns(ctx, "columns", names, ctx.input);
    return ctx.input.filter((c) => !names.includes(c));
  },
  inputColumns: passThrough("columns"),
  run(ctx) {
    const table = inputTable(ctx);
    const names = stringList(ctx.params.columns);
    requireColumns(table, ctx, "columns", names);
    return project(table, table.columnNames().filter((c) => !names.includes(c)).map((c) => [c, c]));
  },
};
