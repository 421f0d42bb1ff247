/**
 * `dropna {columns?}`: removes rows holding a null (or NaN) in any of
 * `columns` (default: all columns).
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { columnData, nullTester } from "../lib/ops_util/column_data.ts";
import { COLUMN_LIST, inputTable, requireColumns, sameColumns, stringList } from "../lib/ops_util/params.ts";
import { filterRows } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { rowTestColumns } from "../lib/ops_util/input_columns.ts";

/** Removes rows with a null in any of the columns. */
export const dropna: Operation = {
  name: "dropna",
  description: "Removes rows with a null (or NaN) in any of columns (default: all columns).",
  resourceHint: "cpu_bound",
  params: { columns: { ...COLUMN_LIST, description: "Columns to test (default: all)." } },
  minInputs: 1,
  columns: sameColumns("columns"),
  inputColumns: rowTestColumns("columns"),
  run(ctx) {
    const table = inputTable(ctx);
    const given = stringList(ctx.params.columns);
    requireColumns(table, ctx, "columns", given);
    // Columns that cannot hold a null (no nulls, and no NaN possible) need no test.
    const columns = (given.length ? given : table.columnNames()).filter((c) => {
      const col = columnData(table, c);
      return col.nullCount > 0 || !(col.dict || col.int64 || col.epochMs);
    });
    const tests = columns.map((c) => nullTester(columnData(table, c)));
    if (tests.length === 0) return table;
    const rows = filterRows(table, (r) => {
      for (const t of tests) if (t(r)) return false;
      return true;
    }, ctx.signal);
    return gatherTable(table, rows);
  },
};
