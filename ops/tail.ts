/**
 * `tail {n}`: the last n rows.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { inputTable } from "../lib/ops_util/params.ts";
import { rowRange } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Keeps the last `n` rows (default 5), in their order. */
export const tail: Operation = {
  name: "tail",
  description: "Keeps the last n rows (default 5).",
  resourceHint: "cpu_bound",
  params: { n: { type: "integer", minimum: 0, default: 5, description: "How many rows to keep." } },
  minInputs: 1,
  columns: (ctx) => ctx.input,
  inputColumns: passThrough(),
  run(ctx) {
    const table = inputTable(ctx);
    const total = table.numRows();
    const n = Math.min(total, Number(ctx.params.n ?? 5));
    return gatherTable(table, rowRange(table, total - n, total));
  },
};
