/**
 * `sort {by, ascending}`: orders rows by one or more columns (stable; nulls
 * last in both directions). See lib/ops_util/sort_index.ts for the order of values.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { boolList, COLUMN_LIST, inputTable, requireColumns, sameColumns, stringList } from "../lib/ops_util/params.ts";
import { activeRows, orderRows, rowsToRead } from "../lib/ops_util/rows.ts";
import { sortRows, topRows } from "../lib/ops_util/sort_index.ts";
import { viewOfRows } from "../lib/table/table_view.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Sorts rows by columns; ties keep their input order. */
export const sort: Operation = {
  name: "sort",
  description: "Sorts rows: by: [a, b], ascending: true or [true, false]; stable, nulls last.",
  resourceHint: "cpu_bound",
  params: {
    by: { ...COLUMN_LIST, description: "Column(s) to sort by, most significant first." },
    ascending: {
      anyOf: [{ type: "boolean" }, { type: "array", items: { type: "boolean" } }],
      default: true,
      description: "One direction for all columns, or one per column.",
    },
  },
  required: ["by"],
  minInputs: 1,
  check(params) {
    const by = stringList(params.by);
    if (by.length === 0) return [{ param: "by", message: "by is empty", hint: "name the column(s) to sort by" }];
    if (Array.isArray(params.ascending) && params.ascending.length !== by.length) {
      return [{ param: "ascending", message: `ascending has ${params.ascending.length} entries but by has ${by.length}`, hint: "give one boolean, or one per column" }];
    }
    return [];
  },
  columns: sameColumns("by"),
  inputColumns: passThrough("by"),
  run(ctx) {
    const table = inputTable(ctx);
    const by = stringList(ctx.params.by);
    requireColumns(table, ctx, "by", by);
    const ascending = boolList(ctx.params.ascending, by.length);
    const keys = by.map((column, i) => ({ column, ascending: ascending[i] }));
    const k = ctx.rowsUsed;
    if (k !== undefined && k < table.numRows()) {
      // only a head reads this: its first k rows, selected rather than every row ordered
      const top = topRows(table, activeRows(table), keys, k);
      ctx.signal.throwIfAborted();
      return viewOfRows(table, new Uint32Array(top.buffer, top.byteOffset, top.length));
    }
    const sorted = sortRows(table, rowsToRead(table), keys);
    ctx.signal.throwIfAborted();
    return orderRows(table, sorted);
  },
};
