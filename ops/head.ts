/**
 * `head {n}`: the first n rows.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { inputTable } from "../lib/ops_util/params.ts";
import { rowRange } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Keeps the first `n` rows (default 5). */
export const head: Operation = {
  name: "head",
  description: "Keeps the first n rows (default 5).",
  resourceHint: "cpu_bound",
  params: { n: { type: "integer", minimum: 0, default: 5, description: "How many rows to keep." } },
  minInputs: 1,
  columns: (ctx) => ctx.input,
  inputColumns: passThrough(),
  inputRows(params, used) {
    const n = Number(params.n ?? 5);
    if (!Number.isInteger(n) || n < 0) return undefined;
    return used === undefined ? n : Math.min(n, used);
  },
  run(ctx) {
    const table = inputTable(ctx);
    const n = Math.min(table.numRows(), Number(ctx.params.n ?? 5));
    return gatherTable(table, rowRange(table, 0, n));
  },
};
