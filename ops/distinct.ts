/**
 * `distinct {columns?}` (alias `drop_duplicates`): keeps the first row of
 * each distinct combination of `columns` (default: all columns), in table order.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { groupRows } from "../lib/ops_util/keys.ts";
import { COLUMN_LIST, inputTable, requireColumns, sameColumns, stringList } from "../lib/ops_util/params.ts";
import { activeRows } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { rowTestColumns } from "../lib/ops_util/input_columns.ts";

/** Removes duplicate rows; two nulls count as equal. */
export const distinct: Operation = {
  name: "distinct",
  aliases: ["drop_duplicates"],
  description: "Keeps the first row of each distinct combination of columns (default all); nulls count as equal.",
  resourceHint: "cpu_bound",
  params: { columns: { ...COLUMN_LIST, description: "Columns that define a duplicate (default: all). All columns are kept." } },
  minInputs: 1,
  columns: sameColumns("columns"),
  inputColumns: rowTestColumns("columns"),
  run(ctx) {
    const table = inputTable(ctx);
    const given = stringList(ctx.params.columns);
    requireColumns(table, ctx, "columns", given);
    const columns = given.length ? given : table.columnNames();
    const rows = activeRows(table);
    const { first } = groupRows(table, columns, rows);
    const keep = rows ? Int32Array.from(first, (p) => rows[p]) : first;
    return gatherTable(table, keep);
  },
};
